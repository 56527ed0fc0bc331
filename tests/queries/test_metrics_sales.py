"""Sales, stock and target queries on the hand-computed shop (see conftest.py)."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from salesdash.queries import run
from tests.queries.frames import AS_OF, rows


def test_kpi_cards_compare_the_review_window_with_the_one_before(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    cards = run(shop_readonly, "kpi_cards", as_of=AS_OF)
    assert rows(cards, "kpi", "current_value", "previous_value", "change", "change_pct") == [
        ("gross_sales", 1000.0, 1000.0, 0.0, 0.0),  # acme 1000 vs acme 400 + bolt 600
        ("returns", 250.0, 0.0, 250.0, None),  # change over 0 has no percentage
        ("net_sales", 400.0, 80.0, 320.0, 4.0),  # 300 + 100 vs cove 80
        ("stocked_sales", 350.0, 920.0, -570.0, round(-570 / 920, 4)),
        ("sell_through_rate", 0.4, 0.08, 0.32, 4.0),  # 400/1000 vs 80/1000
        ("active_customers", 1.0, 2.0, -1.0, -0.5),  # acme vs acme, bolt
        ("visits", 2.0, 0.0, 2.0, None),
        ("calls", 1.0, 0.0, 1.0, None),
        ("complaints_opened", 2.0, 1.0, 1.0, 1.0),  # k3, k4 vs k1
        ("complaints_closed", 2.0, 0.0, 2.0, None),  # k1, k2 (k4 closes after as_of)
    ]


def test_filters_apply_to_rows_whose_region_comes_from_the_customers_dataset(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    cards = run(shop_readonly, "kpi_cards", as_of=AS_OF, regions=["west"])
    current = cards.set_index("kpi")["current_value"]
    # west = bolt and cove: bolt's -50 sell_in (a return) and 100 sell-out
    assert (current["gross_sales"], current["returns"], current["net_sales"]) == (0, 50, 100)
    assert current["stocked_sales"] == -150


def test_a_segment_filter_uses_the_derived_segment(shop_readonly: duckdb.DuckDBPyConnection):
    cards = run(shop_readonly, "kpi_cards", as_of=AS_OF, segments=["KA"])
    current = cards.set_index("kpi")["current_value"]
    assert (current["gross_sales"], current["returns"], current["net_sales"]) == (1000, 200, 300)


def test_an_empty_filter_list_means_all(shop_readonly: duckdb.DuckDBPyConnection):
    everyone = run(shop_readonly, "kpi_cards", as_of=AS_OF)
    empty_lists = run(shop_readonly, "kpi_cards", as_of=AS_OF, regions=[], reps=None)
    pd.testing.assert_frame_equal(everyone, empty_lists)


def test_sales_weekly_starts_weeks_on_monday_and_stops_at_as_of(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    weekly = run(shop_readonly, "sales_weekly", as_of=AS_OF, weeks=2)
    assert rows(
        weekly,
        "week_start",
        "gross_sales",
        "returns",
        "net_sales",
        "stocked_sales",
        "sell_through_rate",
        "active_customers",
    ) == [  # fmt: skip
        # 03-03..03-09: acme 1000 in, 200 + bolt 50 returned, acme 300 out
        (pd.Timestamp("2025-03-03"), 1000.0, 250.0, 300.0, 450.0, 0.3, 1),
        # 03-10 only: bolt sells out 100, nothing shipped
        (pd.Timestamp("2025-03-10"), 0.0, 0.0, 100.0, -100.0, None, 0),
    ]


def test_sales_monthly_covers_calendar_months(shop_readonly: duckdb.DuckDBPyConnection):
    monthly = run(shop_readonly, "sales_monthly", as_of=AS_OF, months=3)
    assert rows(
        monthly,
        "month_start",
        "gross_sales",
        "returns",
        "net_sales",
        "stocked_sales",
        "active_customers",
    ) == [  # fmt: skip
        (pd.Timestamp("2025-01-01"), 500.0, 0.0, 0.0, 500.0, 1),  # bolt
        (pd.Timestamp("2025-02-01"), 650.0, 0.0, 0.0, 650.0, 2),  # eve 250 + acme 400
        # 600 + 1000 in; 200 + 50 back; 300 + 80 + 100 out
        (pd.Timestamp("2025-03-01"), 1600.0, 250.0, 480.0, 870.0, 2),
    ]


def test_sales_breakdown_by_segment_falls_back_to_tier_then_abc(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    split = run(shop_readonly, "sales_breakdown", as_of=AS_OF, dimension="segment")
    assert rows(
        split,
        "value",
        "gross_sales",
        "returns",
        "net_sales",
        "stocked_sales",
        "share_of_gross",
        "previous_gross_sales",
        "gross_change_pct",
    ) == [  # fmt: skip
        ("KA", 1000.0, 200.0, 300.0, 500.0, 1.0, 400.0, 1.5),  # acme's own segment
        ("B", 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, None),  # cove: no segment, no tier -> ABC B
        ("C", 0.0, 50.0, 100.0, -150.0, 0.0, 600.0, -1.0),  # bolt: no segment -> tier C
    ]


def test_channel_stock_per_position_and_weeks_of_cover(shop_readonly: duckdb.DuckDBPyConnection):
    stock = run(shop_readonly, "channel_stock", as_of=AS_OF)
    assert rows(
        stock,
        "customer",
        "product",
        "stock_amount",
        "sell_out_8w_amount",
        "weeks_of_cover",
        "reports_sell_out",
    ) == [  # fmt: skip
        ("bolt", "p2", 3950.0, 100.0, 316.0, True),  # 4100 - 50 - 100; 3950 / (100/8)
        ("acme", "p1", 2900.0, 300.0, round(2900 / 37.5, 4), True),  # 3400 - 200 - 300
        ("dora", "p3", 700.0, 0.0, None, False),  # all it bought; it reports no sell-out
        ("eve", "p1", 250.0, 0.0, None, False),
        ("cove", "p1", 220.0, 80.0, 22.0, True),  # 300 - 80; 220 / (80/8)
    ]


def test_slow_moving_stock_needs_stock_and_no_recent_sell_out_or_long_cover(
    empty: duckdb.DuckDBPyConnection,
):
    empty.executemany(
        "insert into sales (date, customer, product, kind, amount) values (?, ?, ?, ?, ?)",
        [
            ("2025-01-01", "x", "p1", "sell_in", 100), ("2025-03-01", "x", "p1", "sell_out", 80),
            ("2024-06-01", "x", "p2", "sell_in", 100), ("2024-07-01", "x", "p2", "sell_out", 10),
            ("2025-02-01", "y", "p1", "sell_in", 500), ("2025-03-01", "y", "p1", "sell_out", 16),
            ("2025-02-01", "y", "p2", "sell_in", 50), ("2025-03-10", "y", "p2", "sell_out", 60),
        ],
    )  # fmt: skip
    slow = run(empty, "slow_moving_stock", as_of=AS_OF)
    assert rows(
        slow, "customer", "product", "stock_amount", "weeks_of_cover", "days_since_sell_out"
    ) == [  # fmt: skip
        ("y", "p1", 484.0, 242.0, 9),  # 484 / (16/8) > 12 weeks
        ("x", "p2", 90.0, None, 252),  # no sell-out since 2024-07-01
    ]  # x/p1: 20 / (80/8) = 2 weeks, fine; y/p2: stock -10, nothing held
    summary = run(empty, "stock_summary", as_of=AS_OF).iloc[0]
    assert summary["channel_stock"] == 20 + 90 + 484 - 10
    assert (summary["slow_moving_positions"], summary["slow_moving_amount"]) == (2, 574)


def test_attainment_hides_targets_scoped_outside_the_rep_filter(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    frame = run(shop_readonly, "attainment", as_of=AS_OF, reps=["bob"])
    # unscoped targets stay, ann's goes; a target's actual never shrinks with filters
    assert rows(frame, "period", "rep", "actual") == [
        ("2025", None, 2750.0), ("2025-Q1", None, 1100.0), ("2025-03", "bob", 600.0),
    ]  # fmt: skip


def test_a_target_period_that_has_not_started_is_not_in_force(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    april = run(shop_readonly, "attainment", as_of="2025-04-01")
    assert ("2025-04", "ann") in rows(april, "period", "rep")
    target = april[april["period"] == "2025-04"].iloc[0]
    assert target["expected_share"] == pytest.approx(1 / 30)  # 1 of April's 30 days
    assert target["actual"] == 0


def test_reps_behind_pace_lists_rep_targets_with_pace_below_one(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    behind = run(shop_readonly, "reps_behind_pace", as_of=AS_OF)
    # bob: 600 / 4000 = 0.15 after 10 of 31 days -> pace 0.465, projected 1860;
    # ann's pace is 1.55
    assert rows(
        behind,
        "rep",
        "period",
        "actual",
        "attainment",
        "pace_index",
        "projected",
        "projected_shortfall",
        "actual_net",
    ) == [  # fmt: skip
        ("bob", "2025-03", 600.0, 0.15, 0.465, 1860.0, 2140.0, 180.0),  # net: 100 + cove 80
    ]


def test_weeks_of_cover_in_total_counts_only_customers_that_report_sell_out(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    summary = run(shop_readonly, "stock_summary", as_of=AS_OF).iloc[0]
    # all positions: 2900 + 3950 + 220 + dora 700 + eve 250
    assert summary["channel_stock"] == 8020
    # reporting: acme 2900 + bolt 3950 + cove 220; their 8-week sell-out 300 + 100 + 80
    assert summary["reporting_stock"] == 7070
    assert summary["weeks_of_cover"] == pytest.approx(7070 / (480 / 8))


def test_stock_in_units_is_unknown_where_rows_carry_no_quantity(empty: duckdb.DuckDBPyConnection):
    empty.executemany(
        "insert into sales (date, customer, product, kind, amount, quantity) values (?, ?, ?, ?, ?, ?)",
        [
            ("2025-03-01", "x", "p1", "sell_in", 100, 10), ("2025-03-05", "x", "p1", "sell_out", 40, 4),
            ("2025-03-01", "x", "p2", "sell_in", 100, None), ("2025-03-05", "x", "p2", "sell_out", 40, None),
        ],
    )  # fmt: skip
    stock = run(empty, "channel_stock", as_of=AS_OF)
    units = dict(zip(stock["product"], stock["stock_units"], strict=True))
    assert units["p1"] == 6  # 10 - 4
    assert pd.isna(units["p2"])  # no quantities: unknown, not 0
