"""The uploaded originals, kept beside the workspace for audit and re-processing.

A file is stored as `uploads/<sha256><suffix>` next to the database file:
never under the client's name (which may hold `../` or a drive letter), and
one copy however often it is sent. The upload history's `stored_as` names
it, so an auditor can find the exact bytes behind every row.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

FOLDER = "uploads"
SUFFIXES = {".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}


def home(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The folder of the database `con` works on; None for an in-memory one."""
    row = con.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchone()
    return Path(row[0]).resolve().parent if row and row[0] else None


def keep(
    con: duckdb.DuckDBPyConnection, source: Path | bytes, file_name: str, content_hash: str
) -> str | None:
    """Store an original; returns its name relative to the data folder (None in memory).

    Written under a temporary name and renamed, so a crash leaves no half file.
    """
    folder = home(con)
    if folder is None:
        return None
    suffix = Path(file_name).suffix.lower()
    stored = f"{content_hash}{suffix if suffix in SUFFIXES else '.bin'}"
    target = folder / FOLDER / stored
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{stored}.partial")
        if isinstance(source, bytes):
            partial.write_bytes(source)
        else:
            shutil.copyfile(source, partial)
        partial.replace(target)
    return f"{FOLDER}/{stored}"


def forget(con: duckdb.DuckDBPyConnection, stored_as: str | None) -> None:
    """Delete a stored original once no upload in the history refers to it."""
    folder = home(con)
    if not stored_as or folder is None:
        return
    used = con.execute(
        "select count(*) from uploads where stored_as = $s", {"s": stored_as}
    ).fetchone()[0]
    if not used:
        (folder / stored_as).unlink(missing_ok=True)
