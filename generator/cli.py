"""The ``wegweiser`` command: the one place where errors become messages and exit codes."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _validate(args: argparse.Namespace) -> int:
    from .loader import load_project
    from .validate import check

    problems, warnings = check(load_project(Path(args.root)))
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} Problem(e) gefunden.", file=sys.stderr)
        return EXIT_PROBLEMS
    for warning in warnings:
        print(f"Warnung: {warning}")
    if warnings:
        print(f"Alle Daten sind in Ordnung; {len(warnings)} Warnung(en) zum Glossar (content/glossary.yml).", file=sys.stderr)
        return EXIT_OK
    print("Alle Daten sind in Ordnung.", file=sys.stderr)
    return EXIT_OK


def _build(args: argparse.Namespace) -> int:
    from .build import build, build_part
    from .errors import WegweiserError

    site_url = args.site_url or os.environ.get("WEGWEISER_SITE_URL")
    if args.out:
        if not args.lang or args.site:
            raise WegweiserError(message="--out baut einen Teil für wegweiser assemble: mit --lang, ohne --site")
        report = build_part(Path(args.root), Path(args.out), args.lang, jobs=args.jobs, site_url=site_url)
        print(f"Teil gebaut: {', '.join(report.languages)} in {args.out}, {report.seconds:.1f} s.", file=sys.stderr)
        return EXIT_OK
    report = build(Path(args.root), Path(args.site) if args.site else None, args.lang, jobs=args.jobs, site_url=site_url)
    print(
        f"Seite gebaut: {len(report.languages)} Sprachen ({', '.join(report.languages)}), "
        f"{report.pages_per_language} Seiten je Sprache, {report.seconds:.1f} s.",
        file=sys.stderr,
    )
    return EXIT_OK


def _assemble(args: argparse.Namespace) -> int:
    from .build import assemble

    site_url = args.site_url or os.environ.get("WEGWEISER_SITE_URL")
    report = assemble(Path(args.root), [Path(part) for part in args.parts], Path(args.site) if args.site else None, site_url=site_url)
    print(f"Seite zusammengesetzt: {len(report.languages)} Sprachen ({', '.join(report.languages)}), "
          f"{report.seconds:.1f} s.", file=sys.stderr)
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(Path(args.root), args.address, args.lang)


def _translations(args: argparse.Namespace) -> int:
    from . import translations as tr
    from .build import check_languages
    from .errors import WegweiserError
    from .glossary import findings
    from .loader import load_project
    from .model import build_directory
    from .validate import validate

    raw = load_project(Path(args.root))
    problems = validate(raw)
    if problems:
        raise WegweiserError(problems)
    directory = build_directory(raw)
    langs = check_languages(directory, [args.lang] if args.lang else None)
    if args.action == "report":
        statuses = [tr.status(directory, lang) for lang in langs]
        glossary = [str(problem) for lang, problem in findings(raw) if lang in langs]
        sys.stdout.write(tr.format_report(statuses, details=not args.summary, glossary=glossary))
        return EXIT_OK
    if not args.lang or args.lang == directory.config.source_language:
        from .errors import WegweiserError

        raise WegweiserError(message="--lang mit der Zielsprache angeben, z. B. --lang ar")
    if args.action == "export":
        data = tr.export_review(directory, raw, args.lang) if args.review else tr.export_po(directory, args.lang)
        if args.file == "-":
            sys.stdout.write(data.decode("utf-8"))
        else:
            from .writer import write_if_changed

            write_if_changed(Path(args.file), data.decode("utf-8"))
            print(f"{args.file} geschrieben.", file=sys.stderr)
        return EXIT_OK
    if args.reviewed:
        return _import_review(args, raw, directory)
    return _import_translations(args, directory)


def _import_review(args: argparse.Namespace, raw, directory) -> int:
    """A reviewer's file back: corrections into the files, and the texts they confirmed (not fuzzy)
    marked as reviewed: an offer's language leaves ``unreviewed`` and a page loses ``reviewed: false``
    only when every text of that language in the file was confirmed."""
    from collections import defaultdict

    from . import translations as tr
    from .errors import Problem, WegweiserError
    from .markup import text_problems
    from .writer import set_page_text, set_yaml_texts

    root, lang = Path(args.root), args.lang
    data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    texts = {t.key: t for t in tr.review_texts(directory, raw, lang)}
    by_file: dict[str, list] = defaultdict(list)
    problems = []
    for entry in tr.read_review(data, lang):
        known = texts.get(f"{entry.file}#{entry.field}")
        if known is None:
            problems.append(Problem(args.file, 1, entry.field, f"unbekannter Text {entry.file}#{entry.field}"))
            continue
        for message in text_problems(entry.text, prose=True, internal_links=entry.file.startswith("content/pages/")):
            problems.append(Problem(entry.file, known.line, f"{entry.field}.{lang}", message))
        by_file[entry.file].append(entry)
    if problems:
        raise WegweiserError(problems)  # nothing written
    confirmed = corrected = marked = 0
    for file, entries in sorted(by_file.items()):
        current = {t.field: t for t in texts.values() if t.file == file}
        changes = {e.field: e.text for e in entries if e.text != current[e.field].text}
        done = {e.field for e in entries if e.confirmed}
        confirmed, corrected = confirmed + len(done), corrected + len(changes)
        was_reviewed = all(t.reviewed for t in current.values())
        if any(t.reviewed is None for t in current.values()):  # categories, glossary: no review mark
            if changes:
                set_yaml_texts(root / file, lang, changes)
            continue
        all_done = set(current) <= done
        if file.endswith(".md"):
            set_page_text(root / file, changes.get("text"), reviewed=was_reviewed or all_done)
        elif changes or all_done:
            set_yaml_texts(root / file, lang, changes, reviewed=all_done)
        if not was_reviewed:
            if all_done:
                marked += 1
                print(f"{file}: {lang} geprüft", file=sys.stderr)
            else:
                print(f"{file}: {lang} bleibt ungeprüft ({len(done & set(current))} von {len(current)} Texten bestätigt)", file=sys.stderr)
    print(f"{confirmed} Text(e) bestätigt, {corrected} korrigiert; {marked} Datei(en) als geprüft markiert.", file=sys.stderr)
    return _validate(args)


def _import_translations(args: argparse.Namespace, directory) -> int:
    from collections import defaultdict

    from . import translations as tr
    from .errors import Problem, WegweiserError
    from .markup import text_problems
    from .writer import set_yaml_texts

    root = Path(args.root)
    data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    known = {(file, name) for file, name, _ in tr.content_texts(directory)}
    by_file: dict[str, dict[str, str]] = defaultdict(dict)
    problems = []
    for t in tr.read_translations(data, args.lang):
        if (t.file, t.field) not in known:
            problems.append(Problem(args.file, 1, t.field, f"unbekannter Text {t.file}#{t.field}"))
            continue
        for message in text_problems(t.text, prose=True):
            problems.append(Problem(t.file, 1, f"{t.field}.{args.lang}", message))
        by_file[t.file][t.field] = t.text
    if problems:
        raise WegweiserError(problems)  # nothing written
    from . import format as fmt
    from .writer import write_if_changed

    data_files = sorted(file for file in by_file if fmt.kind_of(file))
    unformatted = fmt.format_files(root, data_files, directory.config.languages)[0]
    for file, texts in sorted(by_file.items()):
        set_yaml_texts(root / file, args.lang, texts, unreviewed=args.unreviewed and file.endswith(".yml") and file.startswith("municipalities/"))
    house = [file for file in data_files if file not in unformatted]  # files in house format stay in it
    for file, text in fmt.format_files(root, house, directory.config.languages)[0].items():
        write_if_changed(root / file, text)
    count = sum(len(t) for t in by_file.values())
    print(f"{count} Übersetzung(en) in {len(by_file)} Datei(en) übernommen.", file=sys.stderr)
    return _validate(args)


def _report(args: argparse.Namespace) -> int:
    import datetime as dt
    import json

    from . import report as rp
    from .build import load_valid
    from .errors import WegweiserError

    today = dt.date.today()
    if args.today:
        try:
            today = dt.date.fromisoformat(args.today)
        except ValueError:
            raise WegweiserError(message=f"--today: \"{args.today}\" ist kein Datum (Form JJJJ-MM-TT)") from None
    if not args.due and (args.format != "markdown" or args.open_issues):
        raise WegweiserError(message="--format json, --format issues und --open-issues gibt es nur mit --due")
    directory = load_valid(Path(args.root), today, args.site_url or os.environ.get("WEGWEISER_SITE_URL"))
    if not args.due:
        text = rp.report(directory, today)
    elif args.format == "markdown":
        text = rp.due_report(directory, today)
    elif args.format == "json":
        text = json.dumps(rp.due_data(directory, today), ensure_ascii=False, indent=2) + "\n"
    else:
        open_issues = []
        if args.open_issues:
            try:
                open_issues = json.loads(Path(args.open_issues).read_text(encoding="utf-8"))
                if not isinstance(open_issues, list) or not all(
                        isinstance(i, dict) and isinstance(i.get("number"), int) and isinstance(i.get("title"), str)
                        for i in open_issues):
                    raise ValueError
            except (OSError, ValueError):
                raise WegweiserError(message=(f"--open-issues: {args.open_issues} ist keine JSON-Liste von Issues "
                                              "(gh issue list --json number,title,body)")) from None
        text = json.dumps(rp.issue_actions(directory, today, open_issues), ensure_ascii=False, indent=2) + "\n"
    if args.output in (None, "-"):
        sys.stdout.write(text)
        return EXIT_OK
    from .writer import write_if_changed

    write_if_changed(Path(args.output), text)
    print(f"{args.output} geschrieben.", file=sys.stderr)
    return EXIT_OK


def _confirm(args: argparse.Namespace) -> int:
    from .confirm import confirm

    done = confirm(Path(args.root), args.offer, args.source, how=args.how, url=args.url, date=args.date, fields=args.fields)
    for line in done.summary():
        print(line, file=sys.stderr)
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from . import jsonschema
    from .build import load_valid
    from .writer import ensure_first_line, write_if_changed

    root = Path(args.root)
    changed = [rel for rel, text in jsonschema.schemas(load_valid(root)).items() if write_if_changed(root / rel, text)]
    headed = sum(
        ensure_first_line(root / rel, jsonschema.header(kind, rel.count("/")))
        for kind, rel in jsonschema.data_files(root)
    )
    print(f"{len(changed)} Schema-Datei(en) geändert, {headed} Datendatei(en) mit Schema-Verweis versehen.", file=sys.stderr)
    return EXIT_OK


def _new_offer(args: argparse.Namespace) -> int:
    from .build import load_valid
    from .errors import WegweiserError
    from .loader import DISTRICT_FOLDER
    from .offer_template import offer_template
    from .validate import SLUG
    from .writer import write_if_changed

    root = Path(args.root)
    directory = load_valid(root)
    slugs = {m.slug for m in directory.municipalities} | {DISTRICT_FOLDER}
    if args.municipality not in slugs:
        raise WegweiserError(message=f"unbekannte Gemeinde \"{args.municipality}\" (Ordnernamen unter municipalities/)")
    if not SLUG.match(args.id):
        raise WegweiserError(message=f"\"{args.id}\" ist keine gültige Kennung (nur a-z, 0-9 und -, z. B. sprachcafe-birkenfeld)")
    if args.id in directory.offers or any(r.old == args.id for r in directory.redirects):
        raise WegweiserError(message=f"die Kennung \"{args.id}\" ist schon vergeben")
    path = root / "municipalities" / args.municipality / "offers" / f"{args.id}.yml"
    write_if_changed(path, offer_template(directory, args.municipality))
    print(f"{path.relative_to(root)} angelegt: Lücken ausfüllen, dann `wegweiser validate`.", file=sys.stderr)
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    """``wegweiser import FILE``: offers from a spreadsheet (CSV or XLSX as /daten/angebote.csv), an HSDS
    3.1 services document or tabular data package (/daten/hsds/de/), or Integreat's POI CSV."""
    from .build import load_valid
    from .errors import WegweiserError
    from .loader import DISTRICT_FOLDER, load_project, read_import_file, read_import_package, read_text
    from .opendata import importer
    from .writer import write_if_changed

    root = Path(args.root)
    directory = load_valid(root)
    path = Path(args.file)
    package = path.is_dir() or path.name == importer.PACKAGE  # an HSDS tabular data package
    try:
        data = read_import_package(path) if package else read_import_file(path)
    except OSError as err:
        raise WegweiserError(message=f"{args.file}: lässt sich nicht lesen ({err.strerror})") from err
    verified = importer.german_date(args.verified) if args.verified else None
    if args.verified and verified is None:
        raise WegweiserError(message=f"--verified: „{args.verified}“ ist kein Datum (Beispiel: 31.12.2025)")
    folders = {m.slug for m in directory.municipalities} | {DISTRICT_FOLDER}
    if args.folder and args.folder not in folders:
        raise WegweiserError(message=f"--folder: unbekannte Gemeinde \"{args.folder}\" (Ordnernamen unter municipalities/)")
    if package:
        records, problems = importer.read_package(data, args.file, directory)
    else:
        records, problems = importer.read_any(data, args.file, directory, args.source, verified, args.folder)
    where = importer.package_file(args.file, "service") if package else args.file  # the file of the rows
    files, by_row = importer.plan(load_project(root), directory, records, where, update=args.update,
                                  text_of=lambda rel: read_text(root / rel, root)[0])
    read = {(p.line, p.field) for p in problems}  # the validation's word on a cell already reported is left out
    problems = sorted(importer.with_columns(
        problems + [p for found in by_row.values() for p in found if (p.line, p.field) not in read],
        importer.import_headers(data, args.file, package)))
    bad_rows = {p.line for p in problems}
    if problems and not args.skip_invalid:
        raise WegweiserError(problems)
    for problem in problems:
        print(problem)
    for rel, (row, text) in files.items():
        if row in bad_rows:
            continue
        if args.dry_run:
            print(f"würde schreiben: {rel} (Zeile {row})", file=sys.stderr)
        else:
            write_if_changed(root / rel, text)
            print(f"geschrieben: {rel} (Zeile {row})", file=sys.stderr)
    if problems:
        print(f"{len(problems)} Problem(e); diese Zeilen wurden übersprungen.", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def _format(args: argparse.Namespace) -> int:
    from . import format as fmt
    from .config import read_config
    from .errors import Problem, WegweiserError
    from .loader import load_yaml_file
    from .writer import write_if_changed

    root = Path(args.root)
    config_doc, problems = load_yaml_file(root / "mkdocs.yml", root) if (root / "mkdocs.yml").is_file() else (None, [Problem("mkdocs.yml", 1, "datei", "Datei fehlt")])
    if config_doc is None:
        raise WegweiserError(problems)
    config, problems = read_config(config_doc)
    if problems:
        raise WegweiserError(problems)
    files = None
    if args.files:  # relative to the project folder
        files = []
        for name in args.files:
            path = Path(name)
            try:
                files.append(path.resolve().relative_to(root.resolve()).as_posix() if path.is_absolute() else path.as_posix())
            except ValueError:
                problems.append(Problem(name, 1, "datei", fmt.NOT_A_DATA_FILE))
    total = len(files) if files is not None else len(fmt.data_files(root))
    changed, first, found = fmt.format_files(root, files, config.languages)
    problems += found
    if problems:
        raise WegweiserError(problems)  # nothing written
    if args.check:
        for rel in sorted(changed):
            print(Problem(rel, first[rel], "format", fmt.NOT_HOUSE_FORMAT.format(file=rel)))
        if changed:
            print(f"{len(changed)} von {total} Datei(en) nicht im Hausformat.", file=sys.stderr)
            return EXIT_PROBLEMS
        print(f"Alle {total} Datei(en) sind im Hausformat.", file=sys.stderr)
        return EXIT_OK
    for rel, text in sorted(changed.items()):
        write_if_changed(root / rel, text)
        print(rel)
    print(f"{len(changed)} von {total} Datei(en) formatiert.", file=sys.stderr)
    return EXIT_OK


def _geocode(args: argparse.Namespace) -> int:
    from .geocode import run

    return run(Path(args.root), endpoint=args.endpoint, user_agent=args.user_agent)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="wegweiser", description="Wegweiser Enzkreis: Daten prüfen und die Seite bauen.")
    p.add_argument("--version", action="version", version=f"wegweiser {__version__}")
    p.add_argument("--root", default=".", help="Projektordner (Standard: aktueller Ordner)")
    p.add_argument("--debug", action="store_true", help="bei internen Fehlern den Python-Traceback zeigen")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="alle Daten prüfen").set_defaults(func=_validate)
    b = sub.add_parser("build", help="Daten prüfen und die Seite nach site/ bauen")
    b.add_argument("--site", help="Zielordner (Standard: site/)")
    b.add_argument("--lang", action="append", help="nur diese Sprache bauen (mehrfach möglich)")
    b.add_argument("--jobs", type=int, default=2, help="Sprachen gleichzeitig bauen (Standard: 2)")
    b.add_argument("--site-url", help="Adresse der Seite für Links und QR-Codes (Standard: $WEGWEISER_SITE_URL, sonst site_url aus mkdocs.yml)")
    b.add_argument("--out", help="nur die Sprachen aus --lang in diesen Ordner bauen, als Teil für wegweiser assemble")
    b.set_defaults(func=_build)
    a = sub.add_parser("assemble", help="Teile aus wegweiser build --lang X --out ORDNER zu einer Seite zusammensetzen")
    a.add_argument("parts", nargs="+", metavar="ORDNER", help="Ordner von wegweiser build --out")
    a.add_argument("--site", help="Zielordner (Standard: site/)")
    a.add_argument("--site-url", help="Adresse der Seite, wie beim Bauen der Teile (Standard: $WEGWEISER_SITE_URL, sonst site_url aus mkdocs.yml)")
    a.set_defaults(func=_assemble)
    t = sub.add_parser("translations", help="Stand der Übersetzungen; Austausch mit Übersetzern (PO-Dateien)")
    t.add_argument("action", nargs="?", default="report", choices=("report", "export", "import"),
                   help="report: Stand je Sprache (Standard); export: fehlende Texte als PO; import: PO zurück in die YAML-Dateien")
    t.add_argument("--lang", help="nur diese Sprache")
    t.add_argument("--file", default="-", help="PO-Datei für export/import (Standard: - für Standardaus-/eingabe)")
    t.add_argument("--summary", action="store_true", help="nur die Tabelle, ohne Liste der Lücken")
    t.add_argument("--unreviewed", action="store_true", help="beim Import: als noch nicht von Menschen geprüft markieren")
    t.add_argument("--review", action="store_true",
                   help="beim Export: alle Texte der Sprache zum Prüfen (mit deutschem Text, Datei und Zeile, Glossar; ungeprüfte als fuzzy)")
    t.add_argument("--reviewed", action="store_true",
                   help="beim Import: eine geprüfte Datei aus --review; Texte ohne fuzzy gelten als geprüft")
    t.set_defaults(func=_translations)
    r = sub.add_parser("report", help="Bericht über den Stand der Daten als Markdown (für Pull Requests)")
    r.add_argument("--output", help="in diese Datei schreiben (Standard: Standardausgabe)")
    r.add_argument("--due", action="store_true",
                   help="nur die fälligen Prüfungen (nicht geprüft seit 12 Monaten), je Zuständigen (steward, sonst Träger)")
    r.add_argument("--format", choices=("markdown", "json", "issues"), default="markdown",
                   help="mit --due: markdown (Standard), json, oder issues (was der Erinnerungs-Workflow auf GitHub tut)")
    r.add_argument("--open-issues", metavar="DATEI",
                   help="mit --format issues: die offenen Erinnerungen als JSON (gh issue list --label pruefung-faellig --json number,title,body)")
    r.add_argument("--today", metavar="JJJJ-MM-TT", help="Stichtag (Standard: heute)")
    r.add_argument("--site-url", help="Adresse der Seite für die Links in den Redaktionsbereich (Standard: $WEGWEISER_SITE_URL, sonst site_url aus mkdocs.yml)")
    r.set_defaults(func=_report)
    c = sub.add_parser("confirm", help="ein Angebot als geprüft markieren: „Noch aktuell“ (verified und eine neue Quelle)")
    c.add_argument("offer", help="Kennung des Angebots (Dateiname ohne .yml)")
    c.add_argument("--source", required=True, help="was geprüft wurde, z. B. \"Anruf im Bürgerbüro, Frau M.\"")
    c.add_argument("--how", choices=("telefon", "webseite", "besuch"), help="wie geprüft wurde (steht dann vor dem Text)")
    c.add_argument("--url", help="Adresse der geprüften Quelle, z. B. der Webseite")
    c.add_argument("--date", help="Tag der Prüfung, JJJJ-MM-TT (Standard: heute; nie in der Zukunft)")
    c.add_argument("--fields", help="nur diese Angaben wurden geprüft, z. B. phone,opening_hours (Standard: alle); "
                                    "verified bleibt dann, wie es war")
    c.set_defaults(func=_confirm)
    sub.add_parser("schema", help="JSON-Schemas für Editoren nach schema/ schreiben").set_defaults(func=_schema)
    fm = sub.add_parser("format", help="Datendateien ins Hausformat bringen (Kopfzeile, Reihenfolge der Felder, Einrückung)")
    fm.add_argument("files", nargs="*", metavar="DATEI", help="nur diese Dateien, relativ zum Projektordner (Standard: alle Datendateien)")
    fm.add_argument("--check", action="store_true", help="nichts schreiben; Dateien nennen, die nicht im Hausformat sind (Exit-Status 1)")
    fm.set_defaults(func=_format)
    im = sub.add_parser("import", help="Angebote aus einer Tabelle (CSV wie /daten/angebote.csv) als Angebotsdateien anlegen")
    im.add_argument("file", help="die Tabelle (CSV oder XLSX; UTF-8 oder Windows-1252; ; , oder Tab), ein HSDS-Dokument "
                    "(services.json), ein HSDS-Datenpaket (datapackage.json oder sein Ordner) oder Integreats POI-CSV")
    im.add_argument("--dry-run", action="store_true", help="nur zeigen, was geschrieben würde")
    im.add_argument("--update", action="store_true", help="vorhandene Angebote ändern (nur die Felder der Tabelle)")
    im.add_argument("--skip-invalid", action="store_true", help="gültige Zeilen schreiben, die anderen melden")
    im.add_argument("--source", help="Quelle aller Zeilen, wo die Datei keine nennt (Integreat-Dateien)")
    im.add_argument("--folder", help="Ordner (Gemeinde oder enzkreis) für Zeilen, deren Ort keine Gemeinde des Kreises ist (Integreat-Dateien)")
    im.add_argument("--verified", help="Prüfdatum aller Zeilen, wo die Datei keines nennt (TT.MM.JJJJ; Integreat-Dateien)")
    im.set_defaults(func=_import)
    n = sub.add_parser("new", help="neue Datei anlegen: new offer <gemeinde> <kennung>")
    n.add_argument("what", choices=("offer",), help="was angelegt wird")
    n.add_argument("municipality", help="Ordnername der Gemeinde (oder enzkreis für den ganzen Kreis)")
    n.add_argument("id", help="Kennung des Angebots, wird zum Dateinamen")
    n.set_defaults(func=_new_offer)
    g = sub.add_parser("geocode", help="fehlende Koordinaten aus den Adressen nachschlagen (OpenStreetMap Nominatim)")
    g.add_argument("--endpoint", help="Nominatim-Dienst (Standard: $WEGWEISER_NOMINATIM, sonst https://nominatim.openstreetmap.org)")
    g.add_argument("--user-agent", help="Kennung der Anfragen (Standard: wegweiser-enzkreis/<Version> (+repo_url aus mkdocs.yml))")
    g.set_defaults(func=_geocode)
    s = sub.add_parser("serve", help="Vorschau mit automatischem Neuladen")
    s.add_argument("--lang", action="append", help="nur diese Sprache bauen (schneller; mehrfach möglich)")
    s.add_argument("--address", default="127.0.0.1:8000", help="Adresse (Standard: 127.0.0.1:8000)")
    s.set_defaults(func=_serve)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from .errors import WegweiserError

    try:
        return args.func(args)
    except WegweiserError as err:
        for line in err.lines():
            print(line, file=sys.stdout if err.problems else sys.stderr)
        if err.problems:
            print(f"{len(err.problems)} Problem(e) gefunden; die Seite wurde nicht verändert.", file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # never a traceback for users; --debug shows it
        if args.debug:
            raise
        print(f"Interner Fehler: {type(err).__name__}: {err} (mit --debug mehr Details; bitte melden)", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
