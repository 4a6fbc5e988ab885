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
