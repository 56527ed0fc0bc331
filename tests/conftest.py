"""Fixtures shared by the loader tests."""

from __future__ import annotations

import duckdb
import pytest

from salesdash import store


@pytest.fixture
def con():
    """A fresh, empty workspace in memory (the CLI tests use real files)."""
    connection = duckdb.connect()
    store.ensure_schema(connection)
    yield connection
    connection.close()
