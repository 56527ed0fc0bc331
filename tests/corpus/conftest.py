"""The corpus works on a real workspace file that already holds an upload, so
"nothing changed" after a refusal is a comparison with something."""

from __future__ import annotations

import shutil

import pytest

from salesdash import load, store
from tests.corpus.check import BASELINE
from tests.fixtures import write_csv


@pytest.fixture(scope="session")
def _baseline_db(tmp_path_factory):
    """Built once: a workspace file holding the two baseline sales rows (upload #1)."""
    folder = tmp_path_factory.mktemp("corpus-baseline")
    db = folder / "w.duckdb"
    con = store.connect(db)
    result = load.load_file(con, write_csv(folder / "baseline.csv", BASELINE))
    assert result.status == "loaded", result.message
    con.close()
    return db


@pytest.fixture
def ws(tmp_path, _baseline_db):
    """A file-backed workspace of its own, holding the baseline upload."""
    db = tmp_path / "w.duckdb"
    shutil.copyfile(_baseline_db, db)
    con = store.connect(db)
    yield con
    con.close()


@pytest.fixture
def files(tmp_path):
    """Where a test writes the files it uploads (apart from the workspace)."""
    folder = tmp_path / "files"
    folder.mkdir()
    return folder
