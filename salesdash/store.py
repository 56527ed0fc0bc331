"""The DuckDB workspace: one table per dataset plus the upload history.

Tables carry the canonical column names from `schema.py` so a power user can
open the file with any DuckDB client. Every data row remembers the upload that
brought it, which is what makes "remove this upload" exact.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import duckdb

from salesdash.config import default_db_path
from salesdash.schema import DATASETS, EVENT_DATE_COLUMNS, table_columns

UPLOADS_DDL = """
create table if not exists uploads (
    id integer primary key,
    file_name varchar not null,
    sheet varchar,
    content_hash varchar not null,
    dataset varchar not null,
    rows_loaded integer not null,
    rows_rejected integer not null,
    rows_replaced integer not null default 0,
    loaded_at timestamp not null,
    loaded_by varchar,
    stored_as varchar
)
"""


def quote_ident(name: str) -> str:
    """Quote an identifier for DuckDB (column names come from our schema, but stay safe)."""
    return '"' + name.replace('"', '""') + '"'


_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def execute(
    con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object] | None = None
) -> duckdb.DuckDBPyConnection:
    """Run `sql` binding just the parameters it names (DuckDB refuses unused ones)."""
    names = set(_PARAM.findall(sql))
    return con.execute(sql, {k: v for k, v in (params or {}).items() if k in names})


def connect(path: str | Path | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the workspace database with every table present."""
    db = Path(path) if path is not None else default_db_path()
    if not read_only:
        db.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db), read_only=read_only)
    if not read_only:
        ensure_schema(con)
    return con


def attach(
    con: duckdb.DuckDBPyConnection, path: str | Path, name: str
) -> duckdb.DuckDBPyConnection:
    """Attach the workspace file to `con` as `name` and make it the default (schema ensured).

    Unqualified names then mean the workspace's tables, and `con`'s TEMP tables stay visible.
    """
    literal = "'" + str(path).replace("'", "''") + "'"
    con.execute(f"attach {literal} as {quote_ident(name)}")
    try:
        con.execute(f"use {quote_ident(name)}")
        ensure_schema(con)
    except BaseException:
        detach(con, name)
        raise
    return con


def detach(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Undo `attach`: back to the connection's own in-memory database, the file let go.

    A transaction left open by a failure is rolled back first (DuckDB refuses
    to detach a database with work outstanding).
    """
    with contextlib.suppress(duckdb.Error):  # none was open
        con.execute("rollback")
    con.execute("use memory")
    con.execute(f"detach {quote_ident(name)}")


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(UPLOADS_DDL)
    # Workspaces made before the original files were kept lack the column.
    con.execute("alter table uploads add column if not exists stored_as varchar")
    con.execute("create sequence if not exists upload_id_seq start 1")
    for name in DATASETS:
        cols = ",\n    ".join(f"{quote_ident(c)} {t}" for c, t in table_columns(name))
        con.execute(f"create table if not exists {quote_ident(name)} (\n    {cols}\n)")


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per table, the figure users check after a load."""
    return {  # each result fetched to the end: DuckDB keeps the connection busy until then
        name: con.execute(f"select count(*) from {quote_ident(name)}").fetchall()[0][0]
        for name in [*DATASETS, "uploads"]
    }


# The dates each dataset's rows are about (first, last), for an upload's span.
_SPAN_COLUMNS = {d: (c, c) for d, c in EVENT_DATE_COLUMNS.items()} | {
    "targets": ("period_start", "period_end")
}


def upload_history(con: duckdb.DuckDBPyConnection):
    """Uploads, newest first, as the history table on the data page shows them.

    With the first and last date their rows are about (first_date, last_date;
    none for a customer list), so a manager can tell this March export from
    that one when choosing which to remove or replace.
    """
    spans = " union all ".join(
        f"select upload_id, min({quote_ident(lo)}) as first_date,"
        f" max({quote_ident(hi)}) as last_date from {quote_ident(name)} group by upload_id"
        for name, (lo, hi) in _SPAN_COLUMNS.items()
    )
    return con.execute(
        f"with spans as ({spans}) "
        "select id, file_name, sheet, dataset, rows_loaded, rows_rejected, rows_replaced, "
        "loaded_at, loaded_by, first_date, last_date "
        "from uploads left join spans on spans.upload_id = uploads.id order by id desc"
    ).df()


def freshness(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """How current the workspace is, for the sidebar: "sales up to 16 Nov 2025, loaded 2 h ago".

    first_sales_date / latest_sales_date span the sales rows (None without
    sales; the latest is the default review date); last_upload_at is the
    newest upload's time (local, as the loader stamps it); uploads counts them.
    """
    first, latest = con.execute("select min(date), max(date) from sales").fetchone()
    last_upload, uploads = con.execute("select max(loaded_at), count(*) from uploads").fetchone()
    return {
        "first_sales_date": first,
        "latest_sales_date": latest,
        "last_upload_at": last_upload,
        "uploads": uploads,
    }
