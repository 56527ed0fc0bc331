"""The Customers page on the sample data: its figures are the queries', and it never breaks.

The page file runs on its own (it draws the sidebar filters itself when it is
the script being run). Each check compares what the page shows with
`salesdash.queries.run` for the same parameters, formatted as the page does.
The sample's story: 连锁零售 has the highest satisfaction and the churn.
"""

from __future__ import annotations

from functools import partial

import pytest

from pages.common import apply_drill
from salesdash import i18n, queries, workspace
from tests.pages.sample_workspace import cards, chart, figure, open_script, read_only, values

open_page = partial(open_script, "pages/customers.py")
CHURN_SEGMENT = "连锁零售"  # salesdash/sample.py: satisfied, and leaving


def test_the_cards_show_what_the_queries_give(sample_workspace):
    at = open_page()
    con = read_only(sample_workspace)
    churn = queries.run(con, "customer_churn").iloc[0]
    sat = queries.run(con, "satisfaction").iloc[0]

    shown = cards(at)
    assert shown["Churn rate"] == i18n.fmt_pct(churn.churn_rate)
    assert shown["Churned"] == i18n.fmt_number(churn.churned_customers)
    assert shown["Partial defectors"] == i18n.fmt_number(churn.partial_defectors)
    assert shown["Active customers"] == i18n.fmt_number(churn.active_customers)
    assert shown["CSAT (1–5)"] == i18n.fmt_number(sat.csat_avg, decimals=2)
    assert shown["NPS"] == i18n.fmt_number(sat.nps)


def test_the_churning_segment_shows_its_churn_beside_the_highest_satisfaction(sample_workspace):
    at = open_page()
    con = read_only(sample_workspace)
    split = queries.run(con, "satisfaction_breakdown", dimension="segment").set_index("value")

    fig = figure(at, "customers_loyalty_segment")
    churned, partial, satisfied = fig["data"]
    row = values(churned, "y").index(CHURN_SEGMENT)
    assert values(churned, "x")[row] == pytest.approx(split.loc[CHURN_SEGMENT, "churn_rate"])
    assert values(partial, "x")[row] == pytest.approx(
        split.loc[CHURN_SEGMENT, "partial_defection_rate"]
    )
    assert values(satisfied, "x")[row] == pytest.approx(split.pct_satisfied.max())
    assert split.churn_rate.idxmax() == CHURN_SEGMENT  # satisfied is not loyal
    assert churned["customdata"][row] == [CHURN_SEGMENT]  # what a click puts in the filter


def test_a_click_on_a_segment_bar_filters_the_page_to_that_segment(sample_workspace):
    at = open_page()
    fig = figure(at, "customers_loyalty_segment")
    row = values(fig["data"][0], "y").index(CHURN_SEGMENT)
    click = {"selection": {"points": [{"customdata": fig["data"][0]["customdata"][row]}]}}
    state = {"customers_loyalty_segment": click}
    options = ["经销商", CHURN_SEGMENT, "大客户KA"]
    assert apply_drill(state, "customers_loyalty_segment", "segment", [], options) == CHURN_SEGMENT
    assert state["segment"] == [CHURN_SEGMENT]

    at.sidebar.multiselect(key="segment").set_value([CHURN_SEGMENT]).run()
    assert not at.exception
    con = read_only(sample_workspace)
    churn = queries.run(con, "customer_churn", segments=[CHURN_SEGMENT]).iloc[0]
    assert cards(at)["Churned"] == i18n.fmt_number(churn.churned_customers)


def test_the_breakdown_by_channel_names_the_channels_in_chinese(sample_workspace):
    at = open_page(lang="zh", by="channel")
    con = read_only(sample_workspace)
    split = queries.run(con, "satisfaction_breakdown", dimension="channel").set_index("value")

    assert at.title[0].value == "客户"
    churned = figure(at, "customers_loyalty_channel")["data"][0]
    shown = dict(zip(values(churned, "y"), values(churned, "x"), strict=True))
    assert shown["零售商"] == pytest.approx(split.loc["retailer", "churn_rate"])
    assert not chart(at, "customers_loyalty_channel").proto.selection_mode  # no channel filter
    assert open_page().get("plotly_chart")[0].proto.selection_mode  # segment bars are clickable
    assert cards(at)["流失率"].endswith("%")


def test_the_scorecard_tabs_hold_the_reward_support_and_phase_out_lists(sample_workspace):
    at = open_page()
    con = read_only(sample_workspace)
    actions = queries.run(con, "customer_scorecard").action.value_counts()

    labels = [tab.label for tab in at.tabs]
    for action, name in (("reward", "Reward"), ("support", "Support"), ("phase_out", "Phase out")):
        assert f"{name} ({actions[action]})" in labels
    reward = next(df.value for df in at.dataframe if len(df.value) == actions["reward"])
    assert (
        reward.score.min()
        >= queries.run(con, "customer_scorecard").query("action == 'support'").score.max()
    )


def test_without_surveys_and_complaints_the_page_says_what_to_load(sample_workspace):
    with workspace.writing(sample_workspace) as con:
        con.execute("delete from surveys")
        con.execute("delete from complaints")

    at = open_page()
    notes = " ".join(info.value for info in at.info)
    assert "No surveys loaded" in notes
    assert "No complaints loaded" in notes
    assert "CSAT (1–5)" not in cards(at)
    assert "Churn rate" in cards(at)


def test_an_empty_workspace_shows_a_guide_instead_of_charts(no_data):
    at = open_page(lang="zh")
    assert "还没有销售数据" in at.info[0].value
    assert not at.get("plotly_chart")


def test_every_text_the_page_builds_from_a_code_is_in_both_catalogues():
    keys = [f"customers.dimension.{d}" for d in ("segment", "region", "channel", "tier", "rep")]
    keys += [f"customers.channel.{c}" for c in ("distributor", "retailer", "direct")]
    keys += [f"customers.servqual.{d}" for d in
             ("reliability", "responsiveness", "assurance", "empathy", "tangibles")]  # fmt: skip
    keys += [f"customers.criterion.{c}" for c in
             ("transaction", "profitability", "safety", "growth", "cooperation")]  # fmt: skip
    for action in ("reward", "support", "phase_out", "all"):
        keys += [f"customers.action.{action}", f"customers.action.{action}_help"]
    for lang in i18n.LANGS:
        assert not [k for k in keys if k not in i18n.catalogue(lang)], lang
