"""Sharing one DuckDB workspace file between the app and command-line jobs.

DuckDB lets one process write a database file, or several read it, never
both: a nightly `python -m salesdash load` would fail with "Could not set
lock on file" while the app keeps the file open. So nobody keeps it open
against a writer. Every reader (one app script run, `metrics`, `report`) and every writer (a
load, a removal) opens it for just that piece of work, under a file lock:

- readers hold a shared lock on `<db>.lock` while their connection is open;
- a writer holds an exclusive lock on it, so it waits for the readers of
  the moment to finish (a page run: well under a second) and keeps new ones
  out until its load is committed;
- a writer first takes `<db>.gate`, which every new reader passes through,
  so a stream of viewers cannot starve a nightly job.

The app shows new data on the next interaction because a connection never
outlives a writer's turn. Page runs hand their connection on
(`reading(reuse=True)`): overlapping runs (a meeting room opening the link
at once) to each other, and the last run out to the next one for a few
seconds (LINGER_S), which saves opening the file in each run and keeps
DuckDB's buffers warm (bench/load.py, docs/reliability.md). None is handed
on while a writer waits, and idle ones are closed within POLL_S of a writer
queueing, so a writer still waits only for the runs of the moment. Where
`fcntl` is missing (Windows) the locks are skipped and only DuckDB's own
lock applies, retried until `timeout`; nothing is handed on there.
"""

from __future__ import annotations

import atexit
import logging
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

_LOG = logging.getLogger(__name__)
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


def _open(
    db: Path, read_only: bool, timeout: float, into: duckdb.DuckDBPyConnection | None = None
) -> duckdb.DuckDBPyConnection:
    """Connect (or attach to `into`, see `writing`), retrying while a process outside
    this protocol (a DuckDB shell) holds the file."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if into is not None:
                return store.attach(into, db, ATTACHED_AS)
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
def writing(
    db: str | Path | None = None,
    timeout: float = WRITE_TIMEOUT,
    into: duckdb.DuckDBPyConnection | None = None,
) -> Iterator:
    """A read-write connection (schema ensured), the only one open while the block runs.

    `into`: the private in-memory connection a load was planned on (its rows
    staged in TEMP tables, the file read and checked while the workspace was
    free for everyone). The workspace is attached to it for the block, as its
    default database, so the staged rows go in without crossing connections,
    and the workspace is held only for the storing.
    """
    path = _path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    with (
        _flock(_lock_file(path, "gate"), exclusive=True, timeout=timeout),
        _flock(_lock_file(path, "lock"), exclusive=True, timeout=timeout),
    ):
        con = _open(path, read_only=False, timeout=timeout, into=into)
        _ensured.add(str(path))
        try:
            if fcntl is not None:  # the sole writer: no load of the moment owns a kept file
                archive.sweep(con)  # originals left by a load killed before its commit
            yield con
            queries.persist_caches(con)  # after a successful change only: pages start warm
        finally:
            if into is None:
                con.close()
            else:
                try:
                    store.detach(into, ATTACHED_AS)
                except BaseException:
                    into.close()  # never left holding the file; the caller makes a new one
                    raise


ATTACHED_AS = "workspace"  # the workspace's name in a connection it is attached to


def _lock_file(db: Path, kind: str) -> Path:
    return db.with_name(f"{db.name}.{kind}")


# ---- connections handed from one page run to the next -------------------------

HANDED_ON = 8  # idle connections kept for the next run while other runs hold theirs
# After the last run, one connection stays open this long for the next (a click a
# few seconds later skips opening the file, ~20 ms of CPU, and finds DuckDB's
# buffers warm), unless a writer queues: the watcher below checks every POLL_S.
LINGER_S = 10.0  # 0: the last run out closes them all
POLL_S = 0.05
_runs_lock = threading.Lock()
# path -> {"busy": runs holding a connection, "idle": [...], "until": when the
# lingering one closes, "watched": whether a watcher thread is looking after them}
_runs: dict[Path, dict] = {}


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

    Idle ones are closed as soon as a writer queues (when a run finishes, or
    within POLL_S by the watcher), so a writer waits only for the runs of the
    moment; the last run out leaves one open for LINGER_S, the others closed.
    """
    with _runs_lock:
        runs = _runs.setdefault(path, {"busy": 0, "idle": [], "until": 0.0, "watched": False})
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
    failed, watch = True, False
    try:
        yield item[1]
        failed = False
    finally:
        with _runs_lock:
            runs["busy"] -= 1
            if not failed:
                runs["idle"].append(item)
            # kept for the next runs: none with a writer waiting, one after the last run
            kept = 0 if _writer_queued(path) else HANDED_ON if runs["busy"] else int(LINGER_S > 0)
            closing, runs["idle"] = runs["idle"][kept:], runs["idle"][:kept]
            if runs["idle"] and runs["busy"] == 0:
                runs["until"] = time.monotonic() + LINGER_S
                watch, runs["watched"] = not runs["watched"], True
        _close_all([*closing, *([item] if failed else [])])
        if watch:
            try:
                threading.Thread(target=_watch_idle, args=(path,), daemon=True).start()
            except BaseException:  # no watcher: nothing may stay open unwatched
                with _runs_lock:
                    closing, runs["idle"], runs["watched"] = runs["idle"], [], False
                _close_all(closing)
                raise


def _watch_idle(path: Path) -> None:
    """Close the idle connections of `path` once a writer queues or, with no run going, at `until`.

    Should anything here fail (the gate file unreadable), every idle one is
    closed and the next run out starts a new watcher: a kept connection must
    never keep a writer out.
    """
    try:
        while True:
            time.sleep(POLL_S)
            with _runs_lock:
                runs = _runs[path]
                due = runs["busy"] == 0 and time.monotonic() >= runs["until"]
                closing = runs["idle"] if due or _writer_queued(path) else []
                runs["idle"] = [i for i in runs["idle"] if i not in closing]
                done = not runs["idle"]
                if done:
                    runs["watched"] = False
            _close_all(closing)
            if done:
                return
    except Exception:
        _LOG.exception("watching the idle workspace connections failed; closing them")
        with _runs_lock:
            runs = _runs[path]
            closing, runs["idle"], runs["watched"] = runs["idle"], [], False
        _close_all(closing)


def _close_all(items: list[tuple[ExitStack, duckdb.DuckDBPyConnection]]) -> None:
    """Close each connection (and release its lock), whatever another one does."""
    for stack, _con in items:
        try:
            stack.close()
        except Exception:  # the others must still be closed
            _LOG.exception("closing a workspace connection failed")


@atexit.register
def _close_idle_at_exit() -> None:
    """Close the kept connections when the process ends, rather than leaving them to teardown."""
    with _runs_lock:
        closing = [item for runs in _runs.values() for item in runs["idle"]]
        for runs in _runs.values():
            runs["idle"] = []
    _close_all(closing)
