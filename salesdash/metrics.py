"""The command-line metrics contract: SPEC's JSON object, built from the named queries.

`python -m salesdash metrics` prints `contract_metrics(...)`. Every figure is
read from a `queries/*.sql` file through the runner, the same files the
pages show, so the CLI and the dashboard cannot disagree.

Null rule (SPEC: "a metric that the loaded data cannot give is null"):
a figure is None when the workspace holds no data of the kind it needs (no
sell-out rows at all -> net_sales, stocked_sales, sell_through_rate and
channel_stock are None) or when it is a ratio or average over nothing (no
customers active in the previous churn window -> churn_rate None; no CSAT
response in the churn window -> csat_avg None). A count or sum over data
that exist but fall outside the window is 0. `missing_reasons` says why
each None is None, in words a manager understands.

Money is rounded to cents and ratios to 4 decimals in the contract only:
the JSON is for people and scripts quoting figures, the queries keep full
precision for charts and tests.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import duckdb
import pandas as pd

from salesdash.queries import (
    NEED_REASONS,
    data_present,
    default_as_of,
    describe,
    missing_reason,
    run,
)

__all__ = [
    "CONTRACT_KEYS",
    "contract_metrics",
    "default_as_of",
    "describe",
    "missing_reason",
    "missing_reasons",
    "run",
]

# The keys SPEC's command-line contract promises, in its order.
CONTRACT_KEYS = (
    "as_of",
    "gross_sales",
    "returns",
    "net_sales",
    "stocked_sales",
    "channel_stock",
    "sell_through_rate",
    "active_customers",
    "churned_customers",
    "partial_defectors",
    "new_customers",
    "churn_rate",
    "revenue_churn_rate",
    "csat_avg",
    "pct_satisfied",
    "nps",
    "complaints_opened",
    "open_backlog",
    "median_days_to_close",
    "pct_within_sla",
    "visits",
    "coverage",
    "attainment",
)

# Contract key -> (query, column) it is read from.
SOURCES = {
    "gross_sales": ("kpi_cards", "gross_sales"),
    "returns": ("kpi_cards", "returns"),
    "net_sales": ("kpi_cards", "net_sales"),
    "stocked_sales": ("kpi_cards", "stocked_sales"),
    "sell_through_rate": ("kpi_cards", "sell_through_rate"),
    "visits": ("kpi_cards", "visits"),
    "complaints_opened": ("kpi_cards", "complaints_opened"),
    "channel_stock": ("stock_summary", "channel_stock"),
    "active_customers": ("customer_churn", "active_customers"),
    "churned_customers": ("customer_churn", "churned_customers"),
    "partial_defectors": ("customer_churn", "partial_defectors"),
    "new_customers": ("customer_churn", "new_customers"),
    "churn_rate": ("customer_churn", "churn_rate"),
    "revenue_churn_rate": ("customer_churn", "revenue_churn_rate"),
    "csat_avg": ("satisfaction", "csat_avg"),
    "pct_satisfied": ("satisfaction", "pct_satisfied"),
    "nps": ("satisfaction", "nps"),
    "open_backlog": ("complaints_summary", "open_backlog"),
    "median_days_to_close": ("complaints_summary", "median_days_to_close"),
    "pct_within_sla": ("complaints_summary", "pct_within_sla"),
    "coverage": ("visit_summary", "coverage"),
}

# What each contract key needs loaded (see queries.NEED_REASONS).
NEEDS = {
    "gross_sales": ("sell_in",),
    "returns": ("sales",),
    "net_sales": ("sell_out",),
    "stocked_sales": ("sell_in", "sell_out"),
    "channel_stock": ("sell_in", "sell_out"),
    "sell_through_rate": ("sell_in", "sell_out"),
    "csat_avg": ("surveys",),
    "pct_satisfied": ("surveys",),
    "nps": ("surveys",),
    "complaints_opened": ("complaints",),
    "open_backlog": ("complaints",),
    "median_days_to_close": ("complaints",),
    "pct_within_sla": ("complaints",),
    "visits": ("visits",),
    "coverage": ("visits", "sales"),
    "attainment": ("targets", "sales"),
}

# Why a figure is None although its data are loaded: nothing to divide by
# or average over in the window.
EMPTY_WINDOW_REASONS = {
    "gross_sales": "no sell-in rows in the data",
    "returns": "no sell-in or return rows in the data",
    "sell_through_rate": "no gross sales in the review window",
    "churn_rate": "no customer was active in the previous churn window",
    "revenue_churn_rate": "no customer was active in the previous churn window",
    "csat_avg": "no 1-5 (CSAT) survey response in the churn window",
    "pct_satisfied": "no 1-5 (CSAT) survey response in the churn window",
    "nps": "no 0-10 (NPS) survey response in the churn window",
    "median_days_to_close": "no complaint closed in the review window",
    "pct_within_sla": "no complaint closed in the review window",
    "coverage": "no customer active in the churn window",
    "attainment": "no target period covers the review date",
}

# Rounded to cents; every other non-integer figure to 4 decimals.
MONEY = {
    "gross_sales",
    "returns",
    "net_sales",
    "stocked_sales",
    "channel_stock",
    "target",
    "actual",
    "actual_net",
    "projected",
    "gap",
}

ATTAINMENT_FIELDS = (
    "period",
    "period_start",
    "period_end",
    "rep",
    "region",
    "product",
    "customer",
    "target",
    "actual",
    "attainment",
    "expected_share",
    "pace_index",
    "projected",
    "gap",
    "actual_net",
    "attainment_net",
)


def json_value(name: str, value: Any) -> Any:
    """A query cell as a JSON-ready value: None for NULL/NaN, ISO dates, rounded numbers."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalar -> Python scalar
        value = value.item()
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        if name in COUNTS:
            return int(round(value))
        return round(value, 2 if name in MONEY else 4)
    return value


# Whole numbers (they travel through float columns, e.g. kpi_cards).
COUNTS = {
    "active_customers",
    "churned_customers",
    "partial_defectors",
    "new_customers",
    "complaints_opened",
    "open_backlog",
    "visits",
}


def _first_row(frame: pd.DataFrame) -> dict[str, Any]:
    return frame.iloc[0].to_dict() if len(frame) else {}


def contract_metrics(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date | str | None = None,
    window_days: int = 7,
    churn_days: int = 90,
    sla_days: int = 7,
) -> dict[str, Any]:
    """SPEC's command-line JSON object: every contract key, None where the data cannot give it.

    Never raises on an empty workspace: then as_of is None (there is no
    latest sales date), every figure is None and attainment is [].
    """
    review = as_of if as_of is not None else default_as_of(con)
    result: dict[str, Any] = dict.fromkeys(CONTRACT_KEYS)
    result["attainment"] = []
    if review is None:
        return result
    params = {
        "as_of": review,
        "window_days": window_days,
        "churn_days": churn_days,
        "sla_days": sla_days,
    }
    kpis = run(con, "kpi_cards", **params).set_index("kpi")["current_value"].to_dict()
    rows = {"kpi_cards": kpis}
    for name in (
        "stock_summary",
        "customer_churn",
        "satisfaction",
        "complaints_summary",
        "visit_summary",
    ):
        rows[name] = _first_row(run(con, name, **params))
    result["as_of"] = json_value("as_of", pd.Timestamp(review))
    for key, (query, column) in SOURCES.items():
        result[key] = json_value(key, rows[query].get(column))
    attainment = run(con, "attainment", **params)
    result["attainment"] = [
        {field: json_value(field, row[field]) for field in ATTAINMENT_FIELDS}
        for row in attainment.to_dict("records")
    ]
    return result


def missing_reasons(
    con: duckdb.DuckDBPyConnection, metrics: dict[str, Any] | None = None
) -> dict[str, str]:
    """Why each empty figure of `metrics` (default: `contract_metrics(con)`) is empty.

    Keys are contract keys whose value is None (or an empty attainment
    list); values say what to load or why the window holds nothing, for a
    page to show instead of a bare dash.
    """
    figures = metrics if metrics is not None else contract_metrics(con)
    present = data_present(con)
    reasons: dict[str, str] = {}
    for key in CONTRACT_KEYS:
        value = figures.get(key)
        if value not in (None, []):
            continue
        unmet = [n for n in NEEDS.get(key, ("sales",)) if not present[n]]
        if unmet:
            reasons[key] = NEED_REASONS[unmet[0]]
        elif figures.get("as_of") is None:
            reasons[key] = "no sales loaded, so no review date: give as_of"
        elif key in EMPTY_WINDOW_REASONS:
            reasons[key] = EMPTY_WINDOW_REASONS[key]
    return reasons
