"""The uploaded originals, kept beside the workspace for audit and re-processing.

A file is stored as `uploads/<sha256><suffix>` next to the database file:
never under the client's name (which may hold `../` or a drive letter), and
one copy however often it is sent. The upload history's `stored_as` names
it, so an auditor can find the exact bytes behind every row.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

FOLDER = "uploads"
SUFFIXES = {".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
# The names `keeping` writes: `<sha256><suffix>`, and `.<sha256><suffix>.partial` while copying.
_KEPT = re.compile(r"\.?[0-9a-f]{64}\.[a-z]+(\.partial)?")


def home(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The folder of the database `con` works on; None for an in-memory one."""
    row = con.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchone()
    return Path(row[0]).resolve().parent if row and row[0] else None


@contextmanager
def keeping(
    con: duckdb.DuckDBPyConnection, source: Path | bytes, file_name: str, content_hash: str
) -> Iterator[str | None]:
    """Store an original while the body runs; yields its name relative to the data folder.

    The copy runs in a thread beside the body (a load's insert, which holds
    no Python lock while DuckDB works), so keeping a 100 MB file adds next to
    nothing to the load. Written under a temporary name, made durable and
    renamed before the block ends, so a crash leaves no half file and the
    history never names one that is not on disk. None for an in-memory
    workspace, where nothing is kept.
    """
    folder = home(con)
    if folder is None:
        yield None
        return
    suffix = Path(file_name).suffix.lower()
    stored = f"{content_hash}{suffix if suffix in SUFFIXES else '.bin'}"
    target = folder / FOLDER / stored
    failed: list[BaseException] = []

    def copy() -> None:
        try:
            _write(source, target)
        except BaseException as exc:
            failed.append(exc)

    copying = None
    if not target.exists():
        copying = threading.Thread(target=copy, name="salesdash-keep")
        copying.start()
    try:
        yield f"{FOLDER}/{stored}"
    finally:
        if copying is not None:
            copying.join()
    if failed:
        raise failed[0]


def _write(source: Path | bytes, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    if isinstance(source, bytes):
        partial.write_bytes(source)
    else:
        shutil.copyfile(source, partial)
    with open(partial, "rb") as written:  # on disk before the history names it
        os.fsync(written.fileno())
    partial.replace(target)


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


def sweep(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Delete kept files no upload in the history names; returns their names.

    `commit` keeps the original inside its transaction, so a load killed
    before its commit (SIGKILL, power cut) leaves a file, or a `.partial` one,
    that the rolled-back history never names. Call this only as the sole
    writer (salesdash.workspace does, when a writer opens): a load of the
    moment could otherwise lose the file it is about to commit. Files that
    `keeping` did not name are left alone.
    """
    folder = home(con)
    if folder is None or not (folder / FOLDER).is_dir():
        return []
    named = {
        row[0]
        for row in con.execute(
            "select distinct stored_as from uploads where stored_as is not null"
        ).fetchall()
    }
    removed = []
    for path in sorted((folder / FOLDER).iterdir()):
        if not _KEPT.fullmatch(path.name) or not path.is_file():
            continue
        if path.name.endswith(".partial") or f"{FOLDER}/{path.name}" not in named:
            try:
                path.unlink(missing_ok=True)
            except OSError:
                continue  # not ours to delete after all (permissions): the next writer retries
            removed.append(path.name)
    return removed
