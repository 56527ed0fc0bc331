"""The command-line contract object, checked key by key against figures worked out by hand.

The shop is described in conftest.py; each expected number carries its
arithmetic. A changed definition changes a number here.
"""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import pytest

from salesdash import metrics
from tests.queries.frames import AS_OF


@pytest.fixture(scope="module")
def figures(shop_readonly: duckdb.DuckDBPyConnection) -> dict:
    return metrics.contract_metrics(shop_readonly, as_of=AS_OF)


def test_the_object_has_exactly_the_spec_keys_in_order(figures: dict):
    assert list(figures) == list(metrics.CONTRACT_KEYS)


def test_the_object_is_json_serialisable(figures: dict):
    assert json.loads(json.dumps(figures, ensure_ascii=False)) == figures


def test_as_of_defaults_to_the_latest_sales_date_as_an_iso_string(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    assert metrics.contract_metrics(shop_readonly)["as_of"] == "2025-03-10"


def test_gross_sales_counts_positive_sell_in_of_the_review_window(figures: dict):
    # 03-04..03-10: acme sell_in 1000 (bolt's -50 sell_in is a return, not gross)
    assert figures["gross_sales"] == 1000


def test_returns_add_return_rows_and_negative_sell_in(figures: dict):
    # acme return 200 + |bolt sell_in -50| = 250
    assert figures["returns"] == 250


def test_net_sales_is_the_sell_out_of_the_review_window(figures: dict):
    # acme sell_out 300 (03-07) + bolt sell_out 100 (03-10); cove's 80 is on 03-02
    assert figures["net_sales"] == 400


def test_stocked_sales_is_gross_minus_returns_minus_net(figures: dict):
    # 1000 - 250 - 400
    assert figures["stocked_sales"] == 350


def test_sell_through_rate_is_net_over_gross(figures: dict):
    # 400 / 1000
    assert figures["sell_through_rate"] == 0.4


def test_channel_stock_sums_gross_minus_returns_minus_sell_out_over_all_data(figures: dict):
    # acme 3400 - 200 - 300, bolt 4100 - 50 - 100, cove 300 - 80, and all that
    # dora (700) and eve (250) bought, as they never report sell-out (SPEC's sum)
    assert figures["channel_stock"] == 2900 + 3950 + 220 + 700 + 250


def test_active_customers_are_those_with_purchases_in_the_churn_window(figures: dict):
    # 2024-12-11..2025-03-10: acme (1400), bolt (1100), eve (250); cove bought 12-01
    assert figures["active_customers"] == 3


def test_churned_customers_were_active_only_in_the_previous_window(figures: dict):
    # 2024-09-12..12-10: acme 2000, bolt 3000, cove 300, dora 700; cove and dora stop
    assert figures["churned_customers"] == 2


def test_partial_defectors_buy_less_than_half_of_before(figures: dict):
    # bolt 600 + 500 = 1100 < 0.5 x 3000; acme 1400 >= 0.5 x 2000
    assert figures["partial_defectors"] == 1


def test_new_customers_never_bought_before_the_churn_window(figures: dict):
    # eve's first purchase is 2025-02-10
    assert figures["new_customers"] == 1


def test_churn_rate_is_churned_over_active_previous(figures: dict):
    # 2 / 4
    assert figures["churn_rate"] == 0.5


def test_revenue_churn_rate_weighs_churned_customers_by_previous_purchases(figures: dict):
    # (cove 300 + dora 700) / (2000 + 3000 + 300 + 700) = 1000 / 6000
    assert figures["revenue_churn_rate"] == pytest.approx(0.1667)


def test_csat_is_the_mean_of_1_to_5_responses_in_the_churn_window(figures: dict):
    # acme 5, acme 3, bolt 4 (acme's 1 of 2024-11-01 is before the window): 12 / 3
    assert figures["csat_avg"] == 4.0


def test_pct_satisfied_is_the_share_of_4_and_5(figures: dict):
    # 5 and 4 out of 5, 3, 4
    assert figures["pct_satisfied"] == pytest.approx(0.6667)


def test_nps_side_by_side_with_csat_uses_only_0_to_10_responses(figures: dict):
    # 10 promoter, 8 passive, 3 and 6 detractors: (1/4 - 2/4) x 100
    assert figures["nps"] == -25.0


def test_complaints_opened_count_the_review_window(figures: dict):
    # k3 (03-06) and k4 (03-08)
    assert figures["complaints_opened"] == 2


def test_open_backlog_counts_complaints_not_closed_by_as_of(figures: dict):
    # k3 and k6 never closed; k4 closes 03-12, after as_of
    assert figures["open_backlog"] == 3


def test_median_days_to_close_over_complaints_closed_in_the_window(figures: dict):
    # k1: 03-01 -> 03-05 = 4 days; k2: 02-20 -> 03-09 = 17 days; median 10.5
    assert figures["median_days_to_close"] == 10.5


def test_pct_within_sla_is_the_share_closed_within_sla_days(figures: dict):
    # k1 (4 <= 7) yes, k2 (17) no
    assert figures["pct_within_sla"] == 0.5


def test_visits_count_visit_rows_not_calls(figures: dict):
    # acme 03-04 and bolt 03-08 visits; bolt's 03-07 call does not count
    assert figures["visits"] == 2


def test_coverage_is_active_customers_visited_in_the_churn_window(figures: dict):
    # active acme, bolt, eve; visited acme and bolt: 2 / 3
    assert figures["coverage"] == pytest.approx(0.6667)


def test_attainment_lists_the_targets_in_force_only(figures: dict):
    periods = [(row["period"], row["rep"]) for row in figures["attainment"]]
    # the 2025-04 target has not started on 2025-03-10
    assert periods == [("2025", None), ("2025-Q1", None), ("2025-03", "ann"), ("2025-03", "bob")]


def test_attainment_of_a_rep_counts_rows_whose_rep_comes_from_the_customers_dataset(
    figures: dict,
):
    ann = figures["attainment"][2]
    # ann's March: acme sell_in 1000 on 03-05 (the row has no rep; acme's rep is ann)
    assert ann["actual"] == 1000
    assert ann["attainment"] == 0.5  # 1000 / 2000
    assert ann["expected_share"] == pytest.approx(10 / 31, abs=1e-4)  # 10 of 31 days
    assert ann["pace_index"] == pytest.approx(1.55, abs=1e-4)  # 0.5 / (10/31)
    assert ann["projected"] == 3100  # 1000 / (10/31)
    assert ann["gap"] == 1000
    assert ann["actual_net"] == 300  # acme sell_out 03-07
    assert ann["attainment_net"] == 0.15


def test_attainment_scope_columns_intersect(figures: dict):
    q1 = figures["attainment"][1]
    assert (q1["region"], q1["product"]) == ("west", "p2")
    # west x p2 gross 01-01..03-10: bolt 500 (01-15) + 600 (03-01)
    assert q1["actual"] == 1100
    assert q1["expected_share"] == pytest.approx(69 / 90, abs=1e-4)  # 69 of 90 days
    assert q1["projected"] == pytest.approx(1434.78)  # 1100 / (69/90)


def test_an_unscoped_target_counts_all_sales(figures: dict):
    year = figures["attainment"][0]
    # 500 + 250 + 400 + 600 + 1000 (all positive sell_in since 01-01)
    assert year["actual"] == 2750
    assert year["target"] == 50000
    assert year["period_start"] == "2025-01-01"


def test_an_empty_workspace_gives_nulls_and_no_attainment_without_raising(
    empty: duckdb.DuckDBPyConnection,
):
    figures = metrics.contract_metrics(empty)
    assert list(figures) == list(metrics.CONTRACT_KEYS)
    assert figures["attainment"] == []
    assert all(figures[key] is None for key in metrics.CONTRACT_KEYS if key != "attainment")
    assert (
        metrics.missing_reasons(empty, figures)["gross_sales"]
        == "no sell-in (shipment) data loaded"
    )


def test_an_empty_workspace_with_an_explicit_date_still_gives_nulls(
    empty: duckdb.DuckDBPyConnection,
):
    figures = metrics.contract_metrics(empty, as_of="2025-03-10")
    assert figures["as_of"] == "2025-03-10"
    assert all(figures[key] is None for key in metrics.CONTRACT_KEYS[1:-1])


def test_an_empty_review_window_gives_zero_sums_and_null_ratios(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    figures = metrics.contract_metrics(shop_readonly, as_of="2025-06-30")
    assert figures["gross_sales"] == 0
    assert figures["returns"] == 0
    assert figures["net_sales"] == 0
    assert figures["stocked_sales"] == 0
    assert figures["sell_through_rate"] is None  # 0 / 0
    assert figures["visits"] == 0
    assert figures["complaints_opened"] == 0
    assert figures["median_days_to_close"] is None
    # churn window 04-02..06-30 is empty; before it (01-02..04-01) acme, bolt, eve bought
    assert figures["active_customers"] == 0
    assert figures["churned_customers"] == 3
    assert figures["churn_rate"] == 1.0
    assert figures["attainment"][0]["period"] == "2025"  # only the year target is in force
    assert len(figures["attainment"]) == 1


def test_without_sell_out_data_net_and_stock_figures_are_null(empty: duckdb.DuckDBPyConnection):
    empty.execute(
        "insert into sales (date, customer, kind, amount) values (?, ?, ?, ?)",
        [AS_OF, "acme", "sell_in", 100.0],
    )
    figures = metrics.contract_metrics(empty)
    assert figures["gross_sales"] == 100
    assert figures["returns"] == 0
    for key in ("net_sales", "stocked_sales", "sell_through_rate", "channel_stock"):
        assert figures[key] is None, key
    reasons = metrics.missing_reasons(empty, figures)
    assert reasons["net_sales"].startswith("no sell-out data")
    assert reasons["csat_avg"] == "no surveys loaded"
    assert reasons["attainment"] == "no targets loaded"


def test_a_return_bigger_than_the_weeks_sales_makes_stocked_sales_negative(
    empty: duckdb.DuckDBPyConnection,
):
    empty.executemany(
        "insert into sales (date, customer, kind, amount) values (?, ?, ?, ?)",
        [(AS_OF, "acme", "sell_in", 100.0), (AS_OF, "acme", "return", -300.0),
         (AS_OF, "acme", "sell_out", 20.0)],
    )  # fmt: skip
    figures = metrics.contract_metrics(empty)
    # 100 - |-300| - 20
    assert figures["stocked_sales"] == -220
    assert figures["channel_stock"] == -220


def test_only_sell_out_data_makes_sell_out_the_purchases(empty: duckdb.DuckDBPyConnection):
    empty.executemany(
        "insert into sales (date, customer, kind, amount) values (?, ?, ?, ?)",
        [(AS_OF, "acme", "sell_out", 100.0), (dt.date(2024, 12, 1), "bolt", "sell_out", 50.0)],
    )
    figures = metrics.contract_metrics(empty)
    assert figures["gross_sales"] is None
    assert figures["active_customers"] == 1  # acme's sell-out counts as purchases
    assert figures["churned_customers"] == 1  # bolt bought in the previous window only
