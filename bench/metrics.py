"""Benchmark: what a weekly review page run costs at 1M and 5M sales rows, DuckDB vs pandas.

    .venv/bin/python bench/metrics.py --rows 1000000 5000000

For each size it writes a synthetic workspace (bench/generate.py; rows
clustered by date as weekly exports are) through `workspace.writing()`, as a
load does, so the writer leaves its caches in the file; the time of that
(`persist_caches` plus the checkpoint on close) is printed as "writer's
caches". Then a child process (a fresh interpreter, as a page server is)
times --runs page runs as the app makes them: each opens the file read-only
with `workspace.reading()`, asks every query pages/weekly.py asks (with the
page's parameters, at the default as_of, lists in full as the page shows
them) and closes it. Printed: each query's median inside a page run, the
median of the whole run (open to close), its CPU time (both threads: a
figure the others' load on a shared machine moves less), the same page under
a region filter, the sidebar's own queries (freshness and filter_options,
run once per data version), and the old steady-state figure (each query
again on one connection kept open). Then the same figures written the way a pandas
user would (groupby / merge on DataFrames already in memory; loading them is
not timed), their total and the ratio to the page run. Peak RSS: of the
writer (generation included), of the page process, and with the pandas
frames. /proc/loadavg is printed before and after: the two cores are shared.
It asserts nothing: figures for humans, never a CI gate.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import AS_OF, generate

from salesdash import queries, store, workspace

# What pages/weekly.py asks for, in its order, with the parameters it passes
# (besides the sidebar's as_of and window, left at their defaults here).
PAGE: tuple[tuple[str, dict[str, object]], ...] = (
    ("kpi_cards", {}),
    ("complaints_summary", {}),
    ("complaints_past_sla", {"sla_days": 7}),
    ("attainment_summary", {}),
    ("customer_churn", {"churn_days": 90}),
    ("satisfaction", {"churn_days": 90}),
    ("reps_behind_pace", {}),
    ("slow_moving_by_customer", {}),
    ("overdue_visits", {}),
    ("partial_defectors", {"churn_days": 90}),
    ("sales_weekly", {}),
    ("sales_breakdown", {"dimension": "region"}),
)
NAMES = tuple(name for name, _ in PAGE)
FILTERED = {"regions": ["R1"]}  # a regional manager's view


def loadavg() -> str:
    """The 1, 5 and 15 minute load averages: how busy the shared cores were."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def rss_mb() -> float:
    """Peak RSS of this process so far (VmHWM: ru_maxrss would count the parent a child forked from)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# The page runs (in the child process) ------------------------------------------


def page_run(db: Path, filters: dict[str, object]) -> dict[str, float]:
    """One page run as the app makes it: open, every weekly query, close; ms per step."""
    times: dict[str, float] = {}
    start, cpu = time.perf_counter(), time.process_time()
    with workspace.reading(db) as con:
        queries.data_present(con)  # has_sales() and missing_reason(), once per run
        for name, params in PAGE:
            t = time.perf_counter()
            queries.run(con, name, **{**filters, **params})
            times[name] = (time.perf_counter() - t) * 1000
    times["page"] = (time.perf_counter() - start) * 1000
    times["cpu"] = (time.process_time() - cpu) * 1000  # all threads: less moved by others' load
    return times


def sidebar_run(db: Path) -> float:
    """The sidebar's own queries on a fresh connection (cached by the app per data version)."""
    start = time.perf_counter()
    with workspace.reading(db) as con:
        store.freshness(con)
        queries.run(con, "filter_options")
    return (time.perf_counter() - start) * 1000


def page_runs(db: Path, runs: int) -> dict[str, object]:
    """Medians of `runs` page runs (after one that warms the OS file cache), and more."""
    page_run(db, {})
    fresh = [page_run(db, {}) for _ in range(runs)]
    filtered = [page_run(db, FILTERED)["page"] for _ in range(runs)]
    sidebar = [sidebar_run(db) for _ in range(runs)]
    warm: dict[str, list[float]] = {name: [] for name in NAMES}
    with workspace.reading(db) as con:  # the old steady state: one connection kept open
        for name, params in PAGE:
            queries.run(con, name, **params)
        for _ in range(runs):
            for name, params in PAGE:
                t = time.perf_counter()
                queries.run(con, name, **params)
                warm[name].append((time.perf_counter() - t) * 1000)
    return {
        "query_ms": {n: statistics.median(r[n] for r in fresh) for n in NAMES},
        "page_ms": statistics.median(r["page"] for r in fresh),
        "page_runs_ms": [round(r["page"], 1) for r in fresh],
        "page_cpu_ms": statistics.median(r["cpu"] for r in fresh),
        "filtered_ms": statistics.median(filtered),
        "sidebar_ms": statistics.median(sidebar),
        "warm_ms": {n: statistics.median(v) for n, v in warm.items()},
        "rss_mb": rss_mb(),
    }


# The same figures, the pandas way ---------------------------------------------


def filled_sales(sales: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
    """Sales with rep and region taken from the customers table where missing."""
    merged = sales.merge(
        customers[["customer", "rep", "region"]], on="customer", how="left", suffixes=("", "_c")
    )
    merged["rep"] = merged["rep"].fillna(merged["rep_c"])
    merged["region"] = merged["region"].fillna(merged["region_c"])
    return merged.drop(columns=["rep_c", "region_c"])


def sales_measures(w: pd.DataFrame) -> dict[str, float]:
    gross = w.loc[(w["kind"] == "sell_in") & (w["amount"] > 0), "amount"].sum()
    back = (w["kind"] == "return") | ((w["kind"] == "sell_in") & (w["amount"] < 0))
    returned = w.loc[back, "amount"].abs().sum()
    net = w.loc[w["kind"] == "sell_out", "amount"].sum()
    buyers = w.loc[(w["kind"] == "sell_in") & (w["amount"] > 0), "customer"].nunique()
    return {"gross": gross, "returns": returned, "net": net, "buyers": buyers}


def pd_kpi_cards(d: dict[str, pd.DataFrame], as_of: pd.Timestamp, days: int = 7) -> pd.DataFrame:
    s = filled_sales(d["sales"], d["customers"])
    out = {}
    for name, end in (("current", as_of), ("previous", as_of - pd.Timedelta(days=days))):
        w = s[(s["date"] > end - pd.Timedelta(days=days)) & (s["date"] <= end)]
        m = sales_measures(w)
        v = d["visits"]
        vw = v[(v["date"] > end - pd.Timedelta(days=days)) & (v["date"] <= end)]
        c = d["complaints"]
        out[name] = {
            "gross_sales": m["gross"],
            "returns": m["returns"],
            "net_sales": m["net"],
            "stocked_sales": m["gross"] - m["returns"] - m["net"],
            "sell_through_rate": m["net"] / m["gross"] if m["gross"] else np.nan,
            "active_customers": m["buyers"],
            "visits": (vw["type"] == "visit").sum(),
            "calls": (vw["type"] == "call").sum(),
            "complaints_opened": (
                (c["opened"] > end - pd.Timedelta(days=days)) & (c["opened"] <= end)
            ).sum(),
        }
    frame = pd.DataFrame(out)
    frame["change"] = frame["current"] - frame["previous"]
    return frame


def pd_complaints_summary(
    d: dict[str, pd.DataFrame], as_of: pd.Timestamp, days: int = 7, churn: int = 90, sla: int = 7
) -> pd.DataFrame:
    c = d["complaints"]
    c = c[c["opened"] <= as_of].copy()
    c.loc[c["closed"] > as_of, "closed"] = pd.NaT
    c["days_to_close"] = (c["closed"] - c["opened"]).dt.days
    start = as_of - pd.Timedelta(days=days)
    closed = c[c["closed"] > start]
    recent = c[c["opened"] > as_of - pd.Timedelta(days=churn)]
    per_customer = recent.groupby("customer").size()
    return pd.DataFrame(
        {
            "complaints_opened": [(c["opened"] > start).sum()],
            "complaints_closed": [len(closed)],
            "open_backlog": [c["closed"].isna().sum()],
            "median_days_to_close": [closed["days_to_close"].median()],
            "pct_within_sla": [(closed["days_to_close"] <= sla).mean()],
            "repeat_complainers": [(per_customer >= 2).sum()],
        }
    )


def pd_complaints_past_sla(d: dict[str, pd.DataFrame], as_of: pd.Timestamp) -> pd.DataFrame:
    c = d["complaints"]
    open_ = c[(c["opened"] <= as_of) & (c["closed"].isna() | (c["closed"] > as_of))].copy()
    open_["days_open"] = (as_of - open_["opened"]).dt.days
    return open_[open_["days_open"] > 7].sort_values("days_open", ascending=False)


def pd_attainment(d: dict[str, pd.DataFrame], as_of: pd.Timestamp) -> pd.DataFrame:
    t = d["targets"]
    t = t[(t["period_start"] <= as_of) & (t["period_end"] >= as_of)].copy()
    s = filled_sales(d["sales"], d["customers"])
    s = s[(s["date"] >= t["period_start"].min()) & (s["date"] <= as_of)]
    s = s[(s["kind"] == "sell_in") & (s["amount"] > 0)]
    actual = []
    for row in t.itertuples():
        m = s["date"] >= row.period_start
        for col in ("rep", "region", "product", "customer"):
            value = getattr(row, col)
            if pd.notna(value):
                m &= s[col] == value
        actual.append(s.loc[m, "amount"].sum())
    t["actual"] = actual
    t["attainment"] = t["actual"] / t["target"]
    days = (t["period_end"] - t["period_start"]).dt.days + 1
    t["expected_share"] = ((as_of - t["period_start"]).dt.days + 1) / days
    t["pace_index"] = t["attainment"] / t["expected_share"]
    t["projected"] = t["actual"] / t["expected_share"]
    return t


def pd_attainment_summary(d: dict[str, pd.DataFrame], as_of: pd.Timestamp) -> pd.DataFrame:
    t = pd_attainment(d, as_of)
    t["scope"] = np.where(t["rep"].notna(), "rep", np.where(t["region"].notna(), "region", "all"))
    g = t.groupby(["period", "period_start", "period_end", "scope"], as_index=False).agg(
        targets=("target", "size"),
        target=("target", "sum"),
        actual=("actual", "sum"),
        expected_share=("expected_share", "first"),
    )
    g["attainment"] = g["actual"] / g["target"]
    g["pace_index"] = g["attainment"] / g["expected_share"]
    return g.sort_values(["period_end", "period_start", "scope"])


def pd_reps_behind_pace(d: dict[str, pd.DataFrame], as_of: pd.Timestamp) -> pd.DataFrame:
    t = pd_attainment(d, as_of)
    return t[t["rep"].notna() & (t["pace_index"] < 1)].sort_values("pace_index")


def pd_windows(d: dict[str, pd.DataFrame], as_of: pd.Timestamp, days: int = 90) -> pd.DataFrame:
    s = d["sales"]
    p = s[(s["kind"] == "sell_in") & (s["amount"] > 0) & (s["date"] <= as_of)]
    current = p[p["date"] > as_of - pd.Timedelta(days=days)].groupby("customer")["amount"].sum()
    before = p[
        (p["date"] > as_of - pd.Timedelta(days=2 * days))
        & (p["date"] <= as_of - pd.Timedelta(days=days))
    ]
    previous = before.groupby("customer")["amount"].sum()
    first = p.groupby("customer")["date"].min()
    last = p.groupby("customer")["date"].max()
    both = pd.concat(
        {"current": current, "previous": previous, "first": first, "last": last}, axis=1
    )
    both[["current", "previous"]] = both[["current", "previous"]].fillna(0)
    return both


def pd_customer_churn(d: dict[str, pd.DataFrame], as_of: pd.Timestamp) -> pd.DataFrame:
    w = pd_windows(d, as_of)
    active, was = w["current"] > 0, w["previous"] > 0
    churned = was & ~active
    new = active & (w["first"] > as_of - pd.Timedelta(days=90))
    return pd.DataFrame(
        {
            "active_customers": [active.sum()],
            "active_previous": [was.sum()],
            "churned_customers": [churned.sum()],
            "partial_defectors": [(was & active & (w["current"] < 0.5 * w["previous"])).sum()],
            "new_customers": [new.sum()],
            "churn_rate": [churned.sum() / was.sum()],
            "revenue_churn_rate": [w.loc[churned, "previous"].sum() / w["previous"].sum()],
        }
    )


def pd_partial_defectors(d: dict[str, pd.DataFrame], as_of: pd.Timestamp) -> pd.DataFrame:
    w = pd_windows(d, as_of)
    partial = w[(w["current"] > 0) & (w["previous"] > 0) & (w["current"] < 0.5 * w["previous"])]
    return partial.assign(lost=partial["previous"] - partial["current"]).sort_values(
        "lost", ascending=False
    )


def pd_satisfaction(d: dict[str, pd.DataFrame], as_of: pd.Timestamp) -> pd.DataFrame:
    s = d["surveys"]
    s = s[(s["date"] <= as_of) & (s["date"] > as_of - pd.Timedelta(days=90))]
    csat, nps = s[s["scale"] == "csat"]["score"], s[s["scale"] == "nps"]["score"]
    return pd.DataFrame(
        {
            "csat_responses": [len(csat)],
            "csat_avg": [csat.mean()],
            "pct_satisfied": [(csat >= 4).mean()],
            "nps_responses": [len(nps)],
            "nps": [100 * ((nps >= 9).mean() - (nps <= 6).mean())],
        }
    )


def pd_slow_moving_by_customer(d: dict[str, pd.DataFrame], as_of: pd.Timestamp) -> pd.DataFrame:
    s = d["sales"]
    s = s[s["date"] <= as_of]
    gross = np.where((s["kind"] == "sell_in") & (s["amount"] > 0), s["amount"], 0.0)
    back = np.where(
        (s["kind"] == "return") | ((s["kind"] == "sell_in") & (s["amount"] < 0)),
        s["amount"].abs(),
        0.0,
    )
    out = np.where(s["kind"] == "sell_out", s["amount"], 0.0)
    recent = np.where(s["date"] > as_of - pd.Timedelta(days=56), out, 0.0)
    frame = pd.DataFrame(
        {
            "customer": s["customer"],
            "product": s["product"],
            "stock": gross - back - out,
            "out_8w": recent,
            "last_out": s["date"].where(s["kind"] == "sell_out"),
        }
    )
    pos = frame.groupby(["customer", "product"], as_index=False, dropna=False).agg(
        stock=("stock", "sum"), out_8w=("out_8w", "sum"), last_out=("last_out", "max")
    )
    reports = pos.groupby("customer")["last_out"].transform("max").notna()
    pos["weeks_of_cover"] = pos["stock"] / (pos["out_8w"] / 8).replace(0, np.nan)
    slow = pos[
        reports
        & (pos["stock"].round(2) > 0)
        & ((pos["out_8w"] <= 0) | (pos["weeks_of_cover"] > 12))
    ]
    largest = slow.loc[slow.groupby("customer")["stock"].idxmax(), ["customer", "product"]]
    per = slow.groupby("customer", as_index=False).agg(
        slow_positions=("product", "size"),
        stock_amount=("stock", "sum"),
        sell_out_8w_amount=("out_8w", "sum"),
        last_sell_out_date=("last_out", "max"),
    )
    per = per.merge(largest.rename(columns={"product": "largest_product"}), on="customer")
    attributes = d["customers"][["customer", "segment", "rep", "region"]]
    per = per.merge(attributes, on="customer", how="left")
    return per.sort_values("stock_amount", ascending=False)


CADENCE = {"A": (91, 30), "B": (182, 91), "C": (365, 182)}


def pd_overdue_visits(d: dict[str, pd.DataFrame], as_of: pd.Timestamp) -> pd.DataFrame:
    s = d["sales"]
    year = s[
        (s["date"] > as_of - pd.Timedelta(days=365))
        & (s["date"] <= as_of)
        & (s["kind"] == "sell_in")
        & (s["amount"] > 0)
    ]
    gross = year.groupby("customer")["amount"].sum().sort_values(ascending=False)
    before = (gross.cumsum() - gross) / gross.sum()
    abc = pd.Series(np.where(before < 0.8, "A", np.where(before < 0.95, "B", "C")), gross.index)
    cust = d["customers"].set_index("customer")
    everyone = cust.index.union(gross.index)
    tier = cust["tier"].reindex(everyone).fillna(abc.reindex(everyone)).fillna("C")
    v = d["visits"]
    v = v[v["date"] <= as_of]
    last_visit = v[v["type"] == "visit"].groupby("customer")["date"].max()
    last_contact = v.groupby("customer")["date"].max()
    frame = pd.DataFrame({"tier": tier})
    frame["days_since_visit"] = (as_of - last_visit.reindex(everyone)).dt.days
    frame["days_since_contact"] = (as_of - last_contact.reindex(everyone)).dt.days
    frame["visit_cadence"] = frame["tier"].map(lambda t: CADENCE[t][0])
    frame["contact_cadence"] = frame["tier"].map(lambda t: CADENCE[t][1])
    ok = (frame["days_since_visit"] <= frame["visit_cadence"]) & (
        frame["days_since_contact"] <= frame["contact_cadence"]
    )
    return frame[~ok]


def pd_sales_weekly(d: dict[str, pd.DataFrame], as_of: pd.Timestamp, weeks: int = 13):
    s = d["sales"]
    first = as_of.to_period("W-SUN").start_time - pd.Timedelta(weeks=weeks - 1)
    s = s[(s["date"] >= first) & (s["date"] <= as_of)]
    week = s["date"].dt.to_period("W-SUN").dt.start_time
    return pd.DataFrame([{"week": w, **sales_measures(g)} for w, g in s.groupby(week)])


def pd_sales_breakdown(d: dict[str, pd.DataFrame], as_of: pd.Timestamp, days: int = 7):
    s = filled_sales(d["sales"], d["customers"])
    s = s[(s["date"] > as_of - pd.Timedelta(days=2 * days)) & (s["date"] <= as_of)]
    current = s["date"] > as_of - pd.Timedelta(days=days)
    rows = []
    for region, g in s.groupby("region", dropna=False):
        m = sales_measures(g[current.loc[g.index]])
        m["previous_gross"] = sales_measures(g[~current.loc[g.index]])["gross"]
        rows.append({"value": region, **m})
    frame = pd.DataFrame(rows)
    frame["share_of_gross"] = frame["gross"] / frame["gross"].sum()
    return frame.sort_values("gross", ascending=False)


PANDAS: dict[str, Callable[[dict[str, pd.DataFrame], pd.Timestamp], pd.DataFrame]] = {
    "kpi_cards": pd_kpi_cards,
    "complaints_summary": pd_complaints_summary,
    "complaints_past_sla": pd_complaints_past_sla,
    "attainment_summary": pd_attainment_summary,
    "customer_churn": pd_customer_churn,
    "satisfaction": pd_satisfaction,
    "reps_behind_pace": pd_reps_behind_pace,
    "slow_moving_by_customer": pd_slow_moving_by_customer,
    "overdue_visits": pd_overdue_visits,
    "partial_defectors": pd_partial_defectors,
    "sales_weekly": pd_sales_weekly,
    "sales_breakdown": pd_sales_breakdown,
}


def frames(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """The tables as pandas DataFrames with datetime64 dates, as a pandas user holds them."""
    out = {}
    for name in ("sales", "customers", "targets", "visits", "complaints", "surveys"):
        frame = con.table(name).df()
        for col in ("date", "opened", "closed", "period_start", "period_end", "since"):
            if col in frame:
                frame[col] = pd.to_datetime(frame[col])
        out[name] = frame
    return out


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


# One size -------------------------------------------------------------------------


def bench(rows: int, runs: int) -> dict[str, object]:
    result: dict[str, object] = {"rows": rows, "loadavg_before": loadavg()}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        start = time.perf_counter()
        with workspace.writing(db) as con:
            generate(con, rows)
            con.execute("checkpoint")
            stored = time.perf_counter()
        result["generate_s"] = stored - start
        result["writer_caches_s"] = time.perf_counter() - stored
        result["writer_rss_mb"] = rss_mb()
        print(
            f"# {rows:,} rows: generated in {result['generate_s']:.1f} s, writer's caches "
            f"{result['writer_caches_s']:.1f} s",
            flush=True,
        )
        child = subprocess.run(
            [sys.executable, __file__, "--page-runs", str(db), "--runs", str(runs)],
            capture_output=True,
            text=True,
            check=True,
        )
        result.update(json.loads(child.stdout))
        with duckdb.connect(str(db), read_only=True) as con:
            data = frames(con)
        stamp = pd.Timestamp(dt.date.fromisoformat(AS_OF))
        result["pandas_ms"] = {
            n: median_ms(lambda n=n: PANDAS[n](data, stamp), max(1, runs // 2)) for n in NAMES
        }
        result["pandas_rss_mb"] = rss_mb()
    result["loadavg_after"] = loadavg()
    return result


def report(r: dict[str, object]) -> None:
    rows = r["rows"]
    print(
        f"\n{rows:,} sales rows; /proc/loadavg before {r['loadavg_before']}, after {r['loadavg_after']}"
    )
    print(f"{'query':<26} {'page run ms':>11} {'warm ms':>9} {'pandas ms':>10}")
    for n in NAMES:
        print(f"{n:<26} {r['query_ms'][n]:11.1f} {r['warm_ms'][n]:9.1f} {r['pandas_ms'][n]:10.1f}")
    pandas_total = sum(r["pandas_ms"].values())
    warm_total = sum(r["warm_ms"].values())
    print(
        f"{'WEEKLY PAGE RUN':<26} {r['page_ms']:11.1f} {warm_total:9.1f} {pandas_total:10.1f}"
        f"   pandas / page run = {pandas_total / r['page_ms']:.1f}x"
    )
    print(f"  page runs (open to close), ms: {r['page_runs_ms']}")
    print(f"  CPU time of a page run (both cores together): {r['page_cpu_ms']:.1f} ms")
    print(f"  same page, region filter {FILTERED['regions']}: {r['filtered_ms']:.1f} ms")
    print(
        f"  sidebar (freshness + filter_options, once per data version): {r['sidebar_ms']:.1f} ms"
    )
    print(f"  writer's caches (persist_caches + checkpoint on close): {r['writer_caches_s']:.2f} s")
    print(
        f"  peak RSS: writer (generation included) {r['writer_rss_mb']:,.0f} MB, "
        f"page process {r['rss_mb']:,.0f} MB, with the pandas frames {r['pandas_rss_mb']:,.0f} MB"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 5_000_000])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--page-runs", type=Path, help=argparse.SUPPRESS)  # the child's job
    args = parser.parse_args(argv)
    if args.page_runs:
        print(json.dumps(page_runs(args.page_runs, args.runs)))
        return
    threads = duckdb.connect().execute("select current_setting('threads')").fetchone()[0]
    print(f"# duckdb {duckdb.__version__}, pandas {pd.__version__}, threads={threads}")
    for rows in args.rows:
        report(bench(rows, args.runs))


if __name__ == "__main__":
    main()
