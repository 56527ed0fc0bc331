"""Shared by the page tests: a workspace holding the sample data, AppTest runs through app.py
or of a page file on its own, and what a test reads off a run (cards, Plotly figures).

Loading the sample data takes a few seconds, so it is built once per test
run and each test gets its own copy of the file (a page may write to it).
"""

from __future__ import annotations

import atexit
import base64
import json
import shutil
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import duckdb
import numpy as np
import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest, app_test

from salesdash import load, store, workspace

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
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


def add_sales(db: Path, rows: Iterable[tuple[str, str, str, float]]) -> None:
    """Write (date, customer, kind, amount) sales rows straight into workspace `db`."""
    with workspace.writing(db, timeout=10) as con:
        con.executemany(
            "insert into sales (date, customer, kind, amount) values (?, ?, ?, ?)", rows
        )


def read_only(db: Path) -> duckdb.DuckDBPyConnection:
    """A connection to look into workspace `db` beside a running app (which opens it read-only)."""
    return duckdb.connect(str(db), read_only=True)


def release(at: AppTest) -> None:
    """Close the workspace a page run on its own still holds, as app.py does after each run,
    so the test may write to it."""
    if "_workspace_run" in at.session_state:
        at.session_state["_workspace_run"][0].close()
        del at.session_state["_workspace_run"]


def open_script(script: str, **query_params: str | list[str]) -> AppTest:
    """Run `script` (app.py, or a page file on its own) once, as a browser opening a link
    with these parameters. A page file run on its own draws the sidebar filters itself."""
    at = AppTest.from_file(str(ROOT / script), default_timeout=60)
    for key, value in query_params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return at


def open_app(**query_params: str | list[str]) -> AppTest:
    """Run app.py once, as a browser opening a link with these parameters."""
    return open_script(APP, **query_params)


def open_app_at(page: str, **query_params: str | list[str]) -> AppTest:
    """Open app.py (the root URL forwards to the weekly review), then go to `page`."""
    at = open_app(**query_params)
    at.switch_page(page).run()
    return at


def cards(at: AppTest) -> dict[str, str]:
    """The headline cards shown: label -> value."""
    return {m.label: m.value for m in at.metric}


def chart(at: AppTest, key: str):
    """The chart element drawn under key `key`."""
    found = [c for c in at.get("plotly_chart") if c.proto.id.endswith(f"-{key}")]
    assert found, f"no chart {key}"
    return found[0]


def figure(at: AppTest, key: str) -> dict:
    """The Plotly figure drawn under chart key `key`."""
    return json.loads(chart(at, key).proto.spec)


def figures(at: AppTest) -> list[dict]:
    """Every Plotly figure of the run, in the order drawn."""
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def by_name(fig: dict) -> dict[str, dict]:
    """A figure's traces by their name (legend entry)."""
    return {trace.get("name"): trace for trace in fig["data"]}


def values(trace: dict, axis: str) -> list:
    """A trace's x or y as a list (Plotly writes numeric arrays base64-encoded)."""
    data = trace[axis]
    if isinstance(data, dict):
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"]).tolist()
    return list(data)
