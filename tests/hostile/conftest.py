"""Fixtures of the hostile-input tests: a workspace of attack names, AppTest through app.py."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest, app_test

from tests.hostile.rendered import (
    PAGES,
    KeptManager,
    KeptStorage,
    downloads,
    keep_downloads,
    open_page,
)
from tests.hostile.workbook import _built
from tests.pages.sample_workspace import _EntryScriptPagesManager, no_data, through_app_py

__all__ = ["hostile_workspace", "keep_downloads", "no_data", "page_runs", "through_app_py"]


def _built_here(factory: pytest.TempPathFactory) -> Path:
    return _built(str(factory.getbasetemp() / "hostile-built"))


@pytest.fixture
def hostile_workspace(tmp_path, tmp_path_factory, monkeypatch) -> Path:
    """The app's workspace (SALESDASH_DB) is a fresh copy of the hostile workbook, loaded."""
    db = tmp_path / "ws.duckdb"
    shutil.copyfile(_built_here(tmp_path_factory), db)
    monkeypatch.setenv("SALESDASH_DB", str(db))
    return db


@dataclass
class PageRun:
    at: AppTest
    downloads: dict[str, bytes]  # file name -> bytes of each download button


@pytest.fixture(scope="session")
def page_runs(tmp_path_factory) -> dict[str, PageRun]:
    """Every page opened once on the hostile workspace, with its downloads (the runs only read)."""
    db = tmp_path_factory.getbasetemp() / "hostile-pages.duckdb"
    shutil.copyfile(_built_here(tmp_path_factory), db)
    runs = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SALESDASH_DB", str(db))
        mp.setattr(app_test, "PagesManager", _EntryScriptPagesManager)
        mp.setattr(app_test, "MemoryMediaFileStorage", KeptStorage)
        mp.setattr(app_test, "MediaFileManager", KeptManager)
        for page in PAGES:
            at = open_page(page)
            runs[page] = PageRun(at, downloads(at))
    return runs
