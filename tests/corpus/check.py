"""What every corpus case asserts: the exact outcome, and that a refusal changed nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from salesdash import load, store

D = dt.date
BASELINE = [
    ["单据日期", "客户名称", "销售金额", "订单号"],
    ["2025-02-03", "基线客户", "100", "BASE-1"],
    ["2025-02-04", "基线客户", "200", "BASE-2"],
]


def state(con: duckdb.DuckDBPyConnection) -> tuple:
    """Row counts, the upload history, every stored sales row, and the temp tables left."""
    return (
        store.row_counts(con),
        con.execute("select * from uploads order by id").fetchall(),
        con.execute("select * from sales order by all").fetchall(),
        con.execute("select count(*) from duckdb_tables() where temporary").fetchone()[0],
    )


def refused(con: duckdb.DuckDBPyConnection, path: Path, *words: str, **options) -> str:
    """Load `path`, expect a refusal whose message holds every one of `words`; nothing changed."""
    before = state(con)
    result = load.load_file(con, path, **options)
    assert result.status == "refused", result.message
    for word in words:
        assert word in result.message, (word, result.message)
    assert "Traceback" not in result.message
    assert state(con) == before
    return result.message


def loaded(con: duckdb.DuckDBPyConnection, path: Path, **options) -> load.FileResult:
    result = load.load_file(con, path, **options)
    assert result.status == "loaded", result.message
    return result


def rows(con: duckdb.DuckDBPyConnection, table: str, columns: str, upload_id: int) -> list[tuple]:
    """The rows one upload stored, in file order."""
    return con.execute(
        f"select {columns} from {table} where upload_id = $id order by source_row",
        {"id": upload_id},
    ).fetchall()
