"""Translation status, the PO exchange file, and importing it back without losing comments."""

from __future__ import annotations

import subprocess
import sys

from babel.messages.pofile import read_po

from conftest import TODAY
from generator.loader import load_project
from generator.localize import LOCALES_DIR
from generator.model import build_directory
from generator.translations import export_po, format_report, read_translations, status, ui_status


def directory_of(project):
    return build_directory(load_project(project), TODAY)


def cli(project, *args, stdin=None):
    return subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(project), "translations", *args],
                          input=stdin, capture_output=True, check=False)


def test_every_template_string_is_translated_in_every_site_language():
    """Fails when a template string lacks a translation (declare deliberate gaps here)."""
    import yaml

    from generator.config import read_config
    from generator.loader import Document

    config, _ = read_config(Document("mkdocs.yml", yaml.safe_load((LOCALES_DIR.parents[1] / "mkdocs.yml").read_text()) or {}))
    deliberate_gaps: dict[str, set[str]] = {}
    for lang in config.languages:
        total, done, missing = ui_status(lang)
        assert total > 40
        assert set(missing) <= deliberate_gaps.get(lang, set()), f"{lang}: {missing}"


def test_catalogs_are_in_step_with_the_templates():
    """Every msgid in the templates is in the .pot (run pybabel extract when this fails)."""

    from babel.messages.extract import extract_from_dir

    extracted = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(LOCALES_DIR.parent), method_map=[("**.py", "python"), ("templates/**.j2", "jinja2")],
        options_map={"templates/**.j2": {"extensions": "jinja2.ext.i18n"}}, keywords={"_": None, "gettext": None, "ngettext": (1, 2), "N_": None},
    ):
        extracted.add(message if isinstance(message, str) else message[0])
    with (LOCALES_DIR / "messages.pot").open("rb") as fh:
        pot = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    assert extracted == pot


def test_report_counts_and_lists_gaps(project):
    d = directory_of(project)
    ar = status(d, "ar")
    assert (ar.ui_done, ar.ui_total) == (ar.ui_total, ar.ui_total)
    assert ar.content_total == 20
    assert ar.content_done == 9
    assert ar.unreviewed == ["content/snippets/home.ar.md"]
    report = format_report([status(d, "de"), ar])
    assert report.splitlines()[:3] == [
        "Sprache  Oberfläche         Inhalte            ungeprüft",
        f"de       {ar.ui_total:>4}/{ar.ui_total:<4} 100 %     20/20   100 %      0",
        f"ar       {ar.ui_total:>4}/{ar.ui_total:<4} 100 %      9/20    45 %      1",
    ]
    assert "  municipalities/enzkreis/offers/jobcenter-test.yml: description fehlt" in report
    assert "  content/pages/about.ar.md: datei fehlt" in report


def test_export_then_import_keeps_comments_and_marks_unreviewed(project):
    offer = project / "municipalities/enzkreis/offers/jobcenter-test.yml"
    offer.write_text("# Kommentar der Redaktion\n" + offer.read_text().replace("categories: [work]", "categories: [work]  # bleibt"))
    po = export_po(directory_of(project), "ar")
    entries = {m.context: m.id for m in read_po(__import__("io").BytesIO(po)) if m.id}
    assert entries["municipalities/enzkreis/offers/jobcenter-test.yml#name"] == "Jobcenter Testkreis"
    filled = po.decode().replace(
        'msgctxt "municipalities/enzkreis/offers/jobcenter-test.yml#name"\nmsgid "Jobcenter Testkreis"\nmsgstr ""',
        'msgctxt "municipalities/enzkreis/offers/jobcenter-test.yml#name"\nmsgid "Jobcenter Testkreis"\nmsgstr "مركز العمل"',
    ).replace(
        'msgctxt "content/categories.yml#language.description"\nmsgid "Sprachkurse und Integrationskurse."\nmsgstr ""',
        'msgctxt "content/categories.yml#language.description"\nmsgid "Sprachkurse und Integrationskurse."\nmsgstr "دورات اللغة"',
    )
    assert [t.text for t in read_translations(filled.encode(), "ar")] == ["مركز العمل", "دورات اللغة"]
    result = cli(project, "import", "--lang", "ar", "--unreviewed", stdin=filled.encode())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 Übersetzung(en) in 2 Datei(en) übernommen." in result.stderr.decode()
    text = offer.read_text()
    assert text.startswith("# Kommentar der Redaktion\nname:\n  de: Jobcenter Testkreis\n  en: Job centre (test)\n  ar: مركز العمل\n")
    assert "categories: [work]  # bleibt" in text
    assert text.rstrip().endswith("unreviewed:\n  - ar")
    assert "ar: دورات اللغة" in (project / "content/categories.yml").read_text()
    assert status(directory_of(project), "ar").content_done == 11


def test_import_refuses_markup_and_writes_nothing(project):
    po = export_po(directory_of(project), "ar").decode().replace(
        'msgid "Jobcenter Testkreis"\nmsgstr ""', 'msgid "Jobcenter Testkreis"\nmsgstr "<script>x</script>"'
    )
    before = (project / "municipalities/enzkreis/offers/jobcenter-test.yml").read_text()
    result = cli(project, "import", "--lang", "ar", stdin=po.encode())
    assert result.returncode == 1
    assert result.stdout.decode().splitlines() == [
        "municipalities/enzkreis/offers/jobcenter-test.yml:1: name.ar: enthält HTML; erlaubt ist nur Text mit einfachem Markdown"
    ]
    assert (project / "municipalities/enzkreis/offers/jobcenter-test.yml").read_text() == before


def test_offer_page_notes_unreviewed_translation(project):
    from generator.render import Renderer

    offer = project / "municipalities/enzkreis/offers/notruf-test.yml"
    offer.write_text(offer.read_text() + "unreviewed: [ar]\n")
    d = directory_of(project)
    page = Renderer(d, "ar").render(next(s for s in Renderer(d, "ar").specs if s.url == "angebote/notruf-test/"))
    assert '<p class="ww-unreviewed">لم يراجع أحد هذه الترجمة بعد.</p>' in page
    en = Renderer(d, "en")
    assert "ww-unreviewed" not in en.render(next(s for s in en.specs if s.url == "angebote/notruf-test/"))


def test_import_changes_only_the_translated_lines(project):
    """A shipped-style file keeps its layout byte for byte apart from the new lines."""
    offer = project / "municipalities/enzkreis/offers/jobcenter-test.yml"
    before = offer.read_text(encoding="utf-8").splitlines()
    from generator.writer import set_yaml_texts

    set_yaml_texts(offer, "ar", {"name": "مركز العمل"}, unreviewed=True)
    after = offer.read_text(encoding="utf-8").splitlines()
    added = [line for line in after if line not in before]
    assert added == ["  ar: مركز العمل", "unreviewed:", "  - ar"]
    assert [line for line in after if line not in added] == before


# -- review by native speakers: one file per language, and back ----------------------------------


def review_project(project):
    from test_glossary import with_glossary

    with_glossary(project)
    notruf = project / "municipalities/enzkreis/offers/notruf-test.yml"
    notruf.write_text(notruf.read_text(encoding="utf-8") + "unreviewed: [ar]\n", encoding="utf-8")
    jobcenter = project / "municipalities/enzkreis/offers/jobcenter-test.yml"
    jobcenter.write_text(jobcenter.read_text(encoding="utf-8").replace(
        "  en: Job centre (test)\n", "  en: Job centre (test)\n  ar: جوب سنتر (Jobcenter Testkreis)\n") + "unreviewed: [ar]\n",
        encoding="utf-8")
    return project


def test_review_export_has_every_text_with_its_source_place_state_and_glossary(project):
    import io

    result = cli(review_project(project), "export", "--lang", "ar", "--review")
    assert result.returncode == 0, result.stderr
    po = result.stdout.decode()
    assert po.startswith("# Prüfung der Übersetzungen (ar) für den Wegweiser Enzkreis.\n")
    entries = {m.context: m for m in read_po(io.BytesIO(result.stdout)) if m.id}
    assert sorted(entries) == sorted([
        "municipalities/enzkreis/offers/jobcenter-test.yml#name",
        "municipalities/enzkreis/offers/jobcenter-test.yml#transport",
        "municipalities/enzkreis/offers/notruf-test.yml#name",
        *(f"content/categories.yml#{c}.name" for c in ("language", "work", "childcare", "counselling", "emergency")),
        "content/categories.yml#childcare.keywords",
        "content/glossary.yml#jobcenter.term",
        "content/glossary.yml#landratsamt.term",
        "content/snippets/home.ar.md#text",
    ])
    name = entries["municipalities/enzkreis/offers/jobcenter-test.yml#name"]
    assert (name.id, name.string) == ("Jobcenter Testkreis", "جوب سنتر (Jobcenter Testkreis)")
    assert name.locations == [("municipalities/enzkreis/offers/jobcenter-test.yml", 4)]
    assert name.auto_comments == ["Geprüft: nein", "Glossar: „Jobcenter“ = „جوب سنتر (Jobcenter)“"]
    assert name.fuzzy
    snippet = entries["content/snippets/home.ar.md#text"]
    assert (snippet.string, snippet.locations, snippet.fuzzy) == ("هنا تجد المساعدة في بلدتك.", [("content/snippets/home.ar.md", 4)], True)
    category = entries["content/categories.yml#work.name"]
    assert category.auto_comments == ["Geprüft: diese Datei hat keine Markierung"] and category.fuzzy  # to be read, like every unchecked text
    assert "Glossar" in po and "#: municipalities/enzkreis/offers/notruf-test.yml:4\n" in po


def test_review_import_marks_only_what_was_confirmed_and_keeps_the_layout(project):
    from generator.render import Renderer

    review_project(project)
    notruf = project / "municipalities/enzkreis/offers/notruf-test.yml"
    notruf_before = notruf.read_text(encoding="utf-8")
    jobcenter = project / "municipalities/enzkreis/offers/jobcenter-test.yml"
    jobcenter_before = jobcenter.read_text(encoding="utf-8")
    po = cli(project, "export", "--lang", "ar", "--review").stdout.decode()

    def confirm(text, context, new=None):
        head = f'#, fuzzy\nmsgctxt "{context}"\n'
        assert head in text, context
        text = text.replace(head, f'msgctxt "{context}"\n')
        if new:
            start = text.index(f'msgctxt "{context}"\n')
            end = text.index("\n\n", start) if "\n\n" in text[start:] else len(text)
            entry = text[start:end]
            text = text[:start] + entry[: entry.index("msgstr ")] + f'msgstr "{new}"' + text[end:]
        return text

    po = confirm(po, "municipalities/enzkreis/offers/notruf-test.yml#name", "رقم الطوارئ 112")
    po = confirm(po, "municipalities/enzkreis/offers/jobcenter-test.yml#name")  # transport stays fuzzy
    po = confirm(po, "content/snippets/home.ar.md#text")
    result = cli(project, "import", "--lang", "ar", "--reviewed", stdin=po.encode())
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.decode().splitlines()[:4] == [
        "content/snippets/home.ar.md: ar geprüft",
        "municipalities/enzkreis/offers/jobcenter-test.yml: ar bleibt ungeprüft (1 von 2 Texten bestätigt)",
        "municipalities/enzkreis/offers/notruf-test.yml: ar geprüft",
        "3 Text(e) bestätigt, 1 korrigiert; 2 Datei(en) als geprüft markiert.",
    ]
    # the corrected line and the review mark change, nothing else
    assert notruf.read_text(encoding="utf-8") == notruf_before.replace("  ar: رقم الطوارئ\n", "  ar: رقم الطوارئ 112\n").replace("unreviewed: [ar]\n", "")
    assert jobcenter.read_text(encoding="utf-8") == jobcenter_before
    assert (project / "content/snippets/home.ar.md").read_text(encoding="utf-8") == "هنا تجد المساعدة في بلدتك.\n"  # no front matter left
    d = directory_of(project)
    assert d.snippets["home"].reviewed["ar"] is True
    assert "ar" not in d.offers["notruf-test"].unreviewed and "ar" in d.offers["jobcenter-test"].unreviewed
    # the reader's note stays where not every text was reviewed
    ar = Renderer(d, "ar")
    page = lambda url: ar.render(next(s for s in ar.specs if s.url == url))  # noqa: E731
    assert "ww-unreviewed" in page("angebote/jobcenter-test/")
    assert "ww-unreviewed" not in page("angebote/notruf-test/")


def test_review_import_refuses_unknown_texts_and_markup_and_writes_nothing(project):
    review_project(project)
    po = cli(project, "export", "--lang", "ar", "--review").stdout.decode()
    po = po.replace('msgstr "رقم الطوارئ"', 'msgstr "<b>رقم</b>"').replace(
        'msgctxt "content/glossary.yml#landratsamt.term"', 'msgctxt "content/glossary.yml#kreisamt.term"')
    before = (project / "municipalities/enzkreis/offers/notruf-test.yml").read_text(encoding="utf-8")
    result = cli(project, "import", "--lang", "ar", "--reviewed", stdin=po.encode())
    assert result.returncode == 1
    assert result.stdout.decode().splitlines() == [
        "-:1: kreisamt.term: unbekannter Text content/glossary.yml#kreisamt.term",
        "municipalities/enzkreis/offers/notruf-test.yml:4: name.ar: enthält HTML; erlaubt ist nur Text mit einfachem Markdown",
    ]
    assert (project / "municipalities/enzkreis/offers/notruf-test.yml").read_text(encoding="utf-8") == before
