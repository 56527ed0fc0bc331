"""The report's money axes: as the pages set them, with the currency symbol on the ticks."""

from __future__ import annotations

import datetime as dt

from salesdash.report import figures


def test_an_english_money_axis_has_si_ticks_and_the_symbol_before_them():
    assert figures.money_axis("en", "¥") == {"tickformat": "~s", "tickprefix": "¥"}


def test_a_chinese_money_axis_counts_in_wan_with_the_symbol_before_each_tick():
    assert figures.money_axis("zh", "¥") == {
        "tickformat": ",.0f",
        "title": {"text": "金额（万）"},
        "tickprefix": "¥",
    }


def test_without_a_symbol_the_axis_has_no_prefix():
    assert figures.money_axis("en") == {"tickformat": "~s"}
    assert "tickprefix" not in figures.money_axis("zh", "")


def test_a_symbol_plotly_would_read_as_markup_is_shown_as_typed():
    assert figures.money_axis("en", "<b>$</b>")["tickprefix"] == "&lt;b&gt;$&lt;/b&gt;"


def test_both_money_charts_carry_the_prefix_on_their_value_axis():
    weeks = [dt.date(2025, 3, 3), dt.date(2025, 3, 10)]
    trend = figures.trend_chart(weeks, {"gross_sales": [1000, 0]}, "en", "€")
    region = figures.region_chart(["east"], {"gross_sales": [1000]}, "zh", "€")

    assert trend["layout"]["yaxis"]["tickprefix"] == "€"
    assert region["layout"]["yaxis"]["tickprefix"] == "€"
    assert region["data"][0]["y"] == [0.1]  # 1,000 is 0.1万
