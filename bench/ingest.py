"""How fast `python -m salesdash load` is against the floor of this stack.

    python bench/ingest.py [--xlsx-rows 100000] [--csv-rows 1000000] [--repeat 3]

Two comparisons, each a whole command in a fresh process (import time included),
median of --repeat runs, peak RSS of that process:
  1. load a sales workbook   vs  openpyxl (read-only) merely reading every cell of it
  2. load a sales CSV        vs  a bare Python process copying it into DuckDB with read_csv
Targets from the Foundation issue: (1) >= 3x faster, (2) within 2x. Prints, never asserts.
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


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"command failed: {' '.join(cmd)}\n{err}")
    return elapsed, usage.ru_maxrss / 1024


def measure(cmd_for_run, repeat: int) -> tuple[float, float]:
    runs = [timed(cmd_for_run(i)) for i in range(repeat)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--xlsx-rows", type=int, default=100_000)
    ap.add_argument("--csv-rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="salesdash-bench-") as tmp:
        tmp = Path(tmp)
        xlsx, csv = tmp / "sales.xlsx", tmp / "sales.csv"
        t0 = time.perf_counter()
        write_xlsx(xlsx, args.xlsx_rows)
        write_csv(csv, args.csv_rows)
        print(
            f"fixtures written in {time.perf_counter() - t0:.1f} s "
            f"(xlsx {xlsx.stat().st_size / 2**20:.1f} MB, csv {csv.stat().st_size / 2**20:.1f} MB)"
        )

        def load_cmd(path: Path):
            return lambda i: [
                py,
                "-m",
                "salesdash",
                "load",
                str(path),
                "--db",
                str(tmp / f"ws{path.suffix}{i}.duckdb"),
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

        rows = []
        xl_load = measure(load_cmd(xlsx), args.repeat)
        xl_base = measure(lambda i: openpyxl_read, args.repeat)
        rows.append(("xlsx", args.xlsx_rows, "salesdash load", *xl_load))
        rows.append(("xlsx", args.xlsx_rows, "openpyxl read-only, read only", *xl_base))
        csv_load = measure(load_cmd(csv), args.repeat)
        csv_base = measure(lambda i: [*duckdb_copy, str(tmp / f"bare{i}.duckdb")], args.repeat)
        rows.append(("csv", args.csv_rows, "salesdash load", *csv_load))
        rows.append(("csv", args.csv_rows, "bare duckdb read_csv copy", *csv_base))

    print()
    print(f"{'file':<5} {'rows':>10}  {'command':<32} {'median s':>9} {'peak RSS MB':>12}")
    for kind, n, what, secs, rss in rows:
        print(f"{kind:<5} {n:>10,}  {what:<32} {secs:>9.2f} {rss:>12.0f}")
    print()
    print(
        f"xlsx: load is {xl_base[0] / xl_load[0]:.1f}x faster than openpyxl merely reading (target >= 3x)"
    )
    print(
        f"csv:  load takes {csv_load[0] / csv_base[0]:.2f}x the bare read_csv copy (target <= 2x)"
    )
    print(
        f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, duckdb {duckdb.__version__}"
    )


if __name__ == "__main__":
    main()
