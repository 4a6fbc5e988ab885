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
