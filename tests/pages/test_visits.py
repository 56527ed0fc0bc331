"""The Visits page on the sample data: its figures are the queries', and it never breaks.

The page file runs on its own (it draws the sidebar filters itself when it is
the script being run). The sample's story: five tier-A customers, two of
them the lagging rep's, have been neither visited for 91 days nor called for 30.
"""

from __future__ import annotations

from functools import partial

import pytest

from salesdash import i18n, queries
from tests.pages.sample_workspace import cards, figure, open_script, read_only, values

open_page = partial(open_script, "pages/visits.py")
OVERDUE_A = "宁波润泽副食品有限公司"  # one of the sample's overdue tier-A customers
LAGGING_REP = "刘洋"


def test_the_cards_and_the_overdue_list_show_what_the_queries_give(sample_workspace):
    at = open_page()
    con = read_only(sample_workspace)
    summary = queries.run(con, "visit_summary").iloc[0]
    overdue = queries.run(con, "overdue_visits")

    shown = cards(at)
    assert shown["Visits"] == i18n.fmt_number(summary.visits)
    assert shown["Coverage"] == i18n.fmt_pct(summary.coverage)
    assert shown["Collected"] == f"{summary.collected_amount / 1e6:,.2f}M"
    assert shown["Overdue"] == str(len(overdue))
    assert shown["Overdue, tier A"] == str((overdue.tier == "A").sum()) == "5"

    tier_a = at.dataframe[0].value.set_index("customer")  # the first tab: tier A
    expected = overdue.set_index("customer").loc[OVERDUE_A]
    assert tier_a.loc[OVERDUE_A, "days_since_visit"] == expected.days_since_visit
    assert tier_a.loc[OVERDUE_A, "days_since_contact"] == expected.days_since_contact
    assert set(tier_a.tier) == {"A"}


def test_the_rep_chart_shows_visits_per_week_and_a_click_filters_to_the_rep(sample_workspace):
    at = open_page()
    con = read_only(sample_workspace)
    reps = queries.run(con, "visits_by_rep").set_index("rep")

    visits = figure(at, "visits_per_rep")["data"][0]
    shown = dict(zip(values(visits, "y"), values(visits, "x"), strict=True))
    assert shown[LAGGING_REP] == pytest.approx(reps.loc[LAGGING_REP, "visits_per_week"])
    assert [LAGGING_REP] in visits["customdata"]  # what a click puts in the rep filter

    at.sidebar.multiselect(key="rep").set_value([LAGGING_REP]).run()
    assert not at.exception
    mine = queries.run(con, "overdue_visits", reps=[LAGGING_REP])
    assert cards(at)["Overdue"] == str(len(mine))
    assert set(at.dataframe[-1].value.rep) == {LAGGING_REP}  # the "All" tab


def test_the_page_speaks_chinese_when_asked_in_the_url(sample_workspace):
    at = open_page(lang="zh")
    con = read_only(sample_workspace)
    collected = queries.run(con, "visit_summary").iloc[0].collected_amount

    assert at.title[0].value == "客户拜访"
    assert cards(at)["拜访回款额"] == i18n.fmt_number(collected, "zh")  # 153.0万
    purposes = figure(at, "visits_purpose")["data"][0]
    assert "收款" in values(purposes, "y")


def test_an_empty_workspace_shows_a_guide_instead_of_charts(no_data):
    at = open_page()
    assert "No visits loaded yet" in at.info[0].value
    assert not at.get("plotly_chart")


def test_every_purpose_has_a_name_in_both_languages():
    purposes = ("new_customer", "market_research", "collection", "service", "complaint", "order")
    for lang in i18n.LANGS:
        names = [i18n.t(f"visits.purpose.{p}", lang) for p in (*purposes, "other")]
        assert not [n for n in names if n.startswith("visits.")], lang
