"""What the reliability tests compare: a workspace's whole stored state, and the loads they kill.

A snapshot holds every table's row count and an order-independent checksum
of its rows (all columns, upload id and source row included), the upload
history but for its timestamps, and the names of the kept originals; two
snapshots are equal only if the workspace holds exactly the same rows.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from salesdash import archive, store
from salesdash.schema import DATASETS

ROOT = Path(__file__).resolve().parents[2]

SALES_HEADERS = (
    "单据日期",
    "单号",
    "客户名称",
    "产品名称",
    "数量",
    "含税金额",
    "类型",
    "业务员",
    "区域",
)


def write_sales_csv(path: Path, first: int, rows: int) -> Path:
    """Sales rows numbered `first`.. with order ids SO<number>, written by DuckDB in a second.

    Two files whose numbers overlap share order ids there, so loading the
    second replaces those rows of the first (deleted and inserted in one commit).
    """
    con = duckdb.connect()
    con.execute(
        f"""
        copy (
            select
                date '2024-01-01' + (hash(i, 1) % 700)::integer as "{SALES_HEADERS[0]}",
                'SO' || lpad(i::varchar, 9, '0') as "{SALES_HEADERS[1]}",
                '客户' || lpad((hash(i, 2) % 3000)::varchar, 4, '0') as "{SALES_HEADERS[2]}",
                '产品' || lpad((hash(i, 3) % 400)::varchar, 3, '0') as "{SALES_HEADERS[3]}",
                1 + hash(i, 4) % 200 as "{SALES_HEADERS[4]}",
                round((1 + hash(i, 5) % 100000) / 7.0, 2) as "{SALES_HEADERS[5]}",
                case when hash(i, 6) % 10 < 4 then '纯销' else '进货' end as "{SALES_HEADERS[6]}",
                '业务员' || lpad((hash(i, 7) % 120)::varchar, 3, '0') as "{SALES_HEADERS[7]}",
                ['华东', '华南', '华北', '西南'][(1 + hash(i, 8) % 4)::bigint] as "{SALES_HEADERS[8]}"
            from range($first, $first + $rows) t(i)
        ) to '{str(path).replace("'", "''")}' (header true)
        """,
        {"first": first, "rows": rows},
    )
    con.close()
    return path


def snapshot(con: duckdb.DuckDBPyConnection) -> dict:
    """Everything a load could change: rows, their checksums, the history, the kept files."""
    checksums = {
        name: con.execute(
            f"select coalesce(sum(hash(t)), 0)::varchar from {store.quote_ident(name)} t"
        ).fetchone()[0]
        for name in DATASETS
    }
    history = con.execute("select * exclude (loaded_at) from uploads order by id").fetchall()
    folder = archive.home(con) / archive.FOLDER
    kept = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    return {"rows": store.row_counts(con), "checksums": checksums, "uploads": history, "kept": kept}


def read_snapshot(db: Path) -> dict:
    """The snapshot of a workspace nobody is using, opened read-only outside the lock protocol
    (so nothing is swept or repaired by the look itself)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return snapshot(con)
    finally:
        con.close()


def salesdash(*args: object, timeout: float = 120) -> subprocess.CompletedProcess:
    """`python -m salesdash ARGS` from the project folder, as cron would run it."""
    return subprocess.run(
        [sys.executable, "-m", "salesdash", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def kill_when(
    command: list[str], ready: Callable[[int, list[str]], bool], timeout: float = 120
) -> tuple[int, list[str]]:
    """Run `command`, SIGKILL it the moment `ready(its pid, stderr lines so far)` holds;
    returns its exit status and stderr lines.

    `ready` is polled every millisecond (it may also look at files), so the kill
    lands within a few milliseconds of the moment it describes.
    """
    proc = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    lines: list[str] = []
    arrived: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [arrived.put(x) for x in proc.stderr], daemon=True)
    reader.start()
    deadline = time.monotonic() + timeout
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            while not arrived.empty():
                lines.append(arrived.get().rstrip("\n"))
            if ready(proc.pid, lines):
                os.kill(proc.pid, signal.SIGKILL)
                break
            time.sleep(0.001)
    finally:
        if proc.poll() is None and time.monotonic() >= deadline:
            proc.kill()
        proc.wait(timeout=30)
        reader.join(timeout=5)
    while not arrived.empty():
        lines.append(arrived.get().rstrip("\n"))
    return proc.returncode, lines
