"""The Upload & data page as a newcomer meets it: empty workspace, then the sample data."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def empty_workspace(tmp_path, monkeypatch):
    db = tmp_path / "ws.duckdb"
    monkeypatch.setenv("SALESDASH_DB", str(db))
    return db


def _app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    return at


def test_an_empty_workspace_opens_with_a_guide(empty_workspace):
    at = _app()
    assert "workspace is empty" in at.info[0].value
    assert at.button[0].label == "Load sample data"


def test_the_page_speaks_chinese_when_asked_in_the_url(empty_workspace):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "zh"
    at.run()
    assert not at.exception
    assert at.title[0].value == "上传与数据"
    assert "工作区还没有数据" in at.info[0].value
