"""Sharing one DuckDB workspace file between the app and command-line jobs.

DuckDB lets one process write a database file, or several read it, never
both: a nightly `python -m salesdash load` would fail with "Could not set
lock on file" while the app keeps the file open. So nobody keeps it open.
Every reader (one app script run, `metrics`, `report`) and every writer (a
load, a removal) opens it for just that piece of work, under a file lock:

- readers hold a shared lock on `<db>.lock` while their connection is open;
- a writer holds an exclusive lock on it, so it waits for the readers of
  the moment to finish (a page run: well under a second) and keeps new ones
  out until its load is committed;
- a writer first takes `<db>.gate`, which every new reader passes through,
  so a stream of viewers cannot starve a nightly job.

The app shows new data on the next interaction because each run opens the
file afresh. Where `fcntl` is missing (Windows) the locks are skipped and
only DuckDB's own lock applies, retried until `timeout`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from salesdash import archive, queries, store
from salesdash.config import default_db_path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

READ_TIMEOUT = 30.0  # a page waits this long for a running load before saying so
WRITE_TIMEOUT = 120.0  # a load waits this long for readers and other loads

_ensured: set[str] = set()


class WorkspaceBusy(RuntimeError):
    """The workspace stayed locked by another job for longer than the caller waits."""


def _path(db: str | Path | None) -> Path:
    return Path(db) if db is not None else default_db_path()


@contextmanager
def _flock(path: Path, exclusive: bool, timeout: float) -> Iterator[None]:
    """Hold an advisory lock on `path` (created if missing), polling until `timeout`."""
    if fcntl is None:
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
        deadline = time.monotonic() + timeout
        pause = 0.005
        while True:
            try:
                fcntl.flock(fd, mode)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WorkspaceBusy(
                        f"the workspace {path.with_suffix('')} is busy: another load or "
                        f"page held it for more than {timeout:.0f} s; try again"
                    ) from None
                time.sleep(pause)
                pause = min(pause * 2, 0.1)
        yield
    finally:
        os.close(fd)  # releases the lock


def _open(db: Path, read_only: bool, timeout: float) -> duckdb.DuckDBPyConnection:
    """Connect, retrying while a process outside this protocol (a DuckDB shell) holds the file."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return store.connect(db, read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                if "lock" in str(exc).lower():
                    raise WorkspaceBusy(f"the workspace {db} is locked: {exc}") from exc
                raise
            time.sleep(0.1)


@contextmanager
def reading(
    db: str | Path | None = None, timeout: float = READ_TIMEOUT, create: bool = True
) -> Iterator:
    """A read-only connection to the workspace, open only inside the `with` block.

    A missing workspace is created empty (the app's first start), unless
    `create` is false: then FileNotFoundError.
    """
    path = _path(db)
    if not create and not path.exists():
        raise FileNotFoundError(f"no workspace at {path}")
    if str(path) not in _ensured or not path.exists():
        with writing(path, timeout):  # create it, or add columns a newer version needs
            pass
    with _flock(_lock_file(path, "gate"), exclusive=False, timeout=timeout):
        pass  # wait here while a writer is queued
    with _flock(_lock_file(path, "lock"), exclusive=False, timeout=timeout):
        con = _open(path, read_only=True, timeout=timeout)
        try:
            yield con
        finally:
            con.close()


@contextmanager
def writing(db: str | Path | None = None, timeout: float = WRITE_TIMEOUT) -> Iterator:
    """A read-write connection (schema ensured), the only one open while the block runs."""
    path = _path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    with (
        _flock(_lock_file(path, "gate"), exclusive=True, timeout=timeout),
        _flock(_lock_file(path, "lock"), exclusive=True, timeout=timeout),
    ):
        con = _open(path, read_only=False, timeout=timeout)
        _ensured.add(str(path))
        try:
            if fcntl is not None:  # the sole writer: no load of the moment owns a kept file
                archive.sweep(con)  # originals left by a load killed before its commit
            yield con
            queries.persist_caches(con)  # after a successful change only: pages start warm
        finally:
            con.close()


def _lock_file(db: Path, kind: str) -> Path:
    return db.with_name(f"{db.name}.{kind}")
