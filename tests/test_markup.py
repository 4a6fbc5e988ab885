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
