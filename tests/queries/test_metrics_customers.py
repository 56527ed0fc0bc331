"""Customer queries (churn, cohorts, ABC, evaluation) on the hand-computed shop (conftest.py)."""

from __future__ import annotations

import duckdb
import pandas as pd

from salesdash.queries import run
from tests.queries.frames import AS_OF, rows


def test_churned_customers_list_what_they_bought_before(shop_readonly: duckdb.DuckDBPyConnection):
    churned = run(shop_readonly, "churned_customers", as_of=AS_OF)
    assert rows(
        churned, "customer", "segment", "rep", "previous_purchases", "days_since_purchase"
    ) == [
        # not in the customers dataset: ABC class B, rep from its sales row; 11-20 -> 03-10
        ("dora", "B", "ann", 700.0, 110),
        ("cove", "B", "bob", 300.0, 99),  # active only in the previous window
    ]


def test_partial_defectors_list_the_drop(shop_readonly: duckdb.DuckDBPyConnection):
    partial = run(shop_readonly, "partial_defectors", as_of=AS_OF)
    assert rows(
        partial,
        "customer",
        "previous_purchases",
        "current_purchases",
        "lost_purchases",
        "drop_pct",
        "last_purchase_date",
    ) == [  # fmt: skip
        ("bolt", 3000.0, 1100.0, 1900.0, round(1 - 1100 / 3000, 4), pd.Timestamp("2025-03-01")),
    ]


def test_churn_breakdown_by_segment(shop_readonly: duckdb.DuckDBPyConnection):
    split = run(shop_readonly, "churn_breakdown", as_of=AS_OF, dimension="segment")
    assert rows(
        split,
        "value",
        "active_customers",
        "active_previous",
        "churned_customers",
        "partial_defectors",
        "new_customers",
        "churn_rate",
        "revenue_churn_rate",
    ) == [  # fmt: skip
        ("B", 0, 2, 2, 0, 0, 1.0, 1.0),  # cove and dora, both gone
        ("C", 2, 1, 0, 1, 1, 0.0, 0.0),  # bolt (tier C) partial, eve (ABC C) new
        ("KA", 1, 1, 0, 0, 0, 0.0, 0.0),  # acme
    ]


def test_a_customer_filter_narrows_churn_to_that_customer(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    churn = run(shop_readonly, "customer_churn", as_of=AS_OF, customers=["eve"]).iloc[0]
    assert (churn["active_customers"], churn["new_customers"], churn["active_previous"]) == (
        1, 1, 0,
    )  # fmt: skip
    assert pd.isna(churn["churn_rate"])  # nobody to lose


def test_retention_cohorts_by_month_of_first_purchase(shop_readonly: duckdb.DuckDBPyConnection):
    cohorts = run(shop_readonly, "retention_cohorts", as_of=AS_OF, months=12)
    october = cohorts[cohorts["cohort_month"] == pd.Timestamp("2024-10-01")]
    # acme and bolt first bought in October; bolt again in January, acme in
    # February, both in March
    assert rows(october, "months_since_first", "cohort_customers", "active_customers",
                "retention") == [  # fmt: skip
        (0, 2, 2, 1.0), (1, 2, 0, 0.0), (2, 2, 0, 0.0), (3, 2, 1, 0.5), (4, 2, 1, 0.5),
        (5, 2, 2, 1.0),
    ]  # fmt: skip
    # cohorts: Oct (6 months to March), Nov dora (5), Dec cove (4), Feb eve (2)
    assert len(cohorts) == 6 + 5 + 4 + 2


def test_abc_classes_rank_trailing_365_day_gross_sales(shop_readonly: duckdb.DuckDBPyConnection):
    abc = run(shop_readonly, "abc_classes", as_of=AS_OF)
    # since 2024-03-11: bolt 3000 + 500 + 600, acme 2000 + 400 + 1000, dora 700,
    # cove 300, eve 250; total 8750. Share before: bolt 0, acme 4100/8750 = .47,
    # dora 7500/8750 = .86, cove 8200/8750 = .94, eve 8500/8750 = .97
    assert rows(
        abc,
        "rank",
        "customer",
        "gross_365_amount",
        "cumulative_share",
        "customer_share_cum",
        "abc_class",
    ) == [  # fmt: skip
        (1, "bolt", 4100.0, round(4100 / 8750, 4), 0.2, "A"),
        (2, "acme", 3400.0, round(7500 / 8750, 4), 0.4, "A"),
        (3, "dora", 700.0, round(8200 / 8750, 4), 0.6, "B"),
        (4, "cove", 300.0, round(8500 / 8750, 4), 0.8, "B"),
        (5, "eve", 250.0, 1.0, 1.0, "C"),
    ]


def test_customer_scorecard_scores_quintiles_and_picks_actions(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    card = run(shop_readonly, "customer_scorecard", as_of=AS_OF)
    # transaction: eve 250 < cove 300 < dora 700 < acme 3400 < bolt 4100 -> 1..5
    # safety: acme collected 300 -> 5; the other four tie at 0 -> 4 (cume_dist 4/5)
    # cooperation (sell-out / gross): dora 0, eve 0 -> 2; bolt 100/4100 -> 3;
    #   acme 300/3400 -> 4; cove 80/300 -> 5
    # no cost and no purchases in the year before: profitability, growth NULL
    assert rows(
        card,
        "customer",
        "transaction_score",
        "profitability_score",
        "safety_score",
        "growth_score",
        "cooperation_score",
        "score",
        "action",
    ) == [  # fmt: skip
        ("acme", 4.0, None, 5.0, None, 4.0, round(13 / 3, 4), "reward"),  # top 20%
        ("bolt", 5.0, None, 4.0, None, 3.0, 4.0, "support"),
        ("cove", 2.0, None, 4.0, None, 5.0, round(11 / 3, 4), "support"),
        ("dora", 3.0, None, 4.0, None, 2.0, 3.0, "support"),
        ("eve", 1.0, None, 4.0, None, 2.0, round(7 / 3, 4), "support"),  # growth unknown
    ]


def test_the_scorecard_phases_out_the_bottom_tenth_when_shrinking(
    empty: duckdb.DuckDBPyConnection,
):
    # ten customers c0..c9 buying 10..100 this year and 200 the year before,
    # except c1 who bought 1 then (growth +19, the top growth quintile).
    # transaction quintiles c0..c9: 1 1 2 2 3 3 4 4 5 5
    # growth quintiles (c0 -.95 < c2 -.85 < ... < c9 -.5 < c1 19): c0 1, c2 1,
    #   c3 2, c4 2, c5 3, c6 3, c7 4, c8 4, c9 5, c1 5
    # scores: c9 5, c8 4.5, c7 4, c6 3.5, c1 3, c5 3, c4 2.5, c3 2, c2 1.5, c0 1
    sales = []
    for i in range(10):
        sales.append(("2025-03-01", f"c{i}", "sell_in", 10.0 * (i + 1)))
        sales.append(("2024-01-01", f"c{i}", "sell_in", 1.0 if i == 1 else 200.0))
    empty.executemany("insert into sales (date, customer, kind, amount) values (?, ?, ?, ?)", sales)
    card = run(empty, "customer_scorecard", as_of=AS_OF).set_index("customer")
    # c9 and c8 are the top 20%; c0 is the bottom 10% and shrinking (10 vs 200)
    assert card.loc[["c9", "c8"], "action"].tolist() == ["reward", "reward"]
    assert card.loc["c0", "action"] == "phase_out"
    assert (card["action"] == "support").sum() == 7
    assert card.loc["c0", "growth"] == 10 / 200 - 1
