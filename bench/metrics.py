"""Benchmark: the weekly review page's queries at 1M and 5M sales rows, DuckDB vs pandas.

    .venv/bin/python bench/metrics.py --rows 1000000 5000000

For each size it writes a synthetic workspace into a temporary DuckDB file
(bench/generate.py; rows clustered by date as weekly exports are), then
times the queries the weekly review page runs, median of --runs runs after
one warm-up (the warm-up builds the per-connection dimension cache, as the
first page view after a load does; its time is printed too). Lists are
asked for their first 100 rows, as the page shows them. It then times
the same figures written the way a pandas user would (groupby / merge on
DataFrames already in memory; loading them is not timed) and prints
rows, each query's median, the page total, the pandas total, their ratio
and the peak RSS. It asserts nothing: figures for humans, never a CI gate.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import statistics
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

from salesdash import queries

# What the weekly review page shows, by query name. Lists show their first
# LIST_ROWS rows (largest first), with the totals from the summary queries.
LIST_ROWS = 100
LISTS = {"slow_moving_stock", "overdue_visits", "complaints_past_sla", "partial_defectors"}
PAGE = (
    "kpi_cards",
    "attainment",
    "reps_behind_pace",
    "slow_moving_stock",
    "overdue_visits",
    "complaints_past_sla",
    "partial_defectors",
)


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


# The same figures, the pandas way ---------------------------------------------


def filled_sales(sales: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
    """Sales with rep and region taken from the customers table where missing."""
    merged = sales.merge(
        customers[["customer", "rep", "region"]], on="customer", how="left", suffixes=("", "_c")
    )
    merged["rep"] = merged["rep"].fillna(merged["rep_c"])
    merged["region"] = merged["region"].fillna(merged["region_c"])
    return merged.drop(columns=["rep_c", "region_c"])


def pd_kpi_cards(d: dict[str, pd.DataFrame], as_of: pd.Timestamp, days: int = 7) -> pd.DataFrame:
    s = filled_sales(d["sales"], d["customers"])
    out = {}
    for name, end in (("current", as_of), ("previous", as_of - pd.Timedelta(days=days))):
        w = s[(s["date"] > end - pd.Timedelta(days=days)) & (s["date"] <= end)]
        gross = w.loc[(w["kind"] == "sell_in") & (w["amount"] > 0), "amount"].sum()
        returned = (
            w.loc[
                (w["kind"] == "return") | ((w["kind"] == "sell_in") & (w["amount"] < 0)), "amount"
            ]
            .abs()
            .sum()
        )
        net = w.loc[w["kind"] == "sell_out", "amount"].sum()
        buyers = w.loc[(w["kind"] == "sell_in") & (w["amount"] > 0), "customer"].nunique()
        v = d["visits"]
        vw = v[(v["date"] > end - pd.Timedelta(days=days)) & (v["date"] <= end)]
        c = d["complaints"]
        out[name] = {
            "gross_sales": gross,
            "returns": returned,
            "net_sales": net,
            "stocked_sales": gross - returned - net,
            "sell_through_rate": net / gross if gross else np.nan,
            "active_customers": buyers,
            "visits": (vw["type"] == "visit").sum(),
            "calls": (vw["type"] == "call").sum(),
            "complaints_opened": (
                (c["opened"] > end - pd.Timedelta(days=days)) & (c["opened"] <= end)
            ).sum(),
        }
    frame = pd.DataFrame(out)
    frame["change"] = frame["current"] - frame["previous"]
    return frame


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


def pd_reps_behind_pace(d: dict[str, pd.DataFrame], as_of: pd.Timestamp) -> pd.DataFrame:
    t = pd_attainment(d, as_of)
    return t[t["rep"].notna() & (t["pace_index"] < 1)].sort_values("pace_index")


def pd_slow_moving(d: dict[str, pd.DataFrame], as_of: pd.Timestamp) -> pd.DataFrame:
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
        }
    )
    pos = frame.groupby(["customer", "product"], as_index=False, dropna=False).sum()
    pos["weeks_of_cover"] = pos["stock"] / (pos["out_8w"] / 8).replace(0, np.nan)
    slow = pos[(pos["stock"].round(2) > 0) & ((pos["out_8w"] <= 0) | (pos["weeks_of_cover"] > 12))]
    return slow.sort_values("stock", ascending=False)


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


def pd_complaints_past_sla(d: dict[str, pd.DataFrame], as_of: pd.Timestamp) -> pd.DataFrame:
    c = d["complaints"]
    open_ = c[(c["opened"] <= as_of) & (c["closed"].isna() | (c["closed"] > as_of))].copy()
    open_["days_open"] = (as_of - open_["opened"]).dt.days
    return open_[open_["days_open"] > 7].sort_values("days_open", ascending=False)


def pd_partial_defectors(
    d: dict[str, pd.DataFrame], as_of: pd.Timestamp, days: int = 90
) -> pd.DataFrame:
    s = d["sales"]
    p = s[(s["kind"] == "sell_in") & (s["amount"] > 0) & (s["date"] <= as_of)]
    p = p[p["date"] > as_of - pd.Timedelta(days=2 * days)]
    current = p[p["date"] > as_of - pd.Timedelta(days=days)].groupby("customer")["amount"].sum()
    previous = p[p["date"] <= as_of - pd.Timedelta(days=days)].groupby("customer")["amount"].sum()
    both = pd.concat({"current": current, "previous": previous}, axis=1).fillna(0)
    partial = both[
        (both["current"] > 0) & (both["previous"] > 0) & (both["current"] < 0.5 * both["previous"])
    ]
    return partial.assign(lost=partial["previous"] - partial["current"]).sort_values(
        "lost", ascending=False
    )


PANDAS: dict[str, Callable[[dict[str, pd.DataFrame], pd.Timestamp], pd.DataFrame]] = {
    "kpi_cards": pd_kpi_cards,
    "attainment": pd_attainment,
    "reps_behind_pace": pd_reps_behind_pace,
    "slow_moving_stock": pd_slow_moving,
    "overdue_visits": pd_overdue_visits,
    "complaints_past_sla": pd_complaints_past_sla,
    "partial_defectors": pd_partial_defectors,
}


def frames(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """The tables as pandas DataFrames with datetime64 dates, as a pandas user holds them."""
    out = {}
    for name in ("sales", "customers", "targets", "visits", "complaints"):
        frame = con.table(name).df()
        for col in ("date", "opened", "closed", "period_start", "period_end", "since"):
            if col in frame:
                frame[col] = pd.to_datetime(frame[col])
        out[name] = frame
    return out


def bench(rows: int, runs: int) -> list[dict[str, object]]:
    results: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        con = duckdb.connect(str(Path(tmp) / "bench.duckdb"))
        start = time.perf_counter()
        generate(con, rows)
        con.execute("checkpoint")
        print(f"# {rows:,} rows generated in {time.perf_counter() - start:.1f} s", flush=True)
        as_of = dt.date.fromisoformat(AS_OF)
        start = time.perf_counter()
        queries.run(con, PAGE[0], as_of=as_of)  # builds the dimension cache
        warm_ms = (time.perf_counter() - start) * 1000
        for name in PAGE:
            params = {"as_of": as_of, "limit": LIST_ROWS if name in LISTS else None}
            queries.run(con, name, **params)
            duck = median_ms(lambda n=name, p=params: queries.run(con, n, **p), runs)
            results.append({"rows": rows, "query": name, "duckdb_ms": duck})
        # The DuckDB side's high-water mark, before the pandas frames exist.
        duck_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        data = frames(con)
        stamp = pd.Timestamp(as_of)
        for r in results:
            n = r["query"]
            r["pandas_ms"] = median_ms(
                lambda n=n: PANDAS[n](data, stamp).head(LIST_ROWS if n in LISTS else None),
                max(1, runs // 2),
            )
        results.append({"rows": rows, "query": "(first query after load)", "duckdb_ms": warm_ms})
        results.append({"rows": rows, "query": "(peak RSS, duckdb side)", "rss_mb": duck_rss})
        con.close()
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 5_000_000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    print(f"# {duckdb.__version__=} {pd.__version__=} threads=", end="")
    print(duckdb.connect().execute("select current_setting('threads')").fetchone()[0])
    for rows in args.rows:
        results = bench(rows, args.runs)
        page = [r for r in results if r["query"] in PAGE]
        print(f"\n{'rows':>10} {'query':<26} {'duckdb ms':>10} {'pandas ms':>10} {'ratio':>7}")
        for r in results:
            if "rss_mb" in r:
                print(f"{rows:>10,} peak RSS before the pandas baseline: {r['rss_mb']:,.0f} MB")
                continue
            pandas_ms = r.get("pandas_ms")
            ratio = f"{pandas_ms / r['duckdb_ms']:.1f}x" if pandas_ms else ""
            pandas_text = f"{pandas_ms:10.1f}" if pandas_ms else f"{'':>10}"
            print(f"{rows:>10,} {r['query']:<26} {r['duckdb_ms']:10.1f} {pandas_text} {ratio:>7}")
        duck_total = sum(float(r["duckdb_ms"]) for r in page)
        pandas_total = sum(float(r["pandas_ms"]) for r in page)
        print(
            f"{rows:>10,} {'TOTAL weekly page':<26} {duck_total:10.1f} {pandas_total:10.1f}"
            f" {pandas_total / duck_total:6.1f}x"
        )
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{rows:>10,} peak RSS with the pandas baseline: {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
