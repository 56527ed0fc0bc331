"""Shared by the page tests: a workspace holding the sample data, and AppTest runs through app.py.

Loading the sample data takes a few seconds, so it is built once per test
run and each test gets its own copy of the file (a page may write to it).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest, app_test

from salesdash import load, store

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE_WEEKLY = "pages/weekly.py"


@cache
def _sample_db() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="salesdash-sample-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "sample.duckdb"
    con = store.connect(path)
    try:
        load.load_sample(con)
    finally:
        con.close()
    return path


def sample_copy(folder: Path) -> Path:
    """A fresh copy of the sample workspace in `folder`."""
    target = folder / "ws.duckdb"
    shutil.copyfile(_sample_db(), target)
    return target


class _EntryScriptPagesManager(PagesManager):
    """A PagesManager that never falls back to Streamlit's legacy `pages/` mode.

    AppTest forgets, before every run, that app.py called st.navigation; with
    a folder named `pages/` beside app.py Streamlit then runs the page
    script alone on every run after the first (no sidebar, no filters). A
    real server remembers per process (see pages.common).
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        PagesManager.uses_pages_directory = False


@pytest.fixture(autouse=True)
def through_app_py(monkeypatch):
    """Every AppTest run goes through app.py, as in a browser."""
    monkeypatch.setattr(app_test, "PagesManager", _EntryScriptPagesManager)


@pytest.fixture
def sample_workspace(tmp_path, monkeypatch) -> Path:
    """The app's workspace (SALESDASH_DB) is a fresh copy of the sample data."""
    db = sample_copy(tmp_path)
    monkeypatch.setenv("SALESDASH_DB", str(db))
    return db


@pytest.fixture
def no_data(tmp_path, monkeypatch) -> Path:
    """The app's workspace is a new, empty file."""
    db = tmp_path / "empty.duckdb"
    monkeypatch.setenv("SALESDASH_DB", str(db))
    return db


def open_app(**query_params: str | list[str]) -> AppTest:
    """Run app.py once, as a browser opening a link with these parameters."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query_params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return at
