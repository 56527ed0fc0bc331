"""The Complaints page on the sample data: its figures are the queries', and it never breaks.

The page file runs on its own (it draws the sidebar filters itself when it is
the script being run). The sample's story: a complaint spike four to five
months before the review date, handled slower than the service level.
"""

from __future__ import annotations

from functools import partial

import pytest

from salesdash import i18n, queries
from tests.pages.sample_workspace import cards, figure, open_script, read_only, values

open_page = partial(open_script, "pages/complaints.py")


def test_the_cards_and_charts_show_what_the_queries_give(sample_workspace):
    at = open_page()
    con = read_only(sample_workspace)
    summary = queries.run(con, "complaints_summary").iloc[0]
    past_sla = queries.run(con, "complaints_past_sla")
    monthly = queries.run(con, "complaints_monthly")
    per_100 = queries.run(con, "complaints_per_100")

    shown = cards(at)
    assert shown["Open backlog"] == i18n.fmt_number(summary.open_backlog)
    assert shown["Open past SLA"] == str(len(past_sla))
    assert shown["Days to close"] == f"{summary.median_days_to_close:.1f} d"
    assert shown["Closed within SLA"] == i18n.fmt_pct(summary.pct_within_sla)

    bars = figure(at, "complaints_monthly")["data"]
    assert sum(sum(values(trace, "y")) for trace in bars) == monthly.complaints_opened.sum()
    quality = figure(at, "complaints_rate_category")["data"][0]
    rate = dict(zip(values(quality, "y"), values(quality, "x"), strict=True))
    expected = per_100.query("breakdown == 'category' and category == 'product_quality'")
    assert rate["Product quality"] == pytest.approx(expected.per_100_active.iloc[0])
    assert list(at.dataframe[0].value.customer) == list(past_sla.customer)


def test_a_longer_service_level_leaves_fewer_complaints_past_it(sample_workspace):
    at = open_page(sla_days="30")
    con = read_only(sample_workspace)
    past_sla = queries.run(con, "complaints_past_sla", sla_days=30)
    summary = queries.run(con, "complaints_summary", sla_days=30, window_days=28).iloc[0]

    assert cards(at)["Open past SLA"] == str(len(past_sla))
    at.sidebar.segmented_control(key="window").set_value(28).run()
    assert not at.exception
    assert cards(at)["Closed within SLA"] == i18n.fmt_pct(summary.pct_within_sla)


def test_the_page_speaks_chinese_when_asked_in_the_url(sample_workspace):
    at = open_page(lang="zh")
    assert at.title[0].value == "顾客投诉"
    assert "按时结案率" in cards(at)
    legend = {trace["name"] for trace in figure(at, "complaints_monthly")["data"]}
    assert {"产品质量", "货物运输"} <= legend


def test_an_empty_workspace_shows_a_guide_instead_of_charts(no_data):
    at = open_page()
    assert "No complaints loaded yet" in at.info[0].value
    assert not at.get("plotly_chart")


def test_every_category_and_severity_has_a_name_in_both_languages():
    codes = [f"common.category.{c}" for c in
             ("product_quality", "contract", "logistics", "service", "other")]  # fmt: skip
    codes += [f"common.severity.{s}" for s in ("low", "medium", "high")]
    for lang in i18n.LANGS:
        assert not [k for k in codes if k not in i18n.catalogue(lang)], lang
