"""editor/house-format.js, the editing app's file format, run by node on the real data.

The app (Decap CMS) parses a file into an entry and writes the whole entry back on save. The
custom format keeps every unchanged key's lines byte for byte and writes changed keys in the
house format of `wegweiser format`; new files come out exactly as generator.format.dump writes
the same data.
"""

import datetime as dt
import difflib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import format as fmt

REPO = Path(__file__).resolve().parent.parent
MODULE = REPO / "editor" / "house-format.js"
LANGS = ("de", "en", "ar", "fa", "ps", "uk", "ru", "tr", "ku", "ti")
NODE = shutil.which("node")

# Reads a JSON list of jobs on stdin, answers a JSON list of results.
DRIVER = r"""
import { readFileSync } from "node:fs";
const hf = await import(process.env.HOUSE_FORMAT);
const jobs = JSON.parse(readFileSync(0, "utf8"));
const out = jobs.map((job) => {
  try {
    const o = job.options;
    if (job.op === "roundtrip") return { text: hf.toFile(hf.fromFile(job.text, o), o) };
    if (job.op === "parse") return { data: hf.fromFile(job.text, o) };
    if (job.op === "new") return { text: hf.toFile(job.data, o) };
    if (job.op === "edit") {  // what the app does: load, change fields, save
      const data = hf.format(o).fromFile(job.text);
      for (const [k, v] of Object.entries(job.set || {})) data[k] = v;
      for (const k of job.remove || []) delete data[k];
      return { text: hf.format(o).toFile(data) };
    }
    return { error: "unknown job " + job.op };
  } catch (err) {
    return { error: String((err && err.stack) || err) };
  }
});
process.stdout.write(JSON.stringify(out));
"""


def node(jobs):
    assert NODE, "node is needed for the editing app's tests"
    result = subprocess.run(
        [NODE, "--input-type=module", "-e", DRIVER],
        input=json.dumps(jobs), capture_output=True, text=True, check=False,
        env={**os.environ, "HOUSE_FORMAT": MODULE.as_uri()},
    )
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout)
    for answer in answers:
        assert "error" not in answer, answer["error"]
    return answers


def options(rel):
    return fmt.rules(fmt.kind_of(rel), LANGS, rel.count("/")).editor_options()


def as_json(data):
    """Data as the app holds it: dates are strings YYYY-MM-DD."""
    return json.loads(json.dumps(data, default=lambda o: o.isoformat() if isinstance(o, dt.date) else str(o)))


def changed_lines(old, new):
    """(removed, added) lines between two texts."""
    diff = list(difflib.ndiff(old.splitlines(), new.splitlines()))
    return [d[2:] for d in diff if d.startswith("- ")], [d[2:] for d in diff if d.startswith("+ ")]


SHIPPED = fmt.data_files(REPO)


def test_every_shipped_file_survives_load_and_save_byte_for_byte():
    texts = [(REPO / rel).read_text(encoding="utf-8") for rel in SHIPPED]
    answers = node([{"op": "roundtrip", "text": t, "options": options(rel)} for rel, t in zip(SHIPPED, texts)])
    assert len(answers) == len(SHIPPED) > 100
    for rel, text, answer in zip(SHIPPED, texts, answers):
        assert answer["text"] == text, rel


def test_from_file_gives_the_data_the_generator_reads():
    texts = [(REPO / rel).read_text(encoding="utf-8") for rel in SHIPPED]
    answers = node([{"op": "parse", "text": t, "options": options(rel)} for rel, t in zip(SHIPPED, texts)])
    for rel, text, answer in zip(SHIPPED, texts, answers):
        data = answer["data"]
        assert data.pop("_original") == text
        expected = as_json(yaml.safe_load(text))
        assert data == ({"items": expected} if fmt.kind_of(rel) in ("categories", "redirects") else expected), rel
    municipality = answers[SHIPPED.index("municipalities/birkenfeld/municipality.yml")]["data"]
    assert municipality["ags"] == "08236004" and municipality["postal_codes"] == ["75217"]


def test_changing_one_field_changes_only_its_lines():
    offers = [rel for rel in SHIPPED if fmt.kind_of(rel) == "offer"]
    texts = [(REPO / rel).read_text(encoding="utf-8") for rel in offers]
    answers = node([
        {"op": "edit", "text": t, "options": options(rel), "set": {"verified": "2026-12-01"}}
        for rel, t in zip(offers, texts)
    ])
    for rel, text, answer in zip(offers, texts, answers):
        old = yaml.safe_load(text)["verified"].isoformat()
        assert changed_lines(text, answer["text"]) == ([f"verified: {old}"], ["verified: 2026-12-01"]), rel


def test_editing_a_nested_text_keeps_comments_and_other_keys():
    rel = "municipalities/enzkreis/district.yml"
    text = (REPO / rel).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    sources = as_json(data["source"])
    sources[0]["title"] = "Wikipedia (de), Artikel Enzkreis"
    [edited, website] = node([
        {"op": "edit", "text": text, "options": options(rel), "set": {"source": sources}},
        {"op": "edit", "text": text, "options": options(rel), "set": {"website": "https://www.enzkreis.de/start"}},
    ])
    removed, added = changed_lines(text, edited["text"])
    assert len(removed) == len(added) and all("title:" in line for line in removed + added)
    removed, added = changed_lines(text, website["text"])
    assert (removed, added) == (["website: https://www.enzkreis.de"], ["website: https://www.enzkreis.de/start"])
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert comments and all(c in website["text"].splitlines() for c in comments)
    after = yaml.safe_load(edited["text"])
    assert after["source"][0]["title"] == "Wikipedia (de), Artikel Enzkreis"
    assert after["source"][1:] == data["source"][1:] and {**after, "source": None} == {**data, "source": None}


def test_new_removed_and_emptied_fields():
    rel = "municipalities/musterdorf/offers/sprachcafe-musterdorf.yml"
    text = (
        "# yaml-language-server: $schema=../../../schema/offer.schema.json\n"
        "# Notiz zur Datei\n"
        "name:\n  de: Sprachcafé Musterdorf\n"
        "categories: [language]\n"
        "# nur eine E-Mail\n"
        "email: cafe@example.org\n"
        "source:\n  - title: Testdaten\n"
        "verified: 2026-02-01\n"
    )
    [answer] = node([{
        "op": "edit", "text": text, "options": options(rel),
        "set": {
            "email": "",  # emptied in the form: removed, with its comment
            "transport": {"de": "Bus 719, Haltestelle Rathaus", "en": ""},  # new: at its place in the schema
            "phone": ["07231 12345", ""],
            "name": {"de": "Sprachcafé Musterdorf", "ar": "مقهى اللغة", "en": "Language café"},
        },
    }])
    assert answer["text"] == (
        "# yaml-language-server: $schema=../../../schema/offer.schema.json\n"
        "# Notiz zur Datei\n"
        "name:\n  de: Sprachcafé Musterdorf\n  en: Language café\n  ar: مقهى اللغة\n"
        "categories: [language]\n"
        'phone: ["07231 12345"]\n'
        "transport:\n  de: Bus 719, Haltestelle Rathaus\n"
        "source:\n  - title: Testdaten\n"
        "verified: 2026-02-01\n"
    )


def test_changing_one_category_changes_only_its_entry():
    rel = "content/categories.yml"
    text = (REPO / rel).read_text(encoding="utf-8")
    items = as_json(yaml.safe_load(text))
    items[1]["name"]["de"] = "Schule, Bildung"
    [answer] = node([{"op": "edit", "text": text, "options": options(rel), "set": {"items": items}}])
    old_name = yaml.safe_load(text)[1]["name"]["de"]
    assert changed_lines(text, answer["text"]) == ([f'    de: "{old_name}"'], ["    de: Schule, Bildung"])


def test_a_new_file_is_in_house_format_and_validates(project):
    rel = "municipalities/musterdorf/offers/beratung-musterdorf.yml"
    data = {
        "verified": "2026-11-20",
        "name": {"de": "Beratung Musterdorf", "ar": "استشارة Musterdorf", "en": ""},
        "description": {"de": "Beratung für alle.\n\nMit Termin: **bitte anrufen**.\n"},
        "categories": ["counselling"],
        "address": {"city": "Musterdorf", "postal_code": "75000", "street": "Hauptstraße 1"},
        "phone": ["07231 12345"],
        "opening_hours": "Mo-Fr 09:00-12:00",
        "unreviewed": ["ar"],
        "source": [{"url": "https://www.example.org/", "title": "Testdaten: Aushang", "date": "2026-11-20"}],
        "_original": None,
    }
    categories = yaml.safe_load((project / "content/categories.yml").read_text(encoding="utf-8"))
    data["categories"] = [categories[0]["id"]]
    [answer] = node([{"op": "new", "data": data, "options": options(rel)}])
    text = answer["text"]
    assert text.startswith("# yaml-language-server: $schema=../../../schema/offer.schema.json\n")
    assert '  postal_code: "75000"\n' in text and "verified: 2026-11-20\n" in text and "_original" not in text
    (project / rel).write_text(text, encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(project), "format", "--check", rel],
                           capture_output=True, text=True, check=False)
    assert (check.returncode, check.stdout) == (0, "")
    validate = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(project), "validate"],
                              capture_output=True, text=True, check=False)
    assert (validate.returncode, validate.stdout) == (0, "")
    loaded = yaml.safe_load(text)
    assert loaded["verified"] == dt.date(2026, 11, 20) and loaded["name"] == {"de": "Beratung Musterdorf", "ar": "استشارة Musterdorf"}


TRICKY = [
    "07231 308-0", "75217", "yes", "no", "on", "null", "~", "true", "1.5", "+49 7231", ".inf", "1:20",
    "2026-02-01T10:00", "- Punkt", "a: b", "Ende #1", "#1", "'zitiert'", '"zitiert"', "@x", " leer",
    "Zeile\tTab", "x\x85y", "a, b", "[a]", "Ärzte", "مرحبا", "Mo-Fr 08:00-12:00", "Zeile 1\nZeile 2\n",
    "ohne Umbruch am Ende\nzweite Zeile", "zwei Umbrüche\n\n", "  eingerückt\nzweite", "Leerzeichen am Ende \nx",
    "\u2028", "Emoji 🙂", "back\\slash", "2026-02-01",
]


def test_python_and_javascript_write_the_same_text():
    jobs, expected = [], []
    for rel in SHIPPED:
        rules = fmt.rules(fmt.kind_of(rel), LANGS, rel.count("/"))
        data = yaml.safe_load((REPO / rel).read_text(encoding="utf-8"))
        jobs.append({"op": "new", "data": {"items": as_json(data)} if rules.is_list else as_json(data), "options": rules.editor_options()})
        expected.append(fmt.dump(data, rules))
    rules = fmt.rules("offer", LANGS)
    for value in TRICKY:
        data = {"provider": value, "languages": [value, "de"], "description": {"de": value}, "coordinates": {"lat": 48.8697, "lon": 8.7}}
        jobs.append({"op": "new", "data": data, "options": rules.editor_options()})
        expected.append(fmt.dump(data, rules))
    answers = node(jobs)
    for job, answer, text in zip(jobs, answers, expected):
        assert answer["text"] == text, job["data"]
    for value, text in zip(TRICKY, expected[len(SHIPPED):]):
        formatted, problems = fmt.format_text(text, rules, "municipalities/x/offers/y.yml")
        assert (formatted, problems) == (text, [])  # a fixpoint of `wegweiser format`
        loaded = yaml.safe_load(text)
        if value != "2026-02-01":
            assert loaded["provider"] == value and loaded["languages"] == [value, "de"]
            assert loaded["description"] == {"de": value}


@pytest.mark.parametrize("rel", ["content/categories.yml", "content/redirects.yml"])
def test_list_files_are_wrapped_for_the_app(rel, project):
    text = (REPO / rel).read_text(encoding="utf-8") if (REPO / rel).is_file() else "- old: a\n  new: b\n"
    [parsed] = node([{"op": "parse", "text": text, "options": options(rel)}])
    assert set(parsed["data"]) == {"items", "_original"}
    assert parsed["data"]["items"] == as_json(yaml.safe_load(text))


@pytest.mark.browser
def test_the_same_module_works_in_chromium(new_context):
    """The app loads house-format.js and the vendored parser as ES modules in the browser."""
    from browser_helpers import serve_folder

    jobs = [{"text": (REPO / rel).read_text(encoding="utf-8"), "options": options(rel)} for rel in SHIPPED]
    with serve_folder(REPO / "editor") as origin:
        page = new_context().new_page()
        page.goto(origin + "/HOUSE-FORMAT.md")
        answers = page.evaluate(
            """async (jobs) => {
                const hf = await import("/house-format.js");
                return jobs.map(({text, options}) => {
                    const data = hf.format(options).fromFile(text);
                    const same = hf.format(options).toFile(data);
                    if (!options.list) data.verified = "2026-12-01";
                    return {same, edited: hf.format(options).toFile(data)};
                });
            }""",
            jobs,
        )
    for rel, job, answer in zip(SHIPPED, jobs, answers):
        assert answer["same"] == job["text"], rel
        if fmt.kind_of(rel) == "offer":
            old = yaml.safe_load(job["text"])["verified"].isoformat()
            assert changed_lines(job["text"], answer["edited"]) == ([f"verified: {old}"], ["verified: 2026-12-01"]), rel


def test_adding_a_source_entry_adds_only_its_lines():
    """"Noch aktuell" in the app: one more source entry; the other entries and their comments stay."""
    rel = "municipalities/enzkreis/district.yml"
    text = (REPO / rel).read_text(encoding="utf-8")
    sources = as_json(yaml.safe_load(text)["source"])
    sources.append({"title": "Telefonische Prüfung: Anruf im Landratsamt", "date": "2026-12-01", "url": ""})
    [answer] = node([{"op": "edit", "text": text, "options": options(rel), "set": {"source": sources}}])
    removed, added = changed_lines(text, answer["text"])
    assert (removed, added) == ([], ["  - title: \"Telefonische Prüfung: Anruf im Landratsamt\"", "    date: 2026-12-01"])
    assert any(line.lstrip().startswith("#") and line.startswith("  ") for line in text.splitlines())  # a comment inside source
    formatted, problems = fmt.format_text(answer["text"], fmt.rules("district", LANGS, 2), rel)
    assert (formatted, problems) == (answer["text"], [])
