"""Fixtures shared by the loader tests: a fresh workspace per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from salesdash import store


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "workspace.duckdb"


@pytest.fixture
def con(db_path: Path):
    connection = store.connect(db_path)
    yield connection
    connection.close()
