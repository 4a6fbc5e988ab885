"""The ``wegweiser`` command: the one place where errors become messages and exit codes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _validate(args: argparse.Namespace) -> int:
    from .loader import load_project
    from .validate import validate

    problems = validate(load_project(Path(args.root)))
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} Problem(e) gefunden.", file=sys.stderr)
        return EXIT_PROBLEMS
    print("Alle Daten sind in Ordnung.", file=sys.stderr)
    return EXIT_OK


def _build(args: argparse.Namespace) -> int:
    from .build import build

    report = build(Path(args.root), Path(args.site) if args.site else None, args.lang, jobs=args.jobs)
    print(
        f"Seite gebaut: {len(report.languages)} Sprachen ({', '.join(report.languages)}), "
        f"{report.pages_per_language} Seiten je Sprache, {report.seconds:.1f} s.",
        file=sys.stderr,
    )
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(Path(args.root), args.address, args.lang)


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
    b.set_defaults(func=_build)
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
