from generator.loader import load_project, parse_yaml


def test_lines_of_keys_and_list_items():
    doc, problems = parse_yaml("name:\n  de: A\nphone:\n  - '1'\n  - '2'\n", "x.yml")
    assert problems == []
    assert doc.line("name", "de") == 2
    assert doc.line("phone", 1) == 5
    assert doc.line("phone", 7) == 3  # unknown item: nearest ancestor


def test_syntax_error_names_line():
    doc, problems = parse_yaml("name:\n  de: A\n  en: [unclosed\n", "x.yml")
    assert doc is None
    assert [str(p) for p in problems] == ["x.yml:4: yaml: YAML-Syntaxfehler: did not find expected ',' or ']'"]


def test_duplicate_key_is_a_problem():
    _, problems = parse_yaml("name: a\nemail: b\nname: c\n", "x.yml")
    assert [str(p) for p in problems] == ["x.yml:3: name: Schlüssel steht doppelt in der Datei"]


def test_unknown_tags_do_not_crash():
    doc, problems = parse_yaml("a: !ENV HOME\nb: !!python/object:os.system x\n", "x.yml")
    assert problems == []
    assert doc.data == {"a": None, "b": None}


def test_project_collects_stray_files_and_missing_files(project):
    (project / "municipalities" / "musterdorf" / "offers" / "notes.txt").write_text("x")
    (project / "municipalities" / "beispielstadt" / "municipality.yml").unlink()
    raw = load_project(project)
    assert "municipalities/musterdorf/offers/notes.txt" in raw.stray_files
    assert [str(p) for p in raw.problems] == ["municipalities/beispielstadt/municipality.yml:1: datei: Datei fehlt"]


def test_control_character_is_a_syntax_problem():
    _, problems = parse_yaml("name:\n  de: a\x08b\n", "x.yml")
    assert [str(p) for p in problems] == ["x.yml:2: yaml: YAML-Syntaxfehler: unerlaubtes Steuerzeichen U+0008"]


# --- hostile files: refused quickly, with a message, before anything large is built ---

import subprocess
import sys

import pytest

from generator import loader as loader_module
from generator.loader import MAX_TEXT_BYTES, MAX_YAML_BYTES

REPO = __import__("pathlib").Path(__file__).resolve().parents[1]


def laughs(levels: int, width: int) -> str:
    """"Billion laughs": each level lists the one before ``width`` times, so the file is small
    but expands into width**levels values."""
    lines = ['a0: &a0 ["lol"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


@pytest.fixture
def build_calls(monkeypatch):
    """How often the loader builds a value (once per node it expands)."""
    calls = []
    original = loader_module._build

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(loader_module, "_build", counting)
    return calls


def test_billion_laughs_is_refused_before_anything_is_built(build_calls):
    # 9**6 = 531,441 values: building them took seconds before aliases were refused
    doc, problems = parse_yaml(laughs(levels=6, width=9), "x.yml")
    assert doc is None
    assert [str(p) for p in problems] == [
        "x.yml:2: yaml: YAML-Verweise (*a0) sind in Datendateien nicht erlaubt; bitte den Wert ausschreiben"
    ]
    assert build_calls == []


@pytest.mark.parametrize(
    "text, message",
    [
        ("base: &b {de: A}\nname:\n  <<: *b\n", "x.yml:3: yaml: YAML-Verweise (*b) sind in Datendateien nicht erlaubt; bitte den Wert ausschreiben"),
        ("a: &a [*a]\n", "x.yml:1: yaml: YAML-Verweise (*a) sind in Datendateien nicht erlaubt; bitte den Wert ausschreiben"),
        ("phone:\n  - &p '07231 1'\n  - *p\n", "x.yml:3: yaml: YAML-Verweise (*p) sind in Datendateien nicht erlaubt; bitte den Wert ausschreiben"),
    ],
)
def test_merge_keys_recursive_and_plain_aliases_are_refused(build_calls, text, message):
    doc, problems = parse_yaml(text, "x.yml")
    assert (doc, [str(p) for p in problems], build_calls) == (None, [message], [])


def test_anchors_and_stars_in_text_stay_allowed():
    doc, problems = parse_yaml("name: &n {de: '*wichtig*'}\ndescription:\n  de: \"* a *b*\"\n", "x.yml")
    assert problems == []
    assert doc.data == {"name": {"de": "*wichtig*"}, "description": {"de": "* a *b*"}}


@pytest.mark.parametrize(
    "text, message",
    [
        ("name: a\n\nverified: 2026-13-45\n", 'x.yml:3: verified: "2026-13-45" ist kein gültiges Datum (Beispiel: 2026-01-31)'),
        ("source:\n  - title: t\n    date: 2026-02-30\n", 'x.yml:3: source.date: "2026-02-30" ist kein gültiges Datum (Beispiel: 2026-01-31)'),
        ("n: " + "9" * 5000 + "\n", 'x.yml:1: n: "' + "9" * 40 + '…" kann nicht gelesen werden; bitte in Anführungszeichen setzen'),
        ("n: !!int abc\n", 'x.yml:1: n: "abc" kann nicht gelesen werden; bitte in Anführungszeichen setzen'),
    ],
)
def test_values_python_cannot_build_are_problems_not_crashes(text, message):
    doc, problems = parse_yaml(text, "x.yml")
    assert (doc, [str(p) for p in problems]) == (None, [message])


def test_oversized_text_is_refused_before_parsing(build_calls):
    text = "description:\n  de: |-\n" + "    Zeile\n" * (MAX_YAML_BYTES // 10 + 1)
    doc, problems = parse_yaml(text, "x.yml")
    assert [str(p) for p in problems] == ["x.yml:1: datei: Datei ist zu groß (513 KB, erlaubt sind höchstens 512 KB)"]
    assert build_calls == []


def test_oversized_files_are_refused_by_the_loader(project):
    offer = project / "municipalities/musterdorf/offers/riesig.yml"
    offer.write_bytes(b"name:\n  de: x\ndescription:\n  de: |-\n" + b"    " + b"a" * (MAX_YAML_BYTES + 10_000) + b"\n")
    page = project / "content/pages/riesig.de.md"
    page.write_text("---\ntitle: Riesig\n---\n" + "Text. " * (MAX_TEXT_BYTES // 6 + 1), encoding="utf-8")
    raw = load_project(project)
    assert [str(p) for p in raw.problems] == [
        "municipalities/musterdorf/offers/riesig.yml:1: datei: Datei ist zu groß (522 KB, erlaubt sind höchstens 512 KB)",
        "content/pages/riesig.de.md:1: datei: Datei ist zu groß (257 KB, erlaubt sind höchstens 256 KB)",
    ]
    assert "riesig" not in [offer_id for _, offer_id, _ in raw.offers]
    assert "riesig" not in [page.id for page in raw.pages]


def test_a_symbolic_link_is_refused_not_followed(project):
    offers = project / "municipalities/musterdorf/offers"
    (offers / "geheim.yml").symlink_to("/etc/hostname")
    (project / "content/pages/geheim.de.md").symlink_to("/dev/zero")  # would never end
    raw = load_project(project)
    message = "Datei ist ein symbolischer Link; bitte die Datei selbst einchecken"
    assert [str(p) for p in raw.problems] == [
        f"municipalities/musterdorf/offers/geheim.yml:1: datei: {message}",
        f"content/pages/geheim.de.md:1: datei: {message}",
    ]


def test_the_limits_are_far_above_every_shipped_file():
    files = [p for p in (REPO / "municipalities").rglob("*.yml")] + list((REPO / "content").glob("*.yml"))
    pages = list((REPO / "content").rglob("*.md"))
    assert len(files) > 100 and len(pages) > 50
    assert max(p.stat().st_size for p in files + [REPO / "mkdocs.yml"]) * 10 < MAX_YAML_BYTES
    assert max(p.stat().st_size for p in pages) * 10 < MAX_TEXT_BYTES
    raw = load_project(REPO)
    assert raw.problems == []
    assert len(raw.offers) == len([p for p in files if p.parent.name == "offers"])


def test_windows_line_ends_read_like_unix_ones(project):
    offer = project / "municipalities/musterdorf/offers/sprachcafe-musterdorf.yml"
    unix = load_project(project)
    offer.write_bytes(offer.read_bytes().replace(b"\n", b"\r\n"))
    windows = load_project(project)
    pick = lambda raw: [(d.data, d.lines) for _, i, d in raw.offers if i == "sprachcafe-musterdorf"]
    assert pick(windows) == pick(unix) != []


def test_validate_on_the_command_line_names_the_hostile_file_and_exits_1(project):
    (project / "municipalities/musterdorf/offers/lachen.yml").write_text(laughs(levels=30, width=10), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "--root", str(project), "validate"],
        capture_output=True, text=True, check=False, cwd=REPO, timeout=120,
    )
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "municipalities/musterdorf/offers/lachen.yml:2: yaml: YAML-Verweise (*a0) sind in Datendateien nicht erlaubt; bitte den Wert ausschreiben"
    ]
    assert result.stderr == "1 Problem(e) gefunden.\n"
