"""The benchmark's synthetic data: valid, and never written into the repository (nothing is timed here)."""

from __future__ import annotations

import importlib.util
import shutil
import sys
import tempfile
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]


def _load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("wegweiser_bench", REPO / "tests" / "benchmarks" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bench = _load_bench()


@pytest.fixture
def temp_root():
    """A temporary folder made the way the benchmark makes its own."""
    folder = Path(tempfile.mkdtemp(prefix="wegweiser-bench-test-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_tiny_synthetic_project_is_valid_and_outside_the_repository(temp_root: Path):
    root = bench.make_synthetic_project(temp_root / "project", municipalities=2, offers=2, languages=2)

    assert root.resolve() != REPO and REPO not in root.resolve().parents
    assert bench.problems_of(root) == []
    offers = sorted(p.name for p in (root / "municipalities").glob("*/offers/*.yml"))
    assert len(offers) == 2 * 2 + len(bench.DISTRICT_OFFERS)
    repo_data = REPO / "municipalities"
    assert not any((repo_data / p.parent.parent.name).exists() for p in (root / "municipalities").glob(f"{bench.SLUG_PREFIX}*/municipality.yml"))


def test_refuses_to_write_into_the_repository():
    with pytest.raises(ValueError):
        bench.make_synthetic_project(REPO / "municipalities" / "bench-test", municipalities=1, offers=1, languages=1)
    assert not (REPO / "municipalities" / "bench-test").exists()


def test_more_languages_than_supported_is_a_clear_error():
    with pytest.raises(ValueError, match="more languages come later"):
        bench.choose_languages(len(bench.BENCH_LANGUAGES) + 1)


def test_synthetic_data_grows_by_districts_not_across_the_whole_directory(temp_root: Path):
    """Offers serve their own town or towns of its district: no town's lists grow with the number of towns."""
    import yaml

    towns = bench.DISTRICT_SIZE + 5
    root = bench.make_synthetic_project(temp_root / "project", municipalities=towns, offers=40, languages=1)
    slugs = sorted(p.parent.name for p in (root / "municipalities").glob(f"{bench.SLUG_PREFIX}*/municipality.yml"))
    order = [bench.SLUG_PREFIX + bench._ascii(name) for name in bench.municipality_names(towns)]
    assert sorted(order) == slugs
    district_of = {slug: i // bench.DISTRICT_SIZE for i, slug in enumerate(order)}
    serving_many = 0
    for path in (root / "municipalities").glob(f"{bench.SLUG_PREFIX}*/offers/*.yml"):
        serves = yaml.safe_load(path.read_text(encoding="utf-8")).get("serves")
        if serves is None:
            continue
        assert isinstance(serves, list), path  # never the whole directory ("enzkreis")
        home = district_of[path.parent.parent.name]
        assert {district_of[s] for s in serves} == {home}, path
        serving_many += len(serves) > 4
    assert serving_many > 0  # district-wide offers exist
    assert bench.problems_of(root) == []


def test_series_steps_are_read_and_checked():
    assert str(bench.Step.parse("28x50x1")) == "28x50x1"
    assert bench.Step.parse("400X50X10") == bench.Step(400, 50, 10)
    with pytest.raises(ValueError, match="MUNICIPALITIESxOFFERSxLANGUAGES"):
        bench.Step.parse("28x50")
    with pytest.raises(SystemExit):
        bench.parse_args(["--series", "2x2x11"])
    assert bench.jobs_for(1, None) == [1] and bench.jobs_for(10, None) == [1, 2]


@pytest.mark.slow
def test_a_tiny_series_prints_every_column_and_the_targets(capsys):
    assert bench.main(["--series", "2x2x1,3x2x1", "--jobs", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    header = out[1].split()
    rows = {line.split()[0]: dict(zip(header, line.split())) for line in out[2:4]}
    assert list(rows) == ["2x2x1", "3x2x1"]
    small, large = rows["2x2x1"], rows["3x2x1"]
    # one more town: its page, 11 topic pages, its handout and its 2 offers
    assert int(large["pages"]) - int(small["pages"]) == 1 + 11 + 1 + 2
    assert small["growth"] == "-"
    assert float(large["growth"]) == pytest.approx(float(large["ms/page"]) / float(small["ms/page"]), abs=0.02)
    for row in rows.values():
        whole, parts = float(row["whole_s"]), [float(row[k]) for k in ("gen_s", "post_s", "mkdocs_s")]
        assert all(part > 0 for part in parts) and sum(parts) == pytest.approx(whole, abs=0.2)
        # the ratio is printed from unrounded times; the seconds columns are rounded to 0.005 s each
        low = (parts[0] + parts[1] - 0.01) / (float(row["plain_s"]) + 0.005)
        high = (parts[0] + parts[1] + 0.01) / (float(row["plain_s"]) - 0.005)
        assert low - 0.005 <= float(row["(gen+post)/plain"]) <= high + 0.005
        assert 20 < float(row["gen_MB"]) <= float(row["run_MB"])  # the run adds the MkDocs process
        assert float(row["cpu_own/plain"]) > 0
    assert any(line.startswith("per-page cost, largest / smallest step (1 language, jobs=1): ") for line in out)
    assert any(line.startswith("generator + post-processing / plain MkDocs, worst step: ") for line in out)
    assert any(line.startswith("the same in CPU time, worst step: ") for line in out)
