"""Fixtures shared by the tests."""

from __future__ import annotations

import duckdb
import pytest

from salesdash import store, workspace


@pytest.fixture
def con():
    """A fresh, empty workspace in memory (the CLI tests use real files)."""
    connection = duckdb.connect()
    store.ensure_schema(connection)
    yield connection
    connection.close()


@pytest.fixture(autouse=True)
def no_lingering_connection(monkeypatch):
    """A page run in a test closes its workspace connection when it ends, as before
    connections lingered: tests open the same file read-write in this process right
    after, which DuckDB refuses while a read-only connection is open. Lingering is
    tested in tests/reliability and, in a real server, by the browser tests."""
    monkeypatch.setattr(workspace, "LINGER_S", 0.0)
