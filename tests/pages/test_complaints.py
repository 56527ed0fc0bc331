"""The Complaints page on the sample data: its figures are the queries', and it never breaks.

The page file runs on its own (it draws the sidebar filters itself when it is
the script being run). The sample's story: a complaint spike four to five
months before the review date, handled slower than the service level.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from salesdash import i18n, queries, store

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "complaints.py")


def open_page(**query_params: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    for key, value in query_params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return at


def cards(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def figure(at: AppTest, key: str) -> dict:
    found = [c for c in at.get("plotly_chart") if c.proto.id.endswith(f"-{key}")]
    assert found, f"no chart {key}"
    return json.loads(found[0].proto.spec)


def values(trace: dict, axis: str) -> list:
    """A trace's x or y as a list (Plotly writes numeric arrays base64-encoded)."""
    data = trace[axis]
    if isinstance(data, dict):
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"]).tolist()
    return list(data)


def test_the_cards_and_charts_show_what_the_queries_give(sample_workspace):
    at = open_page()
    con = store.connect(sample_workspace)
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
    con = store.connect(sample_workspace)
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
