"""The Sell-in vs sell-out page on the sample data: its figures are the queries', and it never breaks.

The page file runs on its own (it draws the sidebar filters itself when it is
the script being run), so these tests do not depend on app.py's navigation.
"""

from __future__ import annotations

from functools import partial

import pytest

from salesdash import i18n, queries
from tests.pages.sample_workspace import (
    add_sales,
    by_name,
    cards,
    figures,
    open_app_at,
    open_script,
    read_only,
    values,
)

open_page = partial(open_script, "pages/sell_through.py")
STUFFED = (
    "杭州顺达商贸有限公司"  # the sample's distributor pushed full of stock (salesdash/sample.py)
)


def million(value: float) -> str:
    return f"{value / 1e6:.3g}M"


def test_the_cards_show_what_the_queries_give(sample_workspace):
    at = open_page()
    con = read_only(sample_workspace)
    stock = queries.run(con, "stock_summary").iloc[0]
    kpis = queries.run(con, "kpi_cards").set_index("kpi")

    shown = cards(at)
    assert shown["Sell-through"] == i18n.fmt_pct(kpis.loc["sell_through_rate", "current_value"])
    assert shown["Distributor stock"] == million(stock.reporting_stock)
    assert shown["Weeks of cover"] == f"{stock.weeks_of_cover:.1f} wk"
    assert shown["Slow-moving"] == million(stock.slow_moving_amount)
    assert shown["All channel stock"] == million(stock.channel_stock)


def test_the_weekly_chart_draws_sell_in_sell_out_and_stocked_sales(sample_workspace):
    at = open_page()
    weekly = queries.run(read_only(sample_workspace), "sales_weekly")
    lines = by_name(figures(at)[0])
    assert values(lines["Sell-in"], "y") == pytest.approx(weekly.gross_sales.tolist())
    assert values(lines["Sell-out"], "y") == pytest.approx(weekly.net_sales.tolist())
    assert values(lines["Into channel stock"], "y") == pytest.approx(weekly.stocked_sales.tolist())


def test_the_stuffed_distributor_tops_the_stock_chart_in_red(sample_workspace):
    at = open_page()
    top = queries.run(read_only(sample_workspace), "distributor_stock", limit=15)
    bars = by_name(figures(at)[1])
    assert values(bars["Slow-moving"], "y")[0] == STUFFED
    assert values(bars["Slow-moving"], "x") == pytest.approx(top.slow_moving_amount.tolist())
    labels = next(t for t in figures(at)[1]["data"] if t.get("mode") == "text")["text"]
    assert labels[0].strip() == f"{top.weeks_of_cover.iloc[0]:.1f} wk"  # far above 12 weeks


def test_the_slow_moving_list_is_the_querys_rows(sample_workspace):
    at = open_page()
    slow = queries.run(read_only(sample_workspace), "slow_moving_stock")
    table = at.dataframe[0].value
    assert table.customer.tolist() == slow.customer.tolist()
    assert table.stock_amount.tolist() == pytest.approx(slow.stock_amount.tolist())


def test_the_page_speaks_chinese_with_amounts_in_wan_and_yi(sample_workspace):
    at = open_page(lang="zh")
    stock = queries.run(read_only(sample_workspace), "stock_summary").iloc[0]
    assert at.title[0].value == "进货与动销"
    shown = cards(at)
    assert shown["经销商库存"] == i18n.fmt_number(stock.reporting_stock, "zh")
    assert shown["全部渠道库存"].endswith("亿")
    assert shown["可售周数"].endswith("周")


def test_an_empty_workspace_shows_a_guide_not_an_error(no_data):
    at = open_page()
    assert at.title[0].value == "Sell-in vs sell-out"
    assert "No sales loaded" in at.info[0].value
    assert not at.get("plotly_chart")


def test_without_sell_out_data_the_page_says_what_to_load(no_data):
    add_sales(
        no_data, [("2025-11-03", "acme", "sell_in", 1000), ("2025-11-05", "bolt", "sell_in", 500)]
    )
    at = open_page()
    notes = " ".join(i.value for i in at.info)
    assert "No sell-out data loaded" in notes
    assert list(cards(at)) == ["Sell-through"]
    assert cards(at)["Sell-through"] == "–"  # null without sell-out, never 0%
    assert list(by_name(figures(at)[0])) == ["Sell-in"]


def test_through_app_py_the_sidebar_filters_are_drawn_once(sample_workspace):
    at = open_app_at("pages/sell_through.py")
    assert not at.exception
    assert at.title[0].value == "Sell-in vs sell-out"
    assert [w.key for w in at.sidebar.multiselect] == ["region", "rep", "segment", "product"]
