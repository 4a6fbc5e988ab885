"""Small stages: phone numbers, opening hours, localization, relative links, the writer."""

import datetime as dt

import pytest

from generator.localize import Localizer, direction, endonym
from generator.opening_hours import Change, Span, next_monday, public_holidays, schedule, weekly_schedule
from generator.phones import phone_problem, tel_uri
from generator.render import relative
from generator.writer import staged_directory, sync_tree, write_if_changed


@pytest.mark.parametrize(
    "number, uri",
    [("07231 308-0", "tel:+4972313080"), ("+49 7231 308-1", "tel:+4972313081"), ("0049 7041 1", "tel:+4970411"),
     ("116 117", "tel:116117"), ("112", "tel:112"), ("0800 111 0 111", "tel:+498001110111"), ("07231/308-0", "tel:+4972313080")],
)
def test_tel_uri(number, uri):
    assert phone_problem(number) is None
    assert tel_uri(number) == uri


@pytest.mark.parametrize("number", ["", "07231 abc", "++49 7231", "07231--3", "12", "0123456789012345678", "07231 308-0 (Zentrale)"])
def test_bad_phone_numbers(number):
    assert phone_problem(number) is not None


def test_weekly_schedule():
    days = weekly_schedule('Mo-Fr 08:00-12:00; Tu 14:00-24:00; We off; Sa "nur mit Termin"', dt.date(2026, 11, 30))
    assert days[0].spans == (Span(dt.time(8), dt.time(12)),)
    assert days[1].spans == (Span(dt.time(14), None),)
    assert days[2].spans == ()
    assert (days[5].spans, days[5].comments, days[5].unknown) == ((), ("nur mit Termin",), True)
    assert next_monday(dt.date(2026, 11, 28)) == dt.date(2026, 11, 30)
    assert next_monday(dt.date(2026, 11, 30)) == dt.date(2026, 12, 7)


def test_a_closure_is_a_change_not_the_regular_week():
    # the closure starts in the first week: the regular week still comes from the weeks after it
    week, changes = schedule('Mo-Fr 08:00-12:00; 2026 Nov 30-2026 Dec 11 off "Umzug"; 2027 Jan 29 08:00-10:00',
                             dt.date(2026, 11, 28), public_holidays(2026))
    assert [d.spans for d in week[:5]] == [(Span(dt.time(8), dt.time(12)),)] * 5
    assert changes == (
        Change(dt.date(2026, 11, 30), dt.date(2026, 12, 11), (), ("Umzug",)),  # one closure across the weekend
        Change(dt.date(2027, 1, 29), dt.date(2027, 1, 29), (Span(dt.time(8), dt.time(10)),), ()),
    )


def test_a_closure_runs_on_over_public_holidays_and_leaves_them_out():
    _, changes = schedule('Mo-Fr 08:00-12:00; 2026 Dec 24-2027 Jan 06 off "Weihnachtspause"; PH off',
                          dt.date(2026, 11, 28), public_holidays(2026))
    # 25 and 26 December and 1 January are holidays; 6 January (Epiphany) is one in Baden-Württemberg
    assert changes == (Change(dt.date(2026, 12, 24), dt.date(2027, 1, 5), (), ("Weihnachtspause",)),)


def test_qr_code_encodes_the_address_it_is_given():
    import re

    import segno
    import zxingcpp
    from PIL import Image, ImageDraw

    from generator.qr import BORDER, qr_code

    url = "https://wegweiser.example.org/ar/angebote/jobcenter-test/"
    code = qr_code(url)
    assert code.size == segno.make(url, error="m").symbol_size(border=BORDER)[0]
    # draw the path's strokes as pixels, then let an independent decoder read them
    scale = 8
    image = Image.new("L", (code.size * scale, code.size * scale), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmhv])(-?[\d.]+)(?:\s(-?[\d.]+))?", code.path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        elif command == "h":
            draw.rectangle([x * scale, (y - .5) * scale, (x + float(a)) * scale - 1, (y + .5) * scale - 1], fill=0)
            x += float(a)
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [url]
    assert 'aria-label="Adresse' in code.svg("Adresse " + url)


def test_localizer_formats_for_the_reader():
    ar, de = Localizer("ar"), Localizer("de")
    assert de.date(dt.date(2024, 5, 1)) == "1. Mai 2024"
    assert ar.weekday(0) == "الاثنين"
    assert de.time(dt.time(9, 5)) == "09:05"
    assert de.time(None) == "24:00"
    assert de.language_name("ar") == "Arabisch"
    assert ar.language_name("de") == "الألمانية"
    assert de.number(10200) == "10.200"
    assert (direction("ar"), direction("de"), direction("fa"), direction("ps")) == ("rtl", "ltr", "rtl", "rtl")
    assert (endonym("de"), endonym("ar"), endonym("uk")) == ("Deutsch", "العربية", "Українська")


@pytest.mark.parametrize("n, form", [(0, "لا توجد عروض"), (1, "عرض واحد"), (2, "عرضان"), (5, "5 عروض"), (11, "11 عرضًا"), (100, "100 عرض")])
def test_arabic_plural_forms(n, form):
    assert Localizer("ar").ngettext("%(num)d offer", "%(num)d offers", n) % {"num": n} == form


@pytest.mark.parametrize(
    "src, dst, rel",
    [("", "angebote/a/", "angebote/a/"), ("angebote/a/", "", "../../"), ("angebote/a/", "gemeinden/b/", "../../gemeinden/b/"),
     ("gemeinden/b/work/", "gemeinden/b/", "../"), ("angebote/a/", "angebote/a/", "./")],
)
def test_relative_links(src, dst, rel):
    assert relative(src, dst) == rel


def test_write_if_changed_and_sync(tmp_path):
    target = tmp_path / "a" / "b.md"
    assert write_if_changed(target, "x") is True
    mtime = target.stat().st_mtime_ns
    assert write_if_changed(target, "x") is False
    assert target.stat().st_mtime_ns == mtime
    (tmp_path / "a" / "old.md").write_text("stale")
    assert sync_tree(tmp_path / "a", {"b.md": "x", "c/d.md": "y"}.items()) == (1, 1)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.md")) == ["a/b.md", "a/c/d.md"]


def test_staged_directory_swaps_only_on_success(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old")
    with pytest.raises(RuntimeError):
        with staged_directory(site) as stage:
            (stage / "index.html").write_text("half")
            raise RuntimeError("interrupted")
    assert (site / "index.html").read_text() == "old"
    with staged_directory(site) as stage:
        (stage / "index.html").write_text("new")
    assert (site / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("uk", ["0 послуг", "1 послуга", "2 послуги", "5 послуг", "11 послуг", "100 послуг"]),
        ("ru", ["0 предложений", "1 предложение", "2 предложения", "5 предложений", "11 предложений", "100 предложений"]),
        ("ar", ["لا توجد عروض", "عرض واحد", "عرضان", "5 عروض", "11 عرضًا", "100 عرض"]),
    ],
)
def test_plural_forms_for_0_1_2_5_11_100(lang, expected):
    l10n = Localizer(lang)
    assert [l10n.ngettext("%(num)d offer", "%(num)d offers", n) % {"num": n} for n in (0, 1, 2, 5, 11, 100)] == expected


def test_noopener_on_external_links_only():
    from generator.harden import noopener

    html = '<a href="https://x.org">a</a><a href="../b/">b</a><a class="c" rel="nofollow" href="//x.org">c</a><a href="tel:112">d</a>'
    assert noopener(html) == (
        '<a href="https://x.org" rel="noopener noreferrer">a</a><a href="../b/">b</a>'
        '<a class="c" rel="nofollow noopener noreferrer" href="//x.org">c</a><a href="tel:112">d</a>'
    )


def test_compact_scripts_drop_only_what_people_read():
    from generator.scripts import compact

    source = '/* About this file.\n * More. */\n(function () {\n  // a note\n  var url = "https://example.org/x"; // kept\n\n  return url;\n})();\n'
    assert compact(source) == '(function () {\nvar url = "https://example.org/x"; // kept\nreturn url;\n})();\n'
