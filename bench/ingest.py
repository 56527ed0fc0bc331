"""How fast `python -m salesdash load` is against the floor of this stack.

    python bench/ingest.py [--xlsx-rows 100000] [--csv-rows 1000000] [--repeat 5] [--only csv]

Two comparisons, each a whole command in a fresh process (import time included),
median of --repeat runs (the command and its baseline alternate, so both see the
same load on a shared machine), peak RSS of that process:
  1. load a sales workbook   vs  openpyxl (read-only) merely reading every cell of it
  2. load a sales CSV        vs  a bare Python process copying it into DuckDB with read_csv
Targets from the Foundation issue: (1) >= 3x faster, (2) within 2x. The load command
also stores the page caches for the new data (`queries.persist_caches`, which the
bare copy has no counterpart of), so the CSV load is timed twice: as users run it,
and with that step replaced by a no-op. Prints /proc/loadavg before and after.
Prints, never asserts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import openpyxl

ROOT = Path(__file__).resolve().parent.parent
HEADERS = ["单据日期", "单号", "客户名称", "产品名称", "数量", "含税金额", "类型", "业务员", "区域"]
REGIONS = ["华东", "华南", "华北", "西南"]


def make_rows(n: int, seed: int = 42):
    rng = random.Random(seed)
    start = dt.date(2024, 1, 1)
    for i in range(n):
        qty = rng.randint(1, 200)
        yield [
            start + dt.timedelta(days=rng.randrange(700)),
            f"SO{i:08d}",
            f"客户{rng.randrange(3000):04d}商贸有限公司",
            f"产品{rng.randrange(400):03d}",
            qty,
            round(qty * rng.uniform(20, 500), 2),
            "纯销" if rng.random() < 0.4 else "进货",
            f"业务员{rng.randrange(120):03d}",
            REGIONS[rng.randrange(4)],
        ]


def write_xlsx(path: Path, n: int) -> None:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("销售明细")
    ws.append(["2024-2025年销售明细表"])
    ws.append([])
    ws.append(HEADERS)
    for row in make_rows(n):
        ws.append(row)
    wb.save(path)


def write_csv(path: Path, n: int) -> None:
    """Generated inside DuckDB: a million rows in a second instead of a minute of Python."""
    con = duckdb.connect()
    con.execute(
        """
        copy (
            select
                date '2024-01-01' + (hash(i, 1) % 700)::integer as "单据日期",
                'SO' || lpad(i::varchar, 8, '0') as "单号",
                '客户' || lpad((hash(i, 2) % 3000)::varchar, 4, '0') || '商贸有限公司' as "客户名称",
                '产品' || lpad((hash(i, 3) % 400)::varchar, 3, '0') as "产品名称",
                1 + hash(i, 4) % 200 as "数量",
                round((1 + hash(i, 5) % 100000) / 7.0, 2) as "含税金额",
                case when hash(i, 6) % 10 < 4 then '纯销' else '进货' end as "类型",
                '业务员' || lpad((hash(i, 7) % 120)::varchar, 3, '0') as "业务员",
                ['华东', '华南', '华北', '西南'][(1 + hash(i, 8) % 4)::bigint] as "区域"
            from range($n) t(i)
        ) to '"""
        + str(path).replace("'", "''")
        + "' (header true)",
        {"n": n},
    )


def timed(cmd: list[str]) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user + system, all threads) of one child.

    On a shared machine the wall time moves with the others' load; the CPU
    time much less, so it is printed beside it.
    """
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=CHILD_ENV
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"command failed: {' '.join(cmd)}\n{err}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


# As users run Python: compiled modules cached (a machine may switch that off
# for everyone; each command would then compile its imports again every run).
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(*commands, repeat: int) -> list[tuple[float, float, float]]:
    """(median wall s, peak RSS MB, median CPU s) per command factory, run in turn `repeat` times."""
    runs: list[list[tuple[float, float, float]]] = [[] for _ in commands]
    for i in range(repeat):
        for slot, cmd_for_run in zip(runs, commands, strict=True):
            slot.append(timed(cmd_for_run(i)))
    return [
        (
            statistics.median(r[0] for r in slot),
            max(r[1] for r in slot),
            statistics.median(r[2] for r in slot),
        )
        for slot in runs
    ]


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


# The load command with the page caches left unstored: the loader's own work.
NO_CACHES = (
    "import sys\n"
    "from salesdash import cli, queries\n"
    "queries.persist_caches = lambda con: None\n"
    "sys.exit(cli.main(sys.argv[1:]))\n"
)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--xlsx-rows", type=int, default=100_000)
    ap.add_argument("--csv-rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--only", choices=("xlsx", "csv"))
    args = ap.parse_args()
    py = sys.executable
    print(f"loadavg before: {loadavg()}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="salesdash-bench-") as tmp:
        tmp = Path(tmp)
        xlsx, csv = tmp / "sales.xlsx", tmp / "sales.csv"
        t0 = time.perf_counter()
        if args.only != "csv":
            write_xlsx(xlsx, args.xlsx_rows)
        if args.only != "xlsx":
            write_csv(csv, args.csv_rows)
        print(f"fixtures written in {time.perf_counter() - t0:.1f} s")

        def load_cmd(path: Path, prefix: list[str], tag: str):
            """Each run into a new workspace in a folder of its own (its kept original too)."""
            return lambda i: [
                *prefix,
                "load",
                str(path),
                "--db",
                str(tmp / f"ws-{tag}{path.suffix}{i}" / "salesdash.duckdb"),
            ]

        openpyxl_read = [
            py, "-c",
            "import sys, openpyxl\n"
            "wb = openpyxl.load_workbook(sys.argv[1], read_only=True)\n"
            "n = sum(1 for ws in wb for _ in ws.iter_rows(values_only=True))\n",
            str(xlsx),
        ]  # fmt: skip
        duckdb_copy = [
            py, "-c",
            "import sys, duckdb\n"
            "con = duckdb.connect(sys.argv[2])\n"
            "con.execute('create table t as select * from read_csv($p)', {'p': sys.argv[1]})\n",
            str(csv),
        ]  # fmt: skip
        cli = [py, "-m", "salesdash"]
        if args.only != "csv":
            xl_load, xl_base = measure(
                load_cmd(xlsx, cli, "cli"), lambda i: openpyxl_read, repeat=args.repeat
            )
            rows.append(("xlsx", args.xlsx_rows, "salesdash load", *xl_load))
            rows.append(("xlsx", args.xlsx_rows, "openpyxl read-only, read only", *xl_base))
        if args.only != "xlsx":
            csv_load, csv_bare, csv_own = measure(
                load_cmd(csv, cli, "cli"),
                lambda i: [*duckdb_copy, str(tmp / f"bare{i}.duckdb")],
                load_cmd(csv, [py, "-c", NO_CACHES], "own"),
                repeat=args.repeat,
            )
            rows.append(("csv", args.csv_rows, "salesdash load", *csv_load))
            rows.append(("csv", args.csv_rows, "  the same, caches not stored", *csv_own))
            rows.append(("csv", args.csv_rows, "bare duckdb read_csv copy", *csv_bare))

    print()
    print(
        f"{'file':<5} {'rows':>10}  {'command':<32} {'median s':>9} {'CPU s':>7}"
        f" {'peak RSS MB':>12}"
    )
    for kind, n, what, secs, rss, cpu in rows:
        print(f"{kind:<5} {n:>10,}  {what:<32} {secs:>9.2f} {cpu:>7.2f} {rss:>12.0f}")
    print()
    if args.only != "csv":
        print(
            f"xlsx: load is {xl_base[0] / xl_load[0]:.1f}x faster than openpyxl merely reading"
            " (target >= 3x)"
        )
    if args.only != "xlsx":
        print(
            f"csv:  load takes {csv_load[0] / csv_bare[0]:.2f}x the bare read_csv copy,"
            f" {csv_own[0] / csv_bare[0]:.2f}x without storing the page caches (target <= 2x);"
            f" in CPU time {csv_load[2] / csv_bare[2]:.2f}x and {csv_own[2] / csv_bare[2]:.2f}x"
        )
    print(f"loadavg after: {loadavg()}")
    print(
        f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, duckdb {duckdb.__version__}"
    )


if __name__ == "__main__":
    main()
