"""Random YAML structures and strings through loading and validation: messages, never a crash."""

from __future__ import annotations


import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import TODAY
from generator.loader import load_project, parse_yaml
from generator.schema import OFFER_FIELDS
from generator.validate import validate

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
    st.dates(), st.sampled_from(["de", "enzkreis", "musterdorf", "language", "07231 308-0", "<script>", "\u202e"]),
)
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8) | st.sampled_from(["de", "en", "lat", "lon", "street"]), children, max_size=4),
    max_leaves=12,
)
offers = st.dictionaries(st.sampled_from(sorted(OFFER_FIELDS) + ["x", "Name"]), values, max_size=10)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=offers)
def test_random_offers_give_messages_not_crashes(project, data):
    path = project / "municipalities/musterdorf/offers/zufall.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    problems = validate(load_project(project), today=TODAY)
    for problem in problems:
        assert problem.file and problem.line >= 1 and problem.field and problem.message


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=80))
def test_random_text_parses_or_reports(text):
    doc, problems = parse_yaml(text, "x.yml")
    assert (doc is None) == bool(problems)
    for problem in problems:
        assert problem.line >= 1 and (
            problem.message.startswith(("YAML-Syntaxfehler", "Schlüssel", "YAML-Verweise (*"))
            or problem.message.endswith(("ist kein gültiges Datum (Beispiel: 2026-01-31)",
                                         "kann nicht gelesen werden; bitte in Anführungszeichen setzen"))
        )
