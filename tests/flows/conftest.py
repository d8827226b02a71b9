import shutil
from pathlib import Path

import pytest
from prefect.testing.utilities import prefect_test_harness

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True, scope="session")
def prefect_backend():
    # One temporary Prefect server for the whole session: starting one costs ~8 s.
    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.fixture
def review_dir(tmp_path: Path) -> Path:
    """A copy of the default review's protocol in a fresh folder."""
    target = tmp_path / "review"
    target.mkdir()
    shutil.copy(REPO / "review.toml", target / "review.toml")
    return target
