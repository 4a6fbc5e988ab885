"""The editing app under /redaktion/ (Decap CMS), driven in real Chromium against its local backend.

decap-server (npm, editor/package.json) serves a copy of the fixture project on a free port of
127.0.0.1; the app's files and its configuration (generator/editor.py) are written by the writer
into a folder served on 127.0.0.1, as `wegweiser build` writes them into site/redaktion/. One
browser context, logged in once; the tests move between the app's views by their addresses
(same document), in file order.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from conftest import REPO, TODAY, make_project, soup
from generator.errors import WegweiserError

EDITOR = REPO / "editor"
DECAP_SERVER = EDITOR / "node_modules" / "decap-server" / "dist" / "index.js"
WEGWEISER = Path(sys.executable).with_name("wegweiser")
HOURS_CHECK = ("vendor/opening_hours/suncalc.js", "vendor/opening_hours/opening_hours.js", "opening-hours-check.js")


# -- without a browser --------------------------------------------------------------------------


def test_vendored_files_are_the_ones_named_in_the_readme():
    """Every vendored file of the app is listed with its sha256, and its bytes match."""
    table = (EDITOR / "vendor" / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([^`]+)` \|.*\| `([0-9a-f]{64})` \|$", table, re.M)
    listed = dict(rows)
    assert "decap-cms/decap-cms.js" in listed and "opening_hours/opening_hours.js" in listed
    for rel, digest in listed.items():
        assert hashlib.sha256((EDITOR / "vendor" / rel).read_bytes()).hexdigest() == digest, rel
    for folder in ("decap-cms", "opening_hours"):
        for path in (EDITOR / "vendor" / folder).iterdir():
            assert f"{folder}/{path.name}" in listed, f"{folder}/{path.name} fehlt in editor/vendor/README.md"
    # the version the README names is the bundle's own
    version = re.search(r"decap-cms (3\.\d+\.\d+)", table)[1]
    assert f'console.log("decap-cms {version}")' in (EDITOR / "vendor/decap-cms/decap-cms.js").read_text(encoding="utf-8")
    assert (EDITOR / "vendor/decap-cms/LICENSE").read_text(encoding="utf-8").count("MIT License") == 1


def test_configuration_is_made_from_the_schema(project):
    from generator import editor, schema
    from generator.build import load_valid
    from generator.jsonschema import vocabulary

    d = load_valid(project, TODAY)
    config = editor.config(d, local_port=9999)
    assert config["backend"]["name"] == "github" and config["publish_mode"] == "editorial_workflow"
    assert config["local_backend"] == {"url": "http://127.0.0.1:9999/api/v1"}
    by_name = {c["name"]: c for c in config["collections"]}
    # one collection of offers per municipality folder, and the district's, named like the place
    for m in d.municipalities:
        offers = by_name[f"offers-{m.slug}"]
        assert offers["label"] == m.name and offers["folder"] == f"municipalities/{m.slug}/offers"
    assert by_name["offers-enzkreis"]["folder"] == "municipalities/enzkreis/offers"
    offers = by_name["offers-musterdorf"]
    # the list shows each offer's last check, oldest first
    assert "{{fields.verified}}" in offers["summary"]
    assert offers["sortable_fields"][0] == {"field": "verified", "label": "Zuletzt geprüft", "default_sort": "asc"}
    due = re.compile(offers["view_filters"][0]["pattern"])  # TODAY 2026-11-28: due when checked before 2025-11-28
    assert due.match("2025-11-27") and due.match("2018-06-22") and not due.match("2025-11-28")
    assert not due.match("2026-02-01")
    form = {f["name"]: f for f in offers["fields"]}
    assert list(form) == list(schema.OFFER_FIELDS)  # every field of the schema, in its order
    v = vocabulary(d)
    for name, descriptor in schema.OFFER_FIELDS.items():
        if descriptor.required:
            assert form[name] == descriptor.widget_for(name, v)  # required fields exactly as the schema says
    name = form["name"]
    assert [(f["name"], f["label"], f["required"]) for f in name["fields"]] == [
        ("de", "Deutsch", True), ("en", "Englisch (English)", False), ("ar", "Arabisch (العربية)", False)]
    assert form["phone"]["widget"] == "list" and "07231 308-0" in form["phone"]["field"]["pattern"][1]
    assert form["opening_hours"]["widget"] == "opening_hours"
    assert [o["value"] for o in form["serves"]["options"]] == ["enzkreis", *(m.slug for m in d.municipalities)]
    assert [o["value"] for o in form["categories"]["options"]] == [c.id for c in d.categories]
    assert "Arabisch (ar)" in [o["label"] for o in form["languages"]["options"]]
    assert form["source"]["required"] and form["verified"]["required"]
    assert form["verified"]["format"] == "YYYY-MM-DD"
    # an optional group may stay empty: nothing inside it is required in the form
    assert not any(f["required"] for f in form["address"]["fields"] + form["description"]["fields"])
    # the other collections; every format the config names is one app.js registers (settings.js)
    assert by_name["municipalities"]["files"][0]["file"].endswith("/municipality.yml")
    assert by_name["district"]["files"][0]["file"] == "municipalities/enzkreis/district.yml"
    assert by_name["categories"]["files"][0]["fields"][0]["name"] == "items"
    assert by_name["redirects"]["files"][0]["file"] == "content/redirects.yml"
    assert by_name["pages"]["folder"] == "content/pages" and by_name["pages"]["format"] == "frontmatter"
    settings = editor.generated(d)["settings.js"]
    formats = json.loads(re.search(r"export const FORMATS = (.*);\n", settings)[1])
    for c in config["collections"]:
        if c["format"] != "frontmatter":
            assert c["format"].removeprefix("wegweiser-") in formats
    assert json.loads(re.search(r"export const DIRECTIONS = (.*);\n", settings)[1]) == {"de": "ltr", "en": "ltr", "ar": "rtl"}
    # config.yml writes the offers' form once and refers to it from every folder's collection
    text = editor.generated(d, local_port=9999)["config.yml"]
    assert yaml.safe_load(text) == config
    assert text.count("name: opening_hours") == 1 and text.count("fields: *") >= len(d.municipalities)
    assert len(d.municipalities) >= 2 and text.count("name: ags") == 1  # every town's file, one form


def test_hosted_backend_comes_from_mkdocs_yml(project):
    """GitHub backend: the repository from repo_url, the sign-in service from extra.wegweiser.editor_auth_url."""
    from generator import editor
    from generator.build import load_valid

    config_file = project / "mkdocs.yml"
    text = config_file.read_text(encoding="utf-8")
    text = text.replace("site_name:", "repo_url: https://github.com/landratsamt-enzkreis/wegweiser\nsite_name:", 1)
    text = text.replace("  wegweiser:\n", "  wegweiser:\n    editor_auth_url: https://anmeldung.example.org/\n", 1)
    config_file.write_text(text, encoding="utf-8")
    backend = editor.config(load_valid(project, TODAY))["backend"]
    assert backend == {"name": "github", "branch": "main", "repo": "landratsamt-enzkreis/wegweiser",
                       "base_url": "https://anmeldung.example.org"}
    config_file.write_text(text.replace("https://anmeldung.example.org/", "http://anmeldung.example.org/"), encoding="utf-8")
    with pytest.raises(WegweiserError) as refused:
        load_valid(project, TODAY)
    assert [p.message for p in refused.value.problems] == [
        "muss die Adresse des Anmeldedienstes sein, beginnt mit https://"]


def test_no_public_page_loads_the_app(built_fixture):
    from generator import editor, offline

    app = built_fixture / "redaktion"
    page = soup(app / "index.html")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"] == editor.POLICY
    for element in page.find_all(["script", "link"]):
        ref = element.get("src") or element.get("href")
        if ref and not ref.startswith("data:"):
            assert "//" not in ref and not ref.startswith(("/", "..")), ref
            assert (app / ref).is_file(), ref  # every file the page loads is under /redaktion/
    for rel in ("config.yml", "settings.js", "app.js", "house-format.js", "vendor/decap-cms/decap-cms.js"):
        assert (app / rel).is_file()
    public = [p for p in built_fixture.rglob("*.html") if "redaktion" not in p.relative_to(built_fixture).parts]
    assert len(public) > 20
    for path in public:
        html = path.read_text(encoding="utf-8")
        assert "redaktion/" not in html, path  # no link, script or style of the app
        policy = soup(path).find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        if policy is not None:
            for wider in ("unsafe-eval", "unsafe-inline", "api.github.com", "127.0.0.1"):
                assert wider not in policy["content"], path
    # the service worker neither keeps nor serves the app, and the app does not make its version
    worker = (built_fixture / offline.WORKER).read_text(encoding="utf-8")
    assert 'const EDITOR = "redaktion/";' in worker
    assert "if (request.url.startsWith(ROOT + EDITOR)) return;" in worker
    assert not offline.is_versioned("redaktion/vendor/decap-cms/decap-cms.js")
    assert not offline.is_versioned("redaktion/index.html")


# -- the opening-hours check: the Python validator and the app's check agree ---------------------

INVALID_HOURS = [
    "Mo-Fr 25:00-26:00", "Mo-Fr 26:00-27:00", "abc", "", "Mo-Fr 08:00-", "Mo 12:00", "Mo-Fr 8-12",
    "Mo-Fr 08:00-12:00;", "Mon-Fri 08:00-12:00", "Mo-Fr 08.00-12.00", "Montag 08:00-12:00",
    "Mo-Fr 08:00-12:00 Uhr", "nach Vereinbarung", "Mo–Fr 08:00–12:00",
]
VALID_HOURS = [
    "Mo-Fr 08:00-12:00; PH off", "Mo-Fr 22:00-02:00", "Mo-Fr 08:00-24:00", "Mo-Fr 08:00-12:00, 14:00-16:00",
    "Jan-Mar Mo 10:00-12:00", 'Mo-Fr 08:00-12:00 || "nach Vereinbarung"', "PH off", "off", "sunrise-sunset",
    'Mo-Fr 08:00-12:00 "nur mit Termin"', "Mo[2] 10:00-12:00", "Mo-Fr 09:00+", "Tu 10:00-12:00 unknown",
    "Sa,Su,PH off", "Mo-Fr 08:00-12:00; Sa[-1] 09:00-11:00", "2026 Dec 24 off", "easter off",
    "Mo-Fr 8:00-12:00", "mo-fr 08:00-12:00", "Mo-Fr 08:00-12:00;Th 14:00-18:00", "Mo-Sa",
]
# Where the two parsers differ (the app is stricter): opening_hours.js warns that "Mo-Sa" gives
# no time of day ("Diese Regel ist nicht sehr aussagekräftig …"); the Rust parser reads it as open
# all day on those days. Every other string of the corpus gets the same answer from both.
KNOWN_DIFFERENCES = {"Mo-Sa": "valid in `wegweiser validate`, refused by the app"}


def hours_corpus() -> list[str]:
    shipped = set()
    for root in (REPO, REPO / "tests" / "fixtures" / "project"):
        for path in (root / "municipalities").glob("*/offers/*.yml"):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and isinstance(data.get("opening_hours"), str):
                shipped.add(data["opening_hours"])
    assert len(shipped) >= 10
    return sorted(shipped) + INVALID_HOURS + VALID_HOURS


def test_opening_hours_check_agrees_with_validate(tmp_path):
    """The corpus through Python's check (Rust parser) and the app's (opening_hours.js, in node)."""
    from generator.opening_hours import opening_hours_problem

    corpus = hours_corpus()
    script = (
        "const vm = require('vm'), fs = require('fs');"
        "for (const f of JSON.parse(process.argv[2])) vm.runInThisContext(fs.readFileSync(f, 'utf8'), {filename: f});"
        "const values = JSON.parse(fs.readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(values.map((v) => WegweiserOpeningHours.problem(v))));"
    )
    files = json.dumps([str(EDITOR / rel) for rel in HOURS_CHECK])
    runner = tmp_path / "check.cjs"  # a file, not `node -e`: there `module` is global and the UMD build takes it
    runner.write_text(script, encoding="utf-8")
    done = subprocess.run(["node", str(runner), files], input=json.dumps(corpus), capture_output=True, text=True,
                          timeout=60, check=True)
    app = dict(zip(corpus, json.loads(done.stdout)))
    differ = {}
    for value in corpus:
        python = opening_hours_problem(value)
        if (python is None) != (app[value] is None):
            differ[value] = "valid in `wegweiser validate`, refused by the app" if python is None else "refused by `wegweiser validate`, valid in the app"
        elif python is not None:  # the same message, up to the parser's own detail
            assert app[value].split("Parser: ")[0] == python.split("Parser: ")[0]
    assert differ == KNOWN_DIFFERENCES
    assert all(app[v] for v in INVALID_HOURS)


# -- in Chromium, against decap-server ------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def backend_ready(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    request = urllib.request.Request(url, data=b'{"action":"info"}', headers={"Content-Type": "application/json"})
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"decap-server ended: {process.stdout.read()}")
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                if json.load(response).get("type") == "local_fs":
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("decap-server did not answer")


@pytest.fixture(scope="module")
def app(tmp_path_factory, chromium):
    """The app logged in to the local backend: (page, project folder, origin, CSP violations)."""
    from browser_helpers import TIMEOUT_MS, serve_folder

    from generator import editor, writer
    from generator.build import load_valid

    assert DECAP_SERVER.is_file(), "decap-server fehlt: ./run test installiert es (npm ci --prefix editor)"
    base = tmp_path_factory.mktemp("editor")
    project = make_project(base / "project")
    # the fixture's files in the house format, as the shipped data are (`wegweiser format`)
    subprocess.run([str(WEGWEISER), "--root", str(project), "format"], check=True, capture_output=True, timeout=120)
    port = free_port()
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "GIT_REPO_DIRECTORY": str(project),
           "LOG_LEVEL": "warn"}
    server = subprocess.Popen(["node", str(DECAP_SERVER)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        backend_ready(f"http://127.0.0.1:{port}/api/v1", server)
        site = base / "site"
        directory = load_valid(project, TODAY)
        writer.copy_files(editor.SOURCE, site / editor.SITE_DIR, editor.app_files(), editor.app_file)
        for rel, content in editor.generated(directory, local_port=port).items():
            writer.write_if_changed(site / editor.SITE_DIR / rel, content)
        with serve_folder(site) as origin:
            context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
            context.set_default_timeout(TIMEOUT_MS)
            page = context.new_page()
            violations: list[str] = []
            page.on("console", lambda m: m.text.startswith("CSP:") and violations.append(m.text))
            page.on("dialog", lambda dialog: dialog.accept())  # "leave with unsaved changes?"
            page.add_init_script(
                "document.addEventListener('securitypolicyviolation', "
                "e => console.log('CSP: ' + e.violatedDirective + ' ' + e.blockedURI))")
            page.goto(f"{origin}/redaktion/")
            page.get_by_role("button", name="Login").click()  # the local backend asks for no password
            page.get_by_text("Inhaltstypen").wait_for()
            yield page, project, origin, violations
            context.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


def field(page, label: str, nth: int = 0):
    """The input of the form field labelled ``label`` (Decap adds " (optional)")."""
    ids = page.eval_on_selector_all(
        "label",
        "(labels, text) => labels.filter(l => l.textContent.trim().replace(/ \\(optional\\)$/i, '') === text)"
        ".map(l => l.htmlFor)",
        label,
    )
    assert len(ids) > nth, f"kein Feld {label!r}"
    return page.locator(f"#{ids[nth]}")


def open_view(page, origin: str, view: str, heading: str | None = None) -> None:
    """Go to a view of the app (a new address in the same document: no page load).

    ``heading``: an entry's form is ready when its preview shows this German name.
    """
    from playwright.sync_api import expect

    if heading is not None:  # through the list: Decap's editor keeps its entry when only the address changes
        collection = re.sub(r"/(new|entries/.*)$", "", view)
        page.goto(f"{origin}/redaktion/#/{collection}")
        page.get_by_text("Sortieren nach").wait_for()
    page.goto(f"{origin}/redaktion/#/{view}")
    if heading is not None:
        expect(page.frame_locator("iframe").locator("h1")).to_have_text(heading)


def publish(page) -> None:
    page.get_by_role("button", name="Veröffentlichen").click()
    page.get_by_text("Jetzt veröffentlichen").click()


def wait_for(check, seconds: float = 15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError("nichts geschrieben")


def messages(page) -> list[str]:
    """The form's error messages (Decap lists them under each field)."""
    return page.eval_on_selector_all("ul li", "items => items.filter(i => !i.children.length).map(i => i.textContent.trim())")


@pytest.mark.browser
@pytest.mark.slow
def test_the_list_shows_each_offers_last_check(app):
    from playwright.sync_api import expect

    page, project, origin, violations = app
    open_view(page, origin, "collections/offers-musterdorf")
    for path in sorted((project / "municipalities/musterdorf/offers").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        page.get_by_text(f"{data['name']['de']} · zuletzt geprüft {data['verified'].isoformat()}").wait_for()
    # the filter "Prüfung fällig": only offers not checked for 12 months (TODAY 2026-11-28)
    page.get_by_role("button", name="Filtern nach").click()
    page.get_by_text("Prüfung fällig (älter als 12 Monate)").click()
    expect(page.get_by_text("Sprachcafé Musterdorf · zuletzt geprüft 2026-02-01")).to_have_count(0)
    expect(page.get_by_text("Rathaus Musterdorf · zuletzt geprüft 2018-06-22")).to_be_visible()
    page.keyboard.press("Escape")
    assert violations == []


@pytest.mark.browser
@pytest.mark.slow
def test_a_new_offer_in_german_and_arabic_validates_and_is_built(app):
    from generator.build import build
    from generator.loader import load_project
    from generator.validate import validate

    page, project, origin, violations = app
    folder = project / "municipalities/musterdorf/offers"
    before = {p.name for p in folder.glob("*.yml")}
    open_view(page, origin, "collections/offers-musterdorf/new", "(noch ohne Namen)")
    field(page, "Deutsch", 0).fill("Beratung für Geflüchtete")
    field(page, "Arabisch (العربية)", 0).fill("استشارة للاجئين")
    field(page, "Kategorien").click()
    page.keyboard.type("Beratung")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="telefon hinzufügen").click()
    field(page, "Telefonnummer").fill("07231 12345-0")
    field(page, "Öffnungszeiten").fill("Mo-Fr 09:00-12:00; We 14:00-16:00")
    page.get_by_role("button", name="quellen hinzufügen").click()
    field(page, "Titel").fill("Aushang im Rathaus")
    field(page, "Zuletzt geprüft").fill("2026-11-20")
    # the preview: the German name, the phone and the week in words (a later rule replaces a day)
    preview = page.frame_locator("iframe").locator("body")
    for text in ("Beratung für Geflüchtete", "Telefon 07231 12345-0", "Montag 09:00–12:00",
                 "Mittwoch 14:00–16:00", "Samstag geschlossen"):
        preview.get_by_text(text).first.wait_for()
    publish(page)
    new = wait_for(lambda: {p.name for p in folder.glob("*.yml")} - before)
    assert new == {"beratung-fur-gefluchtete.yml"}
    text = wait_for(lambda: (folder / "beratung-fur-gefluchtete.yml").read_text(encoding="utf-8"))  # written, not only made
    assert text.startswith("# yaml-language-server: $schema=../../../schema/offer.schema.json\n")
    data = yaml.safe_load(text)
    assert data["name"] == {"de": "Beratung für Geflüchtete", "ar": "استشارة للاجئين"}
    assert data["phone"] == ["07231 12345-0"] and data["categories"] == ["counselling"]
    assert str(data["verified"]) == "2026-11-20" and data["source"] == [{"title": "Aushang im Rathaus"}]
    assert validate(load_project(project), TODAY) == []  # `wegweiser validate` passes
    build(project, languages=["de", "ar"], today=TODAY)
    de = soup(project / "site/de/angebote/beratung-fur-gefluchtete/index.html")
    ar = soup(project / "site/ar/angebote/beratung-fur-gefluchtete/index.html")
    assert de.find("h1").get_text(strip=True) == "Beratung für Geflüchtete"
    assert "استشارة للاجئين" in ar.find("h1").get_text(" ", strip=True)
    assert violations == []


@pytest.mark.browser
@pytest.mark.slow
def test_texts_in_a_right_to_left_language_are_typed_right_to_left(app):
    page, project, origin, violations = app
    open_view(page, origin, "collections/offers-musterdorf/new", "(noch ohne Namen)")
    inputs = page.eval_on_selector_all(
        "label",
        """labels => labels.map(l => [l.textContent.trim().split(" ")[0], document.getElementById(l.htmlFor)])
            .filter(([language, input]) => input && ["Deutsch", "Englisch", "Arabisch"].includes(language))
            .map(([language, input]) => [language, input.tagName, input.lang, getComputedStyle(input).direction])""",
    )
    arabic = [i for i in inputs if i[0] == "Arabisch"]
    assert {tag for _, tag, _, _ in arabic} == {"INPUT", "TEXTAREA"}  # one-line names and longer texts
    assert all(lang == "ar" and direction == "rtl" for _, _, lang, direction in arabic), arabic
    others = [i for i in inputs if i[0] != "Arabisch"]
    assert len(others) >= 2 * len(arabic) - 2  # German is asked for in every text, English in most
    assert all(direction == "ltr" for _, _, _, direction in others), others
    field(page, "Arabisch (العربية)", 0).fill("استشارة")  # typing keeps the direction (React re-renders the input)
    assert field(page, "Arabisch (العربية)", 0).evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert violations == []


@pytest.mark.browser
@pytest.mark.slow
def test_editing_one_field_changes_only_its_lines(app):
    page, project, origin, violations = app
    path = project / "municipalities/musterdorf/offers/sprachcafe-musterdorf.yml"
    before = path.read_text(encoding="utf-8")
    open_view(page, origin, "collections/offers-musterdorf/entries/sprachcafe-musterdorf", "Sprachcafé Musterdorf")
    hours = field(page, "Öffnungszeiten")
    assert hours.input_value() == 'We 16:00-18:00; 2026 Dec 21-2027 Jan 08 off "Winterpause"'
    hours.fill('We 16:00-18:30; 2026 Dec 21-2027 Jan 08 off "Winterpause"')
    publish(page)
    after = wait_for(lambda: path.read_text(encoding="utf-8") != before and path.read_text(encoding="utf-8"))
    changed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:2] in ("- ", "+ ")]
    assert [line[:2] + line[2:].split(":")[0] for line in changed] == ["- opening_hours", "+ opening_hours"]
    assert yaml.safe_load(after)["opening_hours"] == 'We 16:00-18:30; 2026 Dec 21-2027 Jan 08 off "Winterpause"'
    assert violations == []


@pytest.mark.browser
@pytest.mark.slow
def test_still_correct_in_one_step_writes_what_wegweiser_confirm_writes(app, tmp_path):
    """"Noch aktuell" in the app: verified today, a source entry saying how and what was checked,
    unconfirmed gone; byte for byte the file `wegweiser confirm --how telefon --source …` writes."""
    import datetime as dt

    from playwright.sync_api import expect

    from generator.cli import main
    from generator.loader import load_project
    from generator.validate import validate

    page, project, origin, violations = app
    rel = "municipalities/musterdorf/offers/rathaus-musterdorf.yml"
    path = project / rel
    before = path.read_text(encoding="utf-8")
    copy = tmp_path / "copy"  # the same check on the command line, in a copy of the project
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site"))
    assert main(["--root", str(copy), "confirm", "rathaus-musterdorf", "--how", "telefon",
                 "--source", "Anruf im Bürgerbüro"]) == 0
    expected = (copy / rel).read_text(encoding="utf-8")
    today = dt.date.today().isoformat()

    open_view(page, origin, "collections/offers-musterdorf/entries/rathaus-musterdorf", "Rathaus Musterdorf")
    check = page.locator("fieldset.wegweiser-check")
    button = check.get_by_role("button", name="Noch aktuell: heute geprüft")
    button.click()  # without saying what was checked: refused, nothing changes
    expect(check.get_by_role("alert")).to_have_text("Bitte eintragen, was geprüft wurde, z. B. „Anruf im Bürgerbüro“.")
    expect(field(page, "Zuletzt geprüft")).to_have_value("2018-06-22")
    field(page, "Wie geprüft").select_option(label="Anruf")
    field(page, "Was wurde geprüft?").fill("Anruf im  Bürgerbüro ")
    button.click()
    expect(field(page, "Zuletzt geprüft")).to_have_value(today)
    expect(check.get_by_role("alert")).to_have_count(0)
    expect(check.get_by_role("status")).to_have_text(
        f"Beim Veröffentlichen wird eingetragen: Zuletzt geprüft {today}, Quelle „Telefonische Prüfung: Anruf im Bürgerbüro“.")
    assert path.read_text(encoding="utf-8") == before  # nothing written before publishing
    publish(page)
    after = wait_for(lambda: path.read_text(encoding="utf-8") != before and path.read_text(encoding="utf-8"))
    assert after == expected
    changed = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == [
        "-unconfirmed: [opening_hours]",
        "-verified: 2018-06-22",
        '+  - title: "Telefonische Prüfung: Anruf im Bürgerbüro"',
        f"+    date: {today}",
        f"+verified: {today}",
    ]
    assert validate(load_project(project), dt.date.today()) == []
    assert violations == []


@pytest.mark.browser
@pytest.mark.slow
def test_bad_input_is_refused_in_german_and_nothing_typed_is_lost(app):
    from generator.opening_hours import opening_hours_problem

    page, project, origin, violations = app
    folder = project / "municipalities/musterdorf/offers"
    before = {p.name: p.read_bytes() for p in folder.glob("*.yml")}
    open_view(page, origin, "collections/offers-musterdorf/new", "(noch ohne Namen)")
    field(page, "Arabisch (العربية)", 0).fill("استشارة")  # the German name stays empty
    field(page, "Kategorien").click()
    page.keyboard.type("Beratung")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="telefon hinzufügen").click()
    field(page, "Telefonnummer").fill("abc")
    field(page, "Öffnungszeiten").fill("Mo-Fr 25:00-26:00")
    # municipalities served: only the district and its municipalities can be chosen
    serves = field(page, "Für welche Gemeinden")
    serves.click()
    menu = page.locator("[class*='-menu']")
    assert menu.locator("[class*='-option']").all_text_contents() == ["Ganzer Kreis", "Beispielstadt", "Musterdorf"]
    serves.fill("Atlantis")
    assert menu.locator("[class*='-option']").count() == 0  # nothing to choose
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="quellen hinzufügen").click()
    field(page, "Titel").fill("Aushang im Rathaus")
    field(page, "Zuletzt geprüft").fill("2026-11-20")
    publish(page)
    page.get_by_text("Oops, einige zwingend erforderliche Felder sind nicht ausgefüllt.").wait_for()
    found = messages(page)
    assert "Deutsch ist erforderlich." in found
    assert 'Telefonnummer entspricht nicht dem Muster: keine gültige Telefonnummer (Beispiel: "07231 308-0").' in found
    hours_message = next(m for m in found if m.startswith('"Mo-Fr 25:00-26:00"'))
    expected = opening_hours_problem("Mo-Fr 25:00-26:00")  # the message of `wegweiser validate` …
    assert hours_message.split("Parser: ")[0] == expected.split("Parser: ")[0]  # … up to the parser's detail
    # nothing written, nothing typed lost
    time.sleep(1)
    assert {p.name: p.read_bytes() for p in folder.glob("*.yml")} == before
    assert field(page, "Arabisch (العربية)", 0).input_value() == "استشارة"
    assert field(page, "Telefonnummer").input_value() == "abc"
    assert field(page, "Öffnungszeiten").input_value() == "Mo-Fr 25:00-26:00"
    assert field(page, "Titel").input_value() == "Aushang im Rathaus"
    assert page.locator("label[for^='serves'] ~ div [class*='-multiValue']").count() == 0  # "Atlantis" was not taken
    assert violations == []


@pytest.mark.browser
@pytest.mark.slow
def test_municipalities_district_categories_and_redirects_open_in_the_app(app):
    """The other collections show their files' values (a list file as a list; a missing one empty)."""
    page, project, origin, violations = app
    for collection, entry in (("municipalities", "musterdorf"), ("district", "district"),
                              ("categories", "categories"), ("redirects", "redirects")):
        open_view(page, origin, f"collections/{collection}")  # through the list, as an editor clicks
        page.locator(f"a[href$='/collections/{collection}/entries/{entry}']").wait_for()  # the list shows the file
        page.goto(f"{origin}/redaktion/#/collections/{collection}/entries/{entry}")
        page.get_by_text("Zurück zu allen").wait_for()
        if collection == "municipalities":
            expect_value(page, "Name", "Musterdorf")
            expect_value(page, "Gemeindeschlüssel (AGS)", "08236999")
            from playwright.sync_api import expect

            expect(page.locator("input[id^='item-field']").first).to_have_value("75999")  # postal_codes: ["75999"]
        elif collection == "district":
            expect_value(page, "Name", "Testkreis")
        elif collection == "categories":
            page.get_by_text("5 kategorien", exact=False).wait_for()
            expect_value(page, "Kennung", "language")
        else:  # content/redirects.yml does not exist in the fixture: an empty list to start with
            assert not (project / "content/redirects.yml").exists()
            page.get_by_text("0 umbenannte und entfernte angebote", exact=False).wait_for()
    assert violations == []


@pytest.mark.browser
@pytest.mark.slow
def test_saving_a_hand_written_page_changes_only_what_was_edited(app):
    """A page (content/pages/*.md, front matter and Markdown) saved in the app: the title edited in
    the form, a sentence in the text's Markdown mode; everything else stays byte for byte, and the
    project still validates."""
    import datetime as dt

    from playwright.sync_api import expect

    from generator.loader import load_project
    from generator.validate import validate

    page, project, origin, violations = app
    path = project / "content/pages/about.de.md"
    before = path.read_text(encoding="utf-8")
    open_view(page, origin, "collections/pages")
    page.locator("a[href$='/collections/pages/entries/about.de']").click()
    page.locator("label", has_text="Titel").first.wait_for()
    title = field(page, "Titel")
    expect(title).to_have_value("Über diese Seite")
    title.fill("Über diesen Wegweiser")
    publish(page)
    after = wait_for(lambda: path.read_text(encoding="utf-8") != before and path.read_text(encoding="utf-8"))
    assert after == before.replace("title: Über diese Seite\n", "title: Über diesen Wegweiser\n")
    open_view(page, origin, "collections/pages")
    page.locator("a[href$='/collections/pages/entries/about.de']").click()
    page.locator("label", has_text="Titel").first.wait_for()
    expect(field(page, "Titel")).to_have_value("Über diesen Wegweiser")
    page.locator("[class*='ToolbarToggle'] [role=switch]").click()  # the text in Markdown mode
    raw = page.locator("[data-slate-editor]").get_by_text("Diese Seite ist ein **Testtext**.", exact=True)
    raw.click()
    page.keyboard.press("End")
    page.keyboard.insert_text(" Neu geschrieben.")  # one input event (typing key by key races the editor's first render)
    edited = after
    publish(page)
    after = wait_for(lambda: path.read_text(encoding="utf-8") != edited and path.read_text(encoding="utf-8"))
    assert after == edited.replace("**Testtext**.", "**Testtext**. Neu geschrieben.")
    assert validate(load_project(project), dt.date.today()) == []  # today: an earlier test confirmed an offer today
    assert violations == []


def expect_value(page, label: str, value: str) -> None:
    from playwright.sync_api import expect

    expect(field(page, label)).to_have_value(value)
