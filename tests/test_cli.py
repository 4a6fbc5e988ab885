"""The command line: messages, exit codes, never a traceback."""

import subprocess
import sys

from generator.cli import main


def run(project, *args):
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", "--root", str(project), *args],
        capture_output=True, text=True, check=False,
    )


def test_validate_ok(project, capsys):
    assert main(["--root", str(project), "validate"]) == 0
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err == "Alle Daten sind in Ordnung.\n"


def test_validate_reports_every_problem_and_exits_1(project):
    offer = project / "municipalities/musterdorf/offers/sprachcafe-musterdorf.yml"
    offer.write_text(offer.read_text().replace("[language]", "[sprache]") + "email: nein\n")
    (project / "municipalities/beispielstadt/offers").mkdir(exist_ok=True)
    (project / "municipalities/beispielstadt/offers/kaputt.yml").write_text("name: {de: [\n")
    result = run(project, "validate")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "municipalities/beispielstadt/offers/kaputt.yml:2: yaml: YAML-Syntaxfehler: did not find expected node content",
        'municipalities/musterdorf/offers/sprachcafe-musterdorf.yml:5: categories: unbekannte Kategorie "sprache"',
        'municipalities/musterdorf/offers/sprachcafe-musterdorf.yml:12: email: "nein" ist keine gültige E-Mail-Adresse',
    ]
    assert result.stderr == "3 Problem(e) gefunden.\n"
    assert "Traceback" not in result.stdout + result.stderr


def test_build_with_bad_data_says_the_site_was_not_changed(project):
    (project / "content/categories.yml").write_text("- id: x\n")
    result = run(project, "build")
    assert result.returncode == 1
    assert "content/categories.yml:1: icon: Pflichtfeld fehlt" in result.stdout
    assert result.stderr.endswith("Problem(e) gefunden; die Seite wurde nicht verändert.\n")
    assert not (project / "site").exists()


def test_unknown_language_is_a_message(project):
    result = run(project, "build", "--lang", "xx")
    assert result.returncode == 1
    assert result.stderr == "unbekannte Sprache: xx (Sprachen der Seite: de, en, ar)\n"


def test_missing_project_is_a_message(tmp_path):
    result = run(tmp_path, "validate")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "content/categories.yml:1: datei: Datei fehlt",
        "content/snippets/home.de.md:1: datei: Datei fehlt",
        "content/snippets/integration-management.de.md:1: datei: Datei fehlt",
        "mkdocs.yml:1: datei: Datei fehlt",
        "municipalities:1: datei: Ordner fehlt",
    ]
    assert "Traceback" not in result.stderr


def test_binary_and_non_utf8_files(project):
    (project / "municipalities/musterdorf/offers/latin1.yml").write_bytes("name: {de: Stra\xdfe}\n".encode("latin-1"))
    result = run(project, "validate")
    assert result.stdout.splitlines() == ["municipalities/musterdorf/offers/latin1.yml:1: datei: Datei ist nicht in UTF-8 gespeichert"]
