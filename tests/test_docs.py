"""The docs live beside the code: every field of the data format is documented in the README."""

import re
from pathlib import Path

from generator import schema

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_field_reference_matches_the_schema():
    documented = README.split("<!-- felder:start -->\n", 1)[1].split("<!-- felder:end -->", 1)[0]
    assert documented == schema.field_tables(), "README is out of date: python -m generator.schema"


def test_every_field_is_in_the_reference():
    for _, fields in schema.TABLES:
        for name in fields:
            assert f"| `{name}` |" in README


def test_readme_opens_with_the_two_commands():
    first_block = re.search(r"```sh\n(.*?)```", README, re.S).group(1).splitlines()
    assert [line.split("#")[0].strip() for line in first_block] == ["./run serve", "./run test"]
    assert "./run test" in (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()


def test_example_offer_in_the_readme_is_valid(project):
    import datetime as dt

    from generator.loader import load_project
    from generator.validate import validate

    example = re.search(r"```yaml\n(# municipalities/enzkreis/offers/beispiel-beratung.yml\n.*?)```", README, re.S).group(1)
    config = project / "mkdocs.yml"
    (project / "municipalities/enzkreis/offers/beispiel-beratung.yml").write_text(example, encoding="utf-8")
    problems = validate(load_project(project), today=dt.date(2026, 11, 28))
    assert [str(p) for p in problems] == []
    assert config.is_file()
