"""A load killed with SIGKILL leaves the workspace exactly as it was, or wholly loaded.

The workspace holds a first upload (2,000 sales rows). A second file of
500,000 rows, 1,000 of them re-exported orders that replace stored ones, is
loaded with `python -m salesdash load` and killed (no handler runs, as in a
power cut or the OOM killer) while it parses, while it keeps the original,
while it deletes and inserts rows, and inside DuckDB's COMMIT. The workspace
is then opened again the way the app and the next command open it
(salesdash.workspace) and compared with its state before: every table's rows
(count and a checksum of all columns), the upload history, and the kept
originals, where a killed load leaves a file no history row names until
that open sweeps it. Then the same file loads and the result is identical
to a load that was never interrupted.
"""

from __future__ import annotations

import shutil
import signal
import sys
import time
from pathlib import Path

import pytest

from salesdash import workspace
from tests.reliability.workspaces import (
    ROOT,
    kill_when,
    read_snapshot,
    salesdash,
    snapshot,
    write_sales_csv,
)

BIG_ROWS = 500_000
KILLED = -signal.SIGKILL
MARKER = ROOT / "tests" / "reliability" / "commit_marker.py"


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("crash-files")
    return {
        "first": write_sales_csv(folder / "first.csv", 0, 2_000),
        # rows 1,000-1,999 of the first upload are re-exported here: replaced when it loads
        "big": write_sales_csv(folder / "big.csv", 1_000, BIG_ROWS),
    }


@pytest.fixture(scope="module")
def base(tmp_path_factory, files) -> Path:
    """A workspace holding the first upload, loaded by the command line."""
    db = tmp_path_factory.mktemp("crash-base") / "ws.duckdb"
    done = salesdash("load", "--db", db, files["first"])
    assert done.returncode == 0, done.stderr
    return db


@pytest.fixture(scope="module")
def whole(tmp_path_factory, base, files) -> dict:
    """The snapshot after the big file loads uninterrupted: what a finished load leaves."""
    db = _copy(base, tmp_path_factory.mktemp("crash-whole"))
    done = salesdash("load", "--db", db, files["big"])
    assert done.returncode == 0, done.stderr
    assert "500,000 rows loaded" in done.stdout and "1,000 earlier rows replaced" in done.stdout
    return read_snapshot(db)


@pytest.fixture
def ws(tmp_path, base) -> Path:
    return _copy(base, tmp_path)


def _copy(db: Path, folder: Path) -> Path:
    shutil.copy(db, folder / db.name)
    shutil.copytree(db.parent / "uploads", folder / "uploads")
    return folder / db.name


def _reopened(db: Path) -> dict:
    """The workspace as the app or the next command sees it after the crash."""
    with workspace.reading(db, create=False) as con:
        return snapshot(con)


def _load(db: Path, csv: Path) -> list[str]:
    return [sys.executable, "-m", "salesdash", "load", "--db", str(db), str(csv)]


def _after(text: str, seconds: float):
    """Ready `seconds` after a stderr line containing `text` (a progress line) arrives."""
    seen: list[float] = []

    def ready(_pid: int, lines: list[str]) -> bool:
        if not seen and any(text in line for line in lines):
            seen.append(time.monotonic())
        return bool(seen) and time.monotonic() - seen[0] >= seconds

    return ready


def _new_file_in(folder: Path, known: list[str], settle: float = 0.0, final: bool = False):
    """Ready once a file not in `known` appears in `folder` (the original being kept), and
    `settle` seconds have passed; with `final`, only the renamed file counts, not `.partial`."""
    seen: list[float] = []

    def ready(_pid: int, _lines: list[str]) -> bool:
        if not seen and folder.is_dir():
            new = [n for n in (p.name for p in folder.iterdir()) if n not in known]
            if any(not (final and n.endswith(".partial")) for n in new):
                seen.append(time.monotonic())
        return bool(seen) and time.monotonic() - seen[0] >= settle

    return ready


def _kept_orphans(db: Path, before: dict) -> list[str]:
    return sorted(set(p.name for p in (db.parent / "uploads").iterdir()) - set(before["kept"]))


def _reloads_to(db: Path, files: dict[str, Path], whole: dict) -> None:
    """After the crash the same file loads, and the workspace is the uninterrupted load's."""
    done = salesdash("load", "--db", db, files["big"])
    assert done.returncode == 0, done.stderr
    assert "500,000 rows loaded" in done.stdout or "identical to upload #2" in done.stdout, (
        done.stdout
    )
    assert read_snapshot(db) == whole


def test_a_load_killed_while_parsing_leaves_the_workspace_as_it_was(ws, files, whole):
    before = read_snapshot(ws)
    status, lines = kill_when(_load(ws, files["big"]), _after("parsing as sales", 0.15))
    assert status == KILLED, lines
    assert not any("storing" in line for line in lines)

    assert _reopened(ws) == before
    _reloads_to(ws, files, whole)


def test_a_load_killed_as_it_keeps_the_original_leaves_no_file_behind(ws, files, whole):
    before = read_snapshot(ws)
    uploads = ws.parent / "uploads"
    status, lines = kill_when(_load(ws, files["big"]), _new_file_in(uploads, before["kept"]))
    assert status == KILLED, lines
    # the original (or its .partial) is on disk, named by no history row ...
    assert len(_kept_orphans(ws, before)) == 1

    # ... until the workspace is next opened
    assert _reopened(ws) == before
    _reloads_to(ws, files, whole)


def test_a_load_killed_while_replacing_and_inserting_rows_leaves_the_workspace_as_it_was(
    ws, files, whole
):
    before = read_snapshot(ws)
    uploads = ws.parent / "uploads"
    # 0.15 s after the original is kept: the 1,000 replaced rows are being deleted or the
    # 500,000 rows inserted (about 0.5 s of work), in the transaction that keeps it
    ready = _new_file_in(uploads, before["kept"], settle=0.15, final=True)
    status, lines = kill_when(_load(ws, files["big"]), ready)
    assert status == KILLED, lines
    assert "storing" in lines[-1]
    assert len(_kept_orphans(ws, before)) == 1

    assert _reopened(ws) == before
    _reloads_to(ws, files, whole)


def test_a_load_killed_inside_its_commit_leaves_either_the_old_or_the_whole_new_contents(
    ws, files, whole
):
    before = read_snapshot(ws)
    command = [sys.executable, str(MARKER), "load", "--db", str(ws), str(files["big"])]
    status, lines = kill_when(command, lambda _pid, lines: "@@ commit starts" in lines)
    assert status == KILLED, lines

    assert _reopened(ws) in (before, whole)
    _reloads_to(ws, files, whole)


def test_a_load_killed_just_after_its_commit_keeps_everything_it_committed(ws, files, whole):
    command = [sys.executable, str(MARKER), "load", "--db", str(ws), str(files["big"])]
    status, lines = kill_when(command, lambda _pid, lines: "@@ commit done" in lines)
    assert status == KILLED, lines

    assert _reopened(ws) == whole  # the kept original is named by the history: not swept
    _reloads_to(ws, files, whole)


def _flocks(pid: int, path: Path) -> set[str]:
    """The flock(2) modes (READ, WRITE) process `pid` holds on `path`, from /proc/locks."""
    try:
        inode = path.stat().st_ino
    except FileNotFoundError:
        return set()
    held = set()
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" in fields or fields[1] != "FLOCK":
            continue  # a waiter, or a POSIX lock
        if int(fields[4]) == pid and int(fields[5].rsplit(":", 1)[1]) == inode:
            held.add(fields[3])
    return held


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux's /proc/locks")
def test_a_reader_killed_while_it_holds_the_workspace_does_not_block_the_next_load(
    ws, files, tmp_path
):
    lock = ws.with_name(f"{ws.name}.lock")
    pids: list[int] = []

    def reading_now(pid: int, _lines: list[str]) -> bool:
        pids.append(pid)
        return "READ" in _flocks(pid, lock)

    metrics = [sys.executable, "-m", "salesdash", "metrics", "--db", str(ws)]
    status, lines = kill_when(metrics, reading_now)
    assert status == KILLED, lines  # killed while its shared lock was held
    assert _flocks(pids[0], lock) == set()  # the kernel dropped it with the process

    extra = write_sales_csv(tmp_path / "extra.csv", 10_000_000, 300)
    started = time.monotonic()
    done = salesdash("load", "--db", ws, extra, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "300 rows loaded" in done.stdout
    assert time.monotonic() - started < workspace.WRITE_TIMEOUT / 4  # never waited for the lock
