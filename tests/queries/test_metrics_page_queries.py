"""Queries added for the customers, visits and complaints pages, on the hand-computed shop.

The shop (conftest.py): as_of 2025-03-10 (a Monday); churn window
2024-12-11..2025-03-10, previous 2024-09-12..2024-12-10. Purchases: acme 2000
before, 1400 now; bolt 3000 before, 1100 now (a partial defector); cove 300
and dora 700 before, nothing now (churned); eve 250 now (new).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from salesdash.queries import run
from tests.queries.frames import AS_OF, rows


def test_satisfaction_breakdown_puts_churn_beside_satisfaction_by_region(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    split = run(shop_readonly, "satisfaction_breakdown", as_of=AS_OF, dimension="region")
    assert rows(split, *split.columns) == [
        # east = acme and dora (dora's region from its sales row): dora churned;
        # csat acme 5 and 3; nps acme 10 (promoter), dora 6 (detractor)
        ("east", 2, 1, 0.5, 0, 0.0, 2, 4.0, 0.5, 2, 0.0),
        # west = bolt and cove: cove churned, bolt bought 1100 after 3000 (partial);
        # csat bolt 4; nps bolt 8 (passive), cove 3 (detractor)
        ("west", 2, 1, 0.5, 1, 0.5, 1, 4.0, 1.0, 2, -50.0),
    ]  # eve (no region) was not active before and answered no survey: no row


def test_satisfaction_breakdown_by_segment_agrees_with_satisfaction_by_segment(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    split = run(shop_readonly, "satisfaction_breakdown", as_of=AS_OF, dimension="segment")
    by_segment = run(shop_readonly, "satisfaction_by_segment", as_of=AS_OF)
    shared = ["csat_responses", "csat_avg", "pct_satisfied", "nps_responses", "nps",
              "active_previous", "churned_customers", "churn_rate"]  # fmt: skip
    assert rows(split, "value", *shared) == rows(by_segment, "segment", *shared)
    assert rows(split, "value", "partial_defectors") == [("B", 0), ("C", 1), ("KA", 0)]


def test_complaints_monthly_counts_by_category_and_severity(shop: duckdb.DuckDBPyConnection):
    shop.execute(
        "insert into complaints (id, opened, customer, category, severity)"
        " values ('k8', '2025-03-09', 'bolt', 'logistics', 'high')"
    )
    monthly = run(shop, "complaints_monthly", as_of=AS_OF, months=3)
    assert rows(monthly, *monthly.columns) == [
        (pd.Timestamp("2025-01-01"), "contract", None, 1),  # k5
        (pd.Timestamp("2025-02-01"), "logistics", None, 1),  # k2
        (pd.Timestamp("2025-02-01"), "product_quality", None, 1),  # k6
        (pd.Timestamp("2025-03-01"), "logistics", "high", 1),  # k8
        (pd.Timestamp("2025-03-01"), "logistics", None, 1),  # k4
        (pd.Timestamp("2025-03-01"), "product_quality", None, 1),  # k1
        (pd.Timestamp("2025-03-01"), "service", None, 1),  # k3
    ]  # k7 (2024-11) is before the three months


def test_complaints_sla_monthly_tracks_days_to_close_and_backlog(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    monthly = run(shop_readonly, "complaints_sla_monthly", as_of=AS_OF, months=3, sla_days=7)
    assert rows(monthly, *monthly.columns) == [
        # January: k5 opened 01-10, closed 01-12 (2 days, within 7)
        (pd.Timestamp("2025-01-01"), 1, 1, 2.0, 1.0, 0),
        # February: k2 and k6 opened, none closed; both open at 02-28
        (pd.Timestamp("2025-02-01"), 2, 0, None, None, 2),
        # March to as_of: k1, k3, k4 opened; k1 closed in 4 days, k2 in 17
        # (median 10.5, half within SLA); open at as_of: k3, k4 (closed
        # 03-12, after as_of) and k6 -- the summary's backlog
        (pd.Timestamp("2025-03-01"), 3, 2, 10.5, 0.5, 3),
    ]


def test_visits_by_rep_averages_over_the_weeks_asked_for(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    two_weeks = run(shop_readonly, "visits_by_rep", as_of=AS_OF, weeks=2)  # from 2025-03-03
    assert rows(two_weeks, *two_weeks.columns) == [
        ("ann", 1, 0, 1, 0.5, 0.0, 500.0, 300.0),  # acme 03-04, order 500, collected 300
        ("bob", 1, 1, 1, 0.5, 0.5, None, None),  # bolt: call 03-07, visit 03-08
    ]
    quarter = run(shop_readonly, "visits_by_rep", as_of=AS_OF, weeks=13)  # from 2024-12-16
    assert rows(quarter, "rep", "visits", "customers_visited", "visits_per_week") == [
        ("bob", 2, 2, round(2 / 13, 4)),  # bolt 03-08, cove 02-15
        ("ann", 1, 1, round(1 / 13, 4)),  # dora's 2024-09-01 visit is before the span
    ]
