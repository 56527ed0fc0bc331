"""The weekly review's rollups on the hand-computed shop (see conftest.py).

Shop at 2025-03-10. Stock per customer x product (gross - returns - sell-out
over all rows): acme p1 = 2000 + 400 + 1000 - 200 - 300 = 2900, sold out 300
in the trailing 8 weeks; bolt p2 = 3000 + 500 + 600 - 50 - 100 = 3950, sold
out 100; cove p1 = 300 - 80 = 220, sold out 80. eve and dora never report
sell-out, so their stock is not judged.
"""

from __future__ import annotations

import duckdb

from salesdash.queries import run
from tests.queries.frames import AS_OF, rows


def test_slow_moving_stock_adds_up_per_distributor_largest_first(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    frame = run(shop_readonly, "slow_moving_by_customer", as_of=AS_OF)
    assert rows(
        frame, "customer", "slow_positions", "stock_amount", "sell_out_8w_amount", "weeks_of_cover"
    ) == [
        ("bolt", 1, 3950.0, 100.0, 316.0),  # 3950 / (100 / 8)
        ("acme", 1, 2900.0, 300.0, round(2900 / (300 / 8), 4)),
        ("cove", 1, 220.0, 80.0, 22.0),  # 220 / (80 / 8)
    ]
    assert rows(frame, "customer", "largest_product", "rep", "region")[0] == (
        "bolt", "p2", "bob", "west",
    )  # fmt: skip


def test_slow_moving_by_customer_obeys_filters_and_limit(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    west = run(shop_readonly, "slow_moving_by_customer", as_of=AS_OF, regions=["west"])
    assert west["customer"].tolist() == ["bolt", "cove"]
    top = run(shop_readonly, "slow_moving_by_customer", as_of=AS_OF, limit=1)
    assert top["customer"].tolist() == ["bolt"]


def test_attainment_summary_adds_up_targets_of_one_period_and_scope(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    frame = run(shop_readonly, "attainment_summary", as_of=AS_OF)
    # 2025-03 rep targets: ann 2000 (acme's 1000 sell-in), bob 4000 (bolt's 600;
    # its -50 line is a return). 10 of 31 days gone. Sell-out: acme 300, bolt
    # 100 + cove 80. 2025-Q1 west x p2: bolt's 500 + 600, sold out 100; 69 of
    # 90 days. 2025 company-wide: 1000 + 400 + 600 + 250 + 500, sold out 480.
    assert rows(
        frame, "period", "scope", "targets", "target", "actual", "actual_net", "expected_share"
    ) == [
        ("2025-03", "rep", 2, 6000.0, 1600.0, 480.0, round(10 / 31, 4)),
        ("2025-Q1", "region+product", 1, 5000.0, 1100.0, 100.0, round(69 / 90, 4)),
        ("2025", "all", 1, 50000.0, 2750.0, 480.0, round(69 / 365, 4)),
    ]
    month = frame.iloc[0]
    assert round(month["attainment"], 4) == round(1600 / 6000, 4)
    assert round(month["pace_index"], 4) == round(1600 / 6000 / (10 / 31), 4)
    assert round(month["projected"], 4) == round(1600 / (10 / 31), 4)
    assert month["gap"] == 4400


def test_attainment_summary_lists_only_the_targets_the_filters_keep(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    frame = run(shop_readonly, "attainment_summary", as_of=AS_OF, reps=["ann"])
    month = frame[frame["period"] == "2025-03"]
    assert rows(month, "targets", "target", "actual") == [(1, 2000.0, 1000.0)]


def test_the_weekly_rollups_are_empty_without_the_data_they_need(
    empty_readonly: duckdb.DuckDBPyConnection,
):
    assert run(empty_readonly, "slow_moving_by_customer").empty
    assert run(empty_readonly, "attainment_summary").empty
