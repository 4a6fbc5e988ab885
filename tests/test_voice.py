"""Read aloud (Vorlesen): the button in the pages, and reading in real Chromium.

Voices: Chromium runs with --enable-speech-dispatcher (tests/browser_helpers.py) and Debian's
speech-dispatcher with espeak-ng (installed by ./run test), so ``speechSynthesis.getVoices()``
lists real voices: German, Arabic, Persian, Ukrainian, Russian, Turkish and Kurmanji among them,
none for Pashto or Tigrinya. Whether the button or the "no voice" note shows is decided on those
real voices.

Speaking: headless Chromium hands text to speech-dispatcher, which has no sound device here, so
an utterance starts but never ends. The reading tests therefore replace ``speak``/``cancel`` of
``window.speechSynthesis`` with a recorder (an init script, RECORDER below) that keeps the real
``getVoices()`` and real ``SpeechSynthesisUtterance`` objects, logs every utterance (text, lang,
voice) to the test and ends the current one when the test says so. The site's own code
(wegweiser.js, voice.js) runs unchanged against it.
"""

from __future__ import annotations

import gzip
import re

import pytest

from conftest import soup
from generator.localize import Localizer

PAGES = {  # page type: path in a language's folder (fixture project)
    "offer": "angebote/jobcenter-test/",
    "municipality": "gemeinden/musterdorf/",
    "category": "gemeinden/musterdorf/work/",
    "plan": "plan/",
    "info": "info/about/",
}

RECORDER = """
(() => {
  const real = window.speechSynthesis;
  const record = (entry) => {
    window.voiceRecord(entry);
    // also kept in the tab: a call to the test may not leave a page that is being unloaded
    sessionStorage.setItem("voice-log", JSON.stringify(JSON.parse(sessionStorage.getItem("voice-log") || "[]").concat([entry])));
  };
  let queue = [];
  let current = null;
  const next = () => {
    current = queue.shift() || null;
    if (current) current.dispatchEvent(new SpeechSynthesisEvent("start", { utterance: current }));
  };
  const recorder = {
    getVoices: () => real.getVoices(),
    addEventListener: (...args) => real.addEventListener(...args),
    removeEventListener: (...args) => real.removeEventListener(...args),
    speak(u) {
      record({ type: "speak", text: u.text, lang: u.lang, voice: u.voice ? u.voice.lang : null });
      queue.push(u);
      if (!current) next();
    },
    cancel() {
      record({ type: "cancel" });
      const dropped = (current ? [current] : []).concat(queue);
      current = null;
      queue = [];
      dropped.forEach((u) => u.dispatchEvent(new SpeechSynthesisErrorEvent("error", { utterance: u, error: "interrupted" })));
    },
    pause() { record({ type: "pause" }); },
    resume() { record({ type: "resume" }); },
    get speaking() { return !!current; },
    get pending() { return queue.length > 0; },
    get paused() { return false; },
  };
  Object.defineProperty(window, "speechSynthesis", { value: recorder, configurable: true });
  window.voiceEnd = () => {  // the current utterance has been spoken
    const u = current;
    if (!u) return false;
    current = null;
    u.dispatchEvent(new SpeechSynthesisEvent("end", { utterance: u }));
    if (!current) next();
    return true;
  };
})();
"""
HOW = ("To add a voice on Android: open Settings, search for “Text-to-speech” and install the voice data for your language."
       " On iPhone: Settings › Accessibility › Spoken Content › Voices.")
HIGHLIGHT = "() => { const h = CSS.highlights.get('ww-voice'); return h ? [...h][0].toString() : null; }"


class Speech:
    """A phone context whose pages speak into a recorder; ``log`` is what they said, in order."""

    def __init__(self, new_context, **options) -> None:
        self.log: list[dict] = []
        self.requests: list[str] = []
        self.context = new_context(**options)
        self.context.expose_function("voiceRecord", lambda entry: self.log.append(entry))
        self.context.add_init_script(RECORDER)
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()

    def open(self, url: str) -> None:
        from playwright.sync_api import expect

        self.page.goto(url)
        expect(self.page.locator(".ww-voice-read")).to_be_visible(timeout=60_000)  # speech-dispatcher starts

    def spoken(self) -> list[dict]:
        return [entry for entry in self.log if entry["type"] == "speak"]

    def read_all(self) -> list[tuple[str, str]]:
        """Tap "read aloud" and let every sentence end; (text, primary language of the utterance)."""
        self.page.click(".ww-voice-read")
        self.page.wait_for_function("() => speechSynthesis.speaking")
        while self.page.evaluate("() => window.voiceEnd()"):
            pass
        return [(entry["text"], entry["lang"].split("-")[0]) for entry in self.spoken()]


def test_the_button_is_in_the_page_hidden_with_its_note_and_costs_little(built_fixture):
    for lang in ("de", "en", "ar"):
        l10n = Localizer(lang)
        for kind, path in PAGES.items():
            page = built_fixture / lang / path / "index.html"
            html = soup(page)
            boxes = html.select(".ww-voice")
            assert len(boxes) == 1, (lang, kind)
            box = boxes[0]
            assert box.has_attr("hidden") and box.select_one("button.ww-voice-read").has_attr("hidden")
            assert box.select_one("button.ww-voice-read").get_text() == l10n.gettext("Read aloud")
            note = box.select_one("details.ww-voice-none")
            assert note.has_attr("hidden")
            assert note.summary.get_text() == l10n.gettext("Read aloud: this phone has no voice for this language.")
            assert note.p.get_text() == l10n.gettext(HOW)
            assert box["data-to"] == l10n.gettext("%(start)s to %(end)s")
            # the script that reads is not part of the page: it loads at the first tap
            assert not [s for s in html.find_all("script", src=True) if "voice.js" in s["src"]]
            # a few hundred bytes at most in the page (gzip, what a phone transfers)
            text = page.read_text(encoding="utf-8")
            without, cut = re.subn(r'<div class="ww-voice".*?</details></div>', "", text, flags=re.S)
            assert cut == 1
            assert len(gzip.compress(text.encode(), 6)) - len(gzip.compress(without.encode(), 6)) < 400, (lang, kind)
        assert not soup(built_fixture / lang / "index.html").select(".ww-voice")  # not on the home page
    assert (built_fixture / "de" / "assets" / "javascripts" / "voice.js").is_file()


@pytest.mark.browser
def test_a_german_offer_page_is_read_sentence_by_sentence_with_digits_and_times(new_context, fixture_origin):
    speech = Speech(new_context)
    speech.open(f"{fixture_origin}/de/angebote/jobcenter-test/")
    assert not [url for url in speech.requests if url.endswith("/voice.js")]  # not before the tap
    said = speech.read_all()
    assert [url for url in speech.requests if url.endswith("/de/assets/javascripts/voice.js")]
    texts = [text for text, _ in said]
    assert texts[0] == "Jobcenter Testkreis"
    assert {lang for _, lang in said} == {"de"}
    assert all(entry["voice"] and entry["voice"].split("-")[0] == "de" for entry in speech.spoken())  # a real German voice
    expected = [
        "0 7 2 3 1, 3 0 8, 0",  # phone numbers digit by digit, groups as pauses
        "+ 4 9, 7 2 3 1, 3 0 8, 1",
        "Teststraße 1, 7 5 1 7 7 Pforzheim",  # the German box: house number and postcode digit by digit
        "Montag, 8:00 bis 12:00",  # times as times, in the page's language
        "Donnerstag, 14:00 bis 18:00",
        "Samstag, geschlossen",
        "Hilfe bei der Arbeitssuche.",
    ]
    positions = [texts.index(text) for text in expected]
    assert positions == sorted(positions)  # in the order of the page
    # not read: buttons, the map's consent, sharing, the report form
    assert "Zu meinem Plan hinzufügen" not in texts and "Karte anzeigen" not in texts
    assert not [text for text in texts if "QR" in text or "Teilen" in text]


@pytest.mark.browser
def test_an_arabic_page_reads_german_names_and_addresses_with_a_german_voice(new_context, fixture_origin):
    speech = Speech(new_context, locale="ar")
    speech.open(f"{fixture_origin}/ar/angebote/jobcenter-test/")
    said = speech.read_all()
    assert said[0] == ("Jobcenter Testkreis", "de")  # the German name, not translated in the fixture
    for item in [
        ("العنوان", "ar"),
        ("Teststraße 1, 7 5 1 7 7 Pforzheim", "de"),
        ("الاثنين, من 8:00 إلى 12:00", "ar"),
        ("Landratsamt Testkreis", "de"),
        ("Hilfe bei der Arbeitssuche.", "de"),  # the German text shown where the translation is missing
    ]:
        assert item in said
    assert {lang for _, lang in said} == {"ar", "de"}
    for entry in speech.spoken():  # each utterance with a real voice of its own language
        assert entry["voice"].split("-")[0] == entry["lang"].split("-")[0]


@pytest.mark.browser
def test_the_sentence_being_read_is_highlighted_and_scrolled_into_view(new_context, fixture_origin):
    speech = Speech(new_context)
    speech.open(f"{fixture_origin}/de/angebote/jobcenter-test/")
    page = speech.page
    page.click(".ww-voice-read")
    page.wait_for_function("() => speechSynthesis.speaking")
    assert page.evaluate(HIGHLIGHT) == "Jobcenter Testkreis"
    while speech.spoken()[-1]["text"] != "0 7 2 3 1, 3 0 8, 0":
        assert page.evaluate("() => window.voiceEnd()")
    assert page.evaluate(HIGHLIGHT) == "07231 308-0"  # what is spoken is what is marked
    while speech.spoken()[-1]["text"] != "Sonntag, geschlossen":
        assert page.evaluate("() => window.voiceEnd()")
    assert re.fullmatch(r"Sonntag\s+geschlossen", page.evaluate(HIGHLIGHT))
    # far down the page, and in view
    page.wait_for_function("""() => {
      const r = [...CSS.highlights.get('ww-voice')][0].getBoundingClientRect();
      return scrollY > 0 && r.top >= 0 && r.bottom <= innerHeight;
    }""")


@pytest.mark.browser
def test_pause_continue_and_stop(new_context, fixture_origin):
    from playwright.sync_api import expect

    speech = Speech(new_context)
    speech.open(f"{fixture_origin}/de/angebote/jobcenter-test/")
    page = speech.page
    page.click(".ww-voice-read")
    page.wait_for_function("() => speechSynthesis.speaking")
    page.evaluate("() => window.voiceEnd()")
    page.wait_for_function("() => speechSynthesis.speaking")
    second = speech.spoken()[-1]["text"]
    pause = page.locator(".ww-voice-pause")
    expect(pause).to_be_focused()
    expect(page.locator(".ww-voice-read")).to_be_hidden()
    pause.click()
    expect(pause).to_have_text("Weiter")
    expect(pause).to_have_attribute("aria-pressed", "true")
    assert speech.log[-1] == {"type": "cancel"}
    assert not page.evaluate("() => speechSynthesis.speaking")
    count = len(speech.spoken())
    page.wait_for_timeout(300)  # nothing more is said while paused
    assert len(speech.spoken()) == count
    pause.click()  # continue: the same sentence again, from its start
    expect(pause).to_have_text("Pause")
    page.wait_for_function("() => speechSynthesis.speaking")
    assert speech.spoken()[-1]["text"] == second and len(speech.spoken()) == count + 1
    page.click(".ww-voice-stop")
    assert speech.log[-1] == {"type": "cancel"}
    expect(page.locator(".ww-voice-read")).to_be_visible()
    expect(page.locator(".ww-voice-read")).to_be_focused()
    expect(page.locator(".ww-voice-controls")).to_be_hidden()
    assert page.evaluate("() => CSS.highlights.has('ww-voice')") is False
    page.click(".ww-voice-read")  # and again from the top
    page.wait_for_function("() => speechSynthesis.speaking")
    assert speech.spoken()[-1]["text"] == "Jobcenter Testkreis"


@pytest.mark.browser
def test_reading_stops_when_the_reader_leaves_the_page(new_context, fixture_origin):
    speech = Speech(new_context)
    speech.open(f"{fixture_origin}/de/gemeinden/musterdorf/")
    page = speech.page
    said = speech.read_all()
    assert said[0] == ("Musterdorf", "de")
    # a card: name, address (house number and postcode digit by digit), directions, phone
    assert ("Rathaus Musterdorf, Marktplatz 1, 7 5 9 9 9 Musterdorf, Weg dorthin, Anrufen 0 7 2 3 1, 4 8 8 6, 0", "de") in said
    assert ("Andere Sprache", "de") in said and ("العربية", "ar") not in said  # a closed <details> keeps its content
    speech.log.clear()
    page.click(".ww-voice-read")
    page.wait_for_function("() => speechSynthesis.speaking")
    assert speech.log[-1]["type"] == "speak"
    page.click(".ww-card-title >> nth=0")  # the reader follows a link
    page.wait_for_url("**/angebote/**")
    page.wait_for_function("() => document.readyState === 'complete'")
    kept = page.evaluate("() => JSON.parse(sessionStorage.getItem('voice-log'))")
    assert kept[-2]["type"] == "speak" and kept[-1] == {"type": "cancel"}  # the old page cancelled its speech as it left


@pytest.mark.browser
@pytest.mark.parametrize("kind", ["category", "plan", "info"])
def test_category_plan_and_info_pages_are_read_from_their_title(new_context, fixture_origin, built_fixture, kind):
    title = soup(built_fixture / "en" / PAGES[kind] / "index.html").select_one("article h1").get_text(" ", strip=True)
    speech = Speech(new_context, locale="en")
    speech.open(f"{fixture_origin}/en/{PAGES[kind]}")
    said = speech.read_all()
    assert title in " ".join(text for text, _ in said[:3])  # the title, at the top (German names in it on their own)
    assert said[0][1] in ("en", "de")


@pytest.fixture(scope="module")
def pashto_origin(built_fixture_pashto):
    from browser_helpers import serve_folder

    with serve_folder(built_fixture_pashto) as origin:
        yield origin


@pytest.mark.browser
def test_without_a_voice_for_the_language_a_note_says_how_to_add_one(new_context, pashto_origin):
    """Real voices (speech-dispatcher + espeak-ng): none for Pashto, so the note; German has one."""
    from playwright.sync_api import expect

    context = new_context(locale="ps")
    page = context.new_page()
    page.goto(f"{pashto_origin}/de/angebote/jobcenter-test/")
    expect(page.locator(".ww-voice-read")).to_be_visible(timeout=60_000)
    expect(page.locator(".ww-voice-none")).to_be_hidden()
    languages = set(page.evaluate("() => speechSynthesis.getVoices().map((v) => v.lang.split('-')[0])"))
    assert {"de", "ar", "fa", "uk", "ru", "tr", "ku"} <= languages and not {"ps", "ti"} & languages
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page.goto(f"{pashto_origin}/ps/angebote/jobcenter-test/")
    note = page.locator(".ww-voice-none")
    expect(note).to_be_visible(timeout=60_000)
    expect(page.locator(".ww-voice-read")).to_be_hidden()
    l10n = Localizer("ps")
    expect(note.locator("summary")).to_have_text(l10n.gettext("Read aloud: this phone has no voice for this language."))
    note.locator("summary").click()
    expect(note.locator("p")).to_be_visible()
    expect(note.locator("p")).to_have_text(l10n.gettext(HOW))
    assert not [url for url in requests if url.endswith("/voice.js")]


@pytest.mark.browser
def test_after_the_first_use_reading_works_without_a_network(new_context, fixture_origin):
    """voice.js goes through the service worker at the first tap, which keeps it like any asset."""
    from playwright.sync_api import expect

    from test_offline import RECORD_MESSAGES, cut_network, view

    speech = Speech(new_context)
    speech.context.add_init_script(RECORD_MESSAGES)
    url = f"{fixture_origin}/de/angebote/jobcenter-test/"
    view(speech.page, url)  # the worker controls the page and has kept it
    script = f"{fixture_origin}/de/assets/javascripts/voice.js"
    assert speech.page.evaluate("(url) => caches.match(url).then(Boolean)", script) is False  # not before the tap
    speech.open(url)
    speech.page.click(".ww-voice-read")
    speech.page.wait_for_function("() => speechSynthesis.speaking")
    # caches.match is asynchronous (wait_for_function would take the promise for true): wait in the page
    assert speech.page.evaluate("""async (url) => {
      for (const end = Date.now() + 15000; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
        if (await caches.match(url)) return true;
      }
      return false;
    }""", script)
    cut_network(speech.context, speech.page)
    later = speech.context.new_page()
    later.goto(url)
    expect(later.locator(".ww-offline-notice")).to_be_visible()  # the saved copy, no network
    expect(later.locator(".ww-voice-read")).to_be_visible(timeout=60_000)
    count = len(speech.spoken())
    later.click(".ww-voice-read")
    later.wait_for_function("() => speechSynthesis.speaking")
    assert speech.spoken()[count]["text"] == "Jobcenter Testkreis"


LATE_VOICES = """
(() => {
  // a phone that lists its voices late: none at first, then the test calls window.voicesArrive(langs)
  let voices = [];
  const listeners = [];
  const late = {
    getVoices: () => voices,
    addEventListener: (type, f) => { if (type === "voiceschanged") listeners.push(f); },
    removeEventListener() {},
    speak() {}, cancel() {}, pause() {}, resume() {},
    speaking: false, pending: false, paused: false,
  };
  Object.defineProperty(window, "speechSynthesis", { value: late, configurable: true });
  window.voicesArrive = (langs) => {
    voices = langs.map((lang) => ({ lang, name: lang, localService: true, default: false, voiceURI: lang }));
    listeners.forEach((f) => f(new Event("voiceschanged")));
  };
})();
"""


@pytest.mark.browser
@pytest.mark.parametrize("kind", ["offer", "plan"])
def test_nothing_moves_when_the_voices_arrive_late(new_context, fixture_origin, kind):
    """The box holds the button's and the note's place while hidden: the note after 3 s without
    voices, then the button when voices come, and the content under it stays where it was painted."""
    from playwright.sync_api import expect

    from browser_helpers import RECORD_SHIFTS, painted

    page = new_context().new_page()
    page.add_init_script(RECORD_SHIFTS)
    page.add_init_script(LATE_VOICES)
    page.goto(f"{fixture_origin}/de/{PAGES[kind]}", wait_until="load")
    box = page.locator(".ww-voice")
    below = "() => document.querySelector('.ww-voice').nextElementSibling.getBoundingClientRect().top"
    expect(box).to_be_hidden()
    top = page.evaluate(below)
    assert box.bounding_box()["height"] >= 44
    note = page.locator(".ww-voice-none")
    expect(note).to_be_visible(timeout=10_000)  # no voices after 3 s: the note
    assert page.evaluate(below) == top
    page.evaluate("() => window.voicesArrive(['de-DE', 'en-GB'])")
    expect(page.locator(".ww-voice-read")).to_be_visible()
    expect(note).to_be_hidden()
    assert page.evaluate(below) == top
    painted(page)
    assert sum(page.evaluate("window.__shifts")) < 0.001
