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
file afresh. Page runs that overlap (a meeting room opening the link at
once) hand their connection on instead (`reading(reuse=True)`), which saves
opening the file and setting up the query macros in each run (bench/load.py,
docs/reliability.md): the last run out closes them all, and none is handed
on while a writer waits, so a writer still waits only for the runs of the
moment. Where
`fcntl` is missing (Windows) the locks are skipped and only DuckDB's own
lock applies, retried until `timeout`; nothing is handed on there.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
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
    db: str | Path | None = None,
    timeout: float = READ_TIMEOUT,
    create: bool = True,
    reuse: bool = False,
) -> Iterator:
    """A read-only connection to the workspace, open only inside the `with` block.

    A missing workspace is created empty (the app's first start), unless
    `create` is false: then FileNotFoundError. With `reuse` (page runs), the
    connection may be one another run has finished with, and may stay open
    after the block for a run of the moment (see the module's docstring).
    """
    path = _path(db)
    if not create and not path.exists():
        raise FileNotFoundError(f"no workspace at {path}")
    if reuse and fcntl is not None:
        with _handed_on(path, timeout) as con:
            yield con
        return
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


# ---- connections handed from one page run to the next -------------------------

HANDED_ON = 8  # idle connections kept for the next run while other runs hold theirs
_runs_lock = threading.Lock()
_runs: dict[Path, dict] = {}  # path -> {"busy": runs holding a connection, "idle": [...]}


def _writer_queued(path: Path) -> bool:
    """Whether a writer holds the gate (new readers are waiting for it)."""
    fd = os.open(_lock_file(path, "gate"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


@contextmanager
def _handed_on(path: Path, timeout: float) -> Iterator[duckdb.DuckDBPyConnection]:
    """An idle connection (with its shared lock) left by another run, else a new one.

    Idle ones exist only while some run holds a connection, and that run
    waits for nothing: when it, or any run, finishes with a writer queued,
    or is the last, every idle one is closed. So a writer waits for the runs
    of the moment, as with connections closed after each run.
    """
    with _runs_lock:
        runs = _runs.setdefault(path, {"busy": 0, "idle": []})
        item = runs["idle"].pop() if runs["idle"] and not _writer_queued(path) else None
        runs["busy"] += item is not None
    if item is None:
        stack = ExitStack()
        try:
            item = (stack, stack.enter_context(reading(path, timeout)))
        except BaseException:
            stack.close()
            raise
        with _runs_lock:
            runs["busy"] += 1
    failed = True
    try:
        yield item[1]
        failed = False
    finally:
        with _runs_lock:
            runs["busy"] -= 1
            if not failed:
                runs["idle"].append(item)
            if runs["busy"] == 0 or _writer_queued(path):
                closing, runs["idle"] = runs["idle"], []
            else:
                closing, runs["idle"] = runs["idle"][HANDED_ON:], runs["idle"][:HANDED_ON]
        for stack, _con in [*closing, *([item] if failed else [])]:
            stack.close()
