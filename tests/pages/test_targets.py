"""The Targets page on the sample data: its figures are the queries', and it never breaks.

The page file runs on its own (it draws the sidebar filters itself when it is
the script being run), so these tests do not depend on app.py's navigation.
Each check compares what the page shows with `salesdash.queries.run` for the
same parameters, formatted as the page formats them.
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

open_page = partial(open_script, "pages/targets.py")
LAGGING_REP = "刘洋"  # the sample's rep at ~40% of his target pace (salesdash/sample.py)


def test_the_cards_show_what_the_queries_give(sample_workspace):
    at = open_page()
    con = read_only(sample_workspace)
    summary = queries.run(con, "attainment_summary").iloc[0]
    behind = queries.run(con, "reps_behind_pace")
    rep_targets = queries.run(con, "attainment").rep.notna().sum()

    shown = cards(at)
    assert shown["Attainment"] == i18n.fmt_pct(summary.attainment)
    assert shown["Sold through"] == i18n.fmt_pct(summary.attainment_net)
    assert shown["Projected"] == f"{summary.projected / 1e6:.3g}M"
    assert shown["Reps behind pace"] == f"{len(behind)} of {rep_targets}"
    assert f"Targets of {summary.period}" in " ".join(c.value for c in at.caption)


def test_the_lagging_rep_leads_the_rep_chart_at_the_attainment_the_query_gives(
    sample_workspace,
):
    at = open_page()
    con = read_only(sample_workspace)
    target = queries.run(con, "attainment").set_index("rep").loc[LAGGING_REP]

    bars = by_name(figures(at)[0])
    behind = bars["Behind pace (sell-in)"]
    assert values(behind, "y")[0].startswith(LAGGING_REP)  # slowest first
    assert values(behind, "x")[0] == pytest.approx(target.attainment)
    assert behind["customdata"][0] == [LAGGING_REP]  # what a click puts in the rep filter
    sold = bars["Sold through"]
    assert values(sold, "x")[0] == pytest.approx(target.attainment_net)
    assert values(bars["Expected by today"], "x")[0] == pytest.approx(target.expected_share)
    assert f"Furthest behind: {LAGGING_REP}" in " ".join(c.value for c in at.caption)


def test_the_rep_chart_is_clickable_and_the_others_are_not(sample_workspace):
    at = open_page()
    modes = {
        c.proto.id.rsplit("-", 1)[-1]: list(c.proto.selection_mode) for c in at.get("plotly_chart")
    }
    assert modes["targets_by_rep"]  # selection on: a click drills down to the rep
    assert not modes["targets_trend"]


def test_the_rep_filter_narrows_the_page_to_that_rep(sample_workspace):
    at = open_page()
    at.sidebar.multiselect(key="rep").set_value([LAGGING_REP]).run()
    assert not at.exception

    fig = figures(at)[0]
    assert [y for trace in fig["data"] for y in values(trace, "y")][:1] == [f"{LAGGING_REP} · 华北"]
    assert {tuple(values(t, "y")) for t in fig["data"]} == {(f"{LAGGING_REP} · 华北",)}
    con = read_only(sample_workspace)
    monthly = queries.run(con, "target_monthly", reps=[LAGGING_REP])
    trend = by_name(figures(at)[-1])
    assert values(trend["Target"], "y") == pytest.approx(monthly.target.tolist())
    assert values(trend["Sell-in"], "y") == pytest.approx(monthly.gross_sales.tolist())


def test_the_page_speaks_chinese_with_amounts_in_wan(sample_workspace):
    at = open_page(lang="zh")
    con = read_only(sample_workspace)
    summary = queries.run(con, "attainment_summary").iloc[0]
    assert at.title[0].value == "目标达成"
    shown = cards(at)
    assert shown["期末预计"] == i18n.fmt_number(summary.projected, "zh")
    assert shown["期末预计"].endswith("万")
    assert [t.label for t in at.tabs] == ["按业务员", "按区域", "按产品"]


def test_an_empty_workspace_shows_a_guide_not_an_error(no_data):
    at = open_page()
    assert at.title[0].value == "Targets"
    assert "No sales loaded" in at.info[0].value
    assert not at.get("plotly_chart")


def test_sales_without_targets_still_show_the_monthly_trend(no_data):
    add_sales(
        no_data, [("2025-10-03", "acme", "sell_in", 1000), ("2025-11-05", "acme", "sell_in", 500)]
    )
    at = open_page(lang="zh")
    assert "尚未加载目标" in at.info[0].value
    trend = by_name(figures(at)[0])
    assert values(trend["出货"], "y")[-2:] == [0.1, 0.05]  # in 万: 1,000 and 500
    assert "目标" not in trend


def test_through_app_py_the_sidebar_filters_are_drawn_once(sample_workspace):
    at = open_app_at("pages/targets.py")
    assert not at.exception
    assert at.title[0].value == "Targets"
    assert [w.key for w in at.sidebar.multiselect] == ["region", "rep", "segment", "product"]
