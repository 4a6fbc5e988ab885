import pytest
from bs4 import BeautifulSoup

from generator.markup import inert, text_problems, to_html, to_plain


def test_inert_escapes_html_and_markdown():
    assert inert('<script>alert("x")</script> *a* [b](c) :material-x:') == (
        "&lt;script&gt;alert&#40;&quot;x&quot;&#41;&lt;/script&gt; &#42;a&#42; &#91;b&#93;&#40;c&#41; &#58;material-x&#58;"
    )


def test_to_html_subset():
    html = to_html("Hallo **Welt** und *du*.\n\n- eins\n- [zwei](https://example.org)\n\nZeile 1\nZeile 2")
    assert html == (
        "<p>Hallo <strong>Welt</strong> und <em>du</em>.</p>"
        '<ul><li>eins</li><li><a href="https&#58;//example.org" rel="noopener noreferrer">zwei</a></li></ul>'
        "<p>Zeile 1<br>Zeile 2</p>"
    )


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "[x](javascript:alert(1))",
        "[x](JAVASCRIPT:alert(1))",
        "&#60;script&#62;",
        "<a href='x'>y</a>",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
    ],
)
def test_injection_stays_inert_even_unvalidated(text):
    """Even text that validation would reject renders without any tag, handler or script link."""
    soup = BeautifulSoup(str(to_html(text)), "html.parser")
    assert {tag.name for tag in soup.find_all()} <= {"p", "a", "br", "em", "strong", "ul", "li"}
    assert soup.find_all("a") == []
    assert not any(attr.startswith("on") for tag in soup.find_all() for attr in tag.attrs)
    assert text_problems(text, prose=True) != []


def test_links_in_data_only_with_allowed_schemes():
    assert text_problems("[a](https://x.org) [b](mailto:a@b.de) [c](tel:+497231)", prose=True) == []
    assert text_problems("[a](help.md)", prose=True, internal_links=True) == []
    assert text_problems("[a](help.md)", prose=True) == [
        'Link "help.md" ist keine erlaubte Adresse (erlaubt sind nur https:, http:, mailto:, tel:)'
    ]


def test_to_plain():
    assert to_plain("**Jobcenter** [Seite](https://x.org)\n- a") == "Jobcenter Seite a"


def test_broken_up_scheme_is_plain_text():
    html = str(to_html("[x](java\tscript:alert(1))"))
    assert "<a" not in html and "java" in html


def test_digit_groups_in_prose_are_isolated_left_to_right():
    """In Arabic, Dari or Pashto prose "116 117" would otherwise read "117 116"."""
    html = str(to_html("اتصل على 116 117 أو 07231 308-0، عام 2018. *Preis*: 0,69 €"))
    assert html == (
        '<p>اتصل على <span dir="ltr">116 117</span> أو <span dir="ltr">07231 308-0</span>، عام 2018. '
        "<em>Preis</em>&#58; 0,69 €</p>"
    )


# --- links that hide where they lead ---

from generator.markup import LINK_SCHEMES, WEB_SCHEMES, url_problem


@pytest.mark.parametrize(
    "url, message",
    [
        ("https://www.enzkreis.de@example.net/",
         '"https://www.enzkreis.de@example.net/" versteckt die eigentliche Adresse (example.net); bitte ohne „…@“ angeben'),
        ("https://www.enzkreis.de:443@example.net/pfad",
         '"https://www.enzkreis.de:443@example.net/pfad" versteckt die eigentliche Adresse (example.net); bitte ohne „…@“ angeben'),
        ("http://a@www.enzkreis.de@example.net",
         '"http://a@www.enzkreis.de@example.net" versteckt die eigentliche Adresse (example.net); bitte ohne „…@“ angeben'),
        ("HTTPS://Nutzer:Passwort@Example.NET/",
         '"HTTPS://Nutzer:Passwort@Example.NET/" versteckt die eigentliche Adresse (example.net); bitte ohne „…@“ angeben'),
        # a browser reads "\" as "/": this leads to example.net, Python's urlsplit says www.enzkreis.de
        ("https://example.net\\@www.enzkreis.de/",
         '"https://example.net\\@www.enzkreis.de/" ist keine gültige Webadresse (\\ statt /; Beispiel: https://www.enzkreis.de)'),
        ("https:\\\\example.net",
         '"https:\\\\example.net" ist keine gültige Webadresse (\\ statt /; Beispiel: https://www.enzkreis.de)'),
        ("https://www.enzkreis.de%40example.net/",
         '"https://www.enzkreis.de%40example.net/" ist keine gültige Webadresse (Beispiel: https://www.enzkreis.de)'),
        ("https://www.enzkreis.de\t.example.net/",
         '"https://www.enzkreis.de\t.example.net/" ist keine gültige Adresse (Leer- oder Steuerzeichen)'),
        ("https://www.enzkreis.de\u200b.example.net/",
         '"https://www.enzkreis.de\u200b.example.net/" ist keine gültige Adresse (Leer- oder Steuerzeichen)'),
        ("https:///example.net/", '"https:///example.net/" ist keine gültige Webadresse (Beispiel: https://www.enzkreis.de)'),
        ("https:example.net", '"https:example.net" ist keine gültige Webadresse (Beispiel: https://www.enzkreis.de)'),
        ("http://0x7f.0.0.1/",
         '"http://0x7f.0.0.1/" nennt statt eines Namens eine IP-Adresse (0x7f.0.0.1); bitte die Adresse mit Namen angeben'),
        ("https://93.184.216.34/",
         '"https://93.184.216.34/" nennt statt eines Namens eine IP-Adresse (93.184.216.34); bitte die Adresse mit Namen angeben'),
        ("https://www.еnzkreis.de/", '"https://www.еnzkreis.de/" ist keine gültige Webadresse (Beispiel: https://www.enzkreis.de)'),
    ],
)
def test_links_that_hide_their_real_host_are_refused(url, message):
    assert url_problem(url, WEB_SCHEMES) == message


@pytest.mark.parametrize(
    "url",
    [
        "https://www.enzkreis.de/",
        "https://www.enzkreis.de/kontakt?mail=info@enzkreis.de",
        "https://www.enzkreis.de/@presse",
        "https://www.enzkreis.de:8443/a#b@c",
        "https://xn--mnchen-3ya.de/",
        "http://www.enzkreis.de.",
    ],
)
def test_ordinary_web_addresses_stay_allowed(url):
    assert url_problem(url, WEB_SCHEMES) is None


def test_mail_and_phone_links_keep_their_at_sign():
    assert url_problem("mailto:info@enzkreis.de", LINK_SCHEMES) is None
    assert url_problem("tel:+497231308", LINK_SCHEMES) is None


def test_markdown_link_hiding_its_host_is_refused_in_text():
    assert text_problems("Siehe [Landratsamt](https://www.enzkreis.de@example.net/).", prose=True) == [
        'Link "https://www.enzkreis.de@example.net/" versteckt die eigentliche Adresse (example.net); bitte ohne „…@“ angeben'
    ]
    assert "<a" not in str(to_html("[Landratsamt](https://www.enzkreis.de@example.net/)"))


# --- what a Markdown processor would read into a hand-written page ---

BRACES = "Angaben in geschweiften Klammern sind nicht erlaubt, bitte entfernen"
JAVASCRIPT = 'ist keine erlaubte Adresse (erlaubt sind nur https:, http:, mailto:, tel:)'


@pytest.mark.parametrize(
    "text, problems",
    [
        ('{: onclick="alert(1)" }', [f'enthält „{{: onclick="alert(1)" }}“; {BRACES}']),
        ("## Hilfe {#hilfe .md-banner}", [f"enthält „{{#hilfe .md-banner}}“; {BRACES}"]),
        ("[Seite](https://www.enzkreis.de){onclick=alert(1)}", [f"enthält „{{onclick=alert(1)}}“; {BRACES}"]),
        ("*wichtig*{: style=\"display:none\" }", [f'enthält „{{: style="display:none" }}“; {BRACES}']),
        ('{: title="' + "x" * 50 + '" }', [f'enthält „{{: title="{"x" * 29}…“; {BRACES}']),
        ("[klick]( javascript:alert(1))", [f'Link "javascript:alert(1" {JAVASCRIPT}']),
        ('[klick](javascript:alert(1) "Titel")', [f'Link "javascript:alert(1" {JAVASCRIPT}']),
        ("[klick](", ["Link ohne Adresse"]),
        ("[klick]()", ["Link ohne Adresse"]),
        ("[r]: javascript:alert(1)", [f'Link "javascript:alert(1)" {JAVASCRIPT}']),
        ("- [r]: vbscript:msgbox(1)", ['Link "vbscript:msgbox(1)" ' + JAVASCRIPT]),
        ("> [r]:", ["Link ohne Adresse"]),  # the address may follow on the next line
        ("[r]: <javascript:alert(1)> 'Titel'",
         ["enthält HTML; erlaubt ist nur Text mit einfachem Markdown", f'Link "javascript:alert(1)" {JAVASCRIPT}']),
    ],
)
def test_attribute_lists_and_hidden_link_targets_are_refused(text, problems):
    assert text_problems(text, prose=True) == problems


@pytest.mark.parametrize(
    "text",
    [
        "{ }",
        "Preis: 5 € {}",
        "*[HTML]: Hyper",
        "Termin [nach Absprache]: bitte anrufen",
        "[Termin]: nach Absprache",
        '[Seite](https://www.enzkreis.de "Landratsamt")',
        "[Seite][lra]",
        "[lra]: https://www.enzkreis.de",
    ],
)
def test_ordinary_text_with_brackets_stays_allowed(text):
    assert text_problems(text, prose=True) == []


def test_latin_runs_in_right_to_left_text_are_isolated_as_german():
    from generator.markup import isolate_latin

    assert str(isolate_latin("جوب سنتر (Jobcenter Enzkreis)")) == (
        'جوب سنتر <span lang="de" dir="ltr">&#40;Jobcenter Enzkreis&#41;</span>'
    )
    assert str(isolate_latin("دورات الاندماج في Mühlacker – VDV")) == (
        'دورات الاندماج في <span lang="de" dir="ltr">Mühlacker</span> – <span lang="de" dir="ltr">VDV</span>'
    )
    assert str(isolate_latin("<b>")) == '&lt;<span lang="de" dir="ltr">b</span>&gt;'  # still inert
