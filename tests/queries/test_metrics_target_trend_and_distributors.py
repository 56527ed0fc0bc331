"""The monthly target trend and stock per distributor, worked out by hand on the shop (conftest.py)."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from salesdash.queries import run
from tests.queries.frames import AS_OF, rows


def test_the_monthly_target_is_the_company_target_split_by_days_when_nothing_is_filtered(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    frame = run(shop_readonly, "target_monthly", as_of=AS_OF, months=3)
    # Scopes: all (2025: 50000), region+product (west p2, Q1: 5000), rep (March).
    # The company-wide target covers every sell-in line of Jan-Mar (5); the west
    # p2 one only bolt's two, the rep ones only March's two: 'all' is compared.
    assert rows(frame, "month_start", "gross_sales", "net_sales", "target", "target_to_date") == [
        (pd.Timestamp("2025-01-01"), 500.0, 0.0, round(50000 * 31 / 365, 4), round(50000 * 31 / 365, 4)),
        (pd.Timestamp("2025-02-01"), 650.0, 0.0, round(50000 * 28 / 365, 4), round(50000 * 28 / 365, 4)),
        (pd.Timestamp("2025-03-01"), 1600.0, 480.0, round(50000 * 31 / 365, 4), round(50000 * 10 / 365, 4)),
    ]  # fmt: skip
    # Jan: bolt 500; Feb: acme 400 + eve 250; Mar: acme 1000 + bolt 600, sell-out 300 + 100 + 80
    march = frame.iloc[-1]
    assert march["attainment"] == pytest.approx(1600 / (50000 * 31 / 365))
    assert march["attainment_net"] == pytest.approx(480 / (50000 * 31 / 365))
    assert set(frame["target_scope"]) == {"all"}


def test_a_rep_filter_compares_the_rep_targets_only(shop_readonly: duckdb.DuckDBPyConnection):
    frame = run(shop_readonly, "target_monthly", as_of=AS_OF, months=3, reps=["bob"])
    # bob's sales: bolt 500 (Jan), bolt 600 (Mar; the -50 is a return), sell-out
    # bolt 100 + cove 80. Only bob's March target (4000) is a rep target.
    assert rows(frame, "gross_sales", "net_sales", "target", "target_to_date", "attainment") == [
        (500.0, 0.0, None, None, None),
        (0.0, 0.0, None, None, None),
        (600.0, 180.0, 4000.0, round(4000 * 10 / 31, 4), 0.15),
    ]  # fmt: skip
    assert set(frame["target_scope"]) == {"rep"}


def test_a_monthly_target_wins_over_its_quarters_share(shop: duckdb.DuckDBPyConnection):
    shop.execute(
        "insert into targets (period, period_start, period_end, target, rep)"
        " values ('2025-Q1', '2025-01-01', '2025-03-31', 9000, 'bob')"
    )
    frame = run(shop, "target_monthly", as_of=AS_OF, months=3, reps=["bob"])
    # Jan 9000 * 31/90, Feb 9000 * 28/90; March has bob's own 4000, not 4000 + 3100
    assert rows(frame, "target") == [(3100.0,), (2800.0,), (4000.0,)]


def test_no_target_fits_a_segment_filter_without_customer_targets(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    frame = run(shop_readonly, "target_monthly", as_of=AS_OF, months=3, segments=["KA"])
    # acme is KA: Feb 400, Mar 1000; the sales show, the target stays empty
    assert rows(frame, "gross_sales", "target", "target_scope") == [
        (0.0, None, None), (400.0, None, None), (1000.0, None, None),
    ]  # fmt: skip


def test_target_monthly_on_an_empty_workspace_has_no_figures(
    empty_readonly: duckdb.DuckDBPyConnection,
):
    frame = run(empty_readonly, "target_monthly", as_of=AS_OF, months=2)
    assert rows(frame, "gross_sales", "net_sales", "target") == [(None, None, None)] * 2


def test_distributor_stock_lists_only_customers_that_report_sell_out(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    frame = run(shop_readonly, "distributor_stock", as_of=AS_OF)
    # bolt 3000 + 500 + 600 - 50 - 100; acme 2000 + 400 + 1000 - 200 - 300; cove
    # 300 - 80. Their 8-week sell-out: 100, 300, 80 -> cover 316, 77.3, 22 weeks,
    # all above 12, so every position is slow-moving. dora and eve never report.
    assert rows(
        frame,
        "customer",
        "stock_amount",
        "sell_out_8w_amount",
        "weeks_of_cover",
        "positions",
        "slow_moving_positions",
        "slow_moving_amount",
    ) == [
        ("bolt", 3950.0, 100.0, 316.0, 1, 1, 3950.0),
        ("acme", 2900.0, 300.0, round(2900 / 37.5, 4), 1, 1, 2900.0),
        ("cove", 220.0, 80.0, 22.0, 1, 1, 220.0),
    ]  # fmt: skip
    assert rows(frame, "rep", "region", "last_sell_out_date")[0] == (
        "bob",
        "west",
        pd.Timestamp("2025-03-10"),
    )


def test_distributor_stock_adds_up_a_customers_products(shop: duckdb.DuckDBPyConnection):
    shop.execute(
        "insert into sales (date, customer, kind, amount, product)"
        " values ('2025-03-09', 'acme', 'sell_in', 100, 'p2')"
    )
    frame = run(shop, "distributor_stock", as_of=AS_OF, customers=["acme"])
    # p1 2900 + p2 100 (never sold out: slow-moving); cover 3000 / (300 / 8)
    assert rows(frame, "stock_amount", "weeks_of_cover", "positions", "slow_moving_positions") == [
        (3000.0, 80.0, 2, 2)
    ]
    assert len(run(shop, "distributor_stock", as_of=AS_OF, limit=2)) == 2


def test_distributor_stock_is_empty_without_sell_out_data(
    empty_readonly: duckdb.DuckDBPyConnection,
):
    assert run(empty_readonly, "distributor_stock").empty
