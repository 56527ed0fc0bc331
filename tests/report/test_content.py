"""What the weekly report gathers: the page's figures on the hand-computed shop.

Shop at 2025-03-10, 7-day window 03-04..03-10 against 02-25..03-03 (see
tests/queries/conftest.py). Gross = acme's sell-in 1000 (bolt's -50 sell-in
is a return); previous gross 400 + 600 = 1000. Net = 300 + 100 = 400,
previous 80. Returns 200 + 50 = 250, so stocked = 1000 - 250 - 400 = 350.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from salesdash import queries, report
from salesdash.report import content, model, wording
from tests.report.conftest import AS_OF


def cards(built: report.Report) -> dict[str, model.Card]:
    return {card.key: card for card in built.cards}


def sections(built: report.Report) -> dict[str, report.Section]:
    return {section.key: section for section in built.sections}


def test_headline_cards_show_the_window_against_the_one_before_as_the_page_words_them(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    shown = cards(report.build(shop_readonly, as_of=AS_OF))

    gross = shown["gross_sales"]
    assert (gross.value, gross.previous, gross.shown, gross.delta) == (
        1000.0, 1000.0, "1,000", "0 vs prior 7 days",
    )  # fmt: skip
    assert shown["net_sales"].delta == "+400.0% vs prior 7 days"  # 400 against 80
    assert (shown["stocked_sales"].value, shown["stocked_sales"].previous) == (350.0, 920.0)
    # 0.4 against 80 / 1000: a rate changes by points
    assert (shown["sell_through_rate"].shown, shown["sell_through_rate"].delta) == (
        "40.0%", "+32.0 pts vs prior 7 days",
    )  # fmt: skip
    assert shown["active_customers"].shown == "1"  # acme only: bolt's sell-in was negative
    # k3, k4 and k6 open at the review date; only k6 (opened 02-01) for longer than 7 days
    assert (shown["open_backlog"].shown, shown["open_backlog"].delta) == (
        "3", "1 open longer than 7 days",
    )  # fmt: skip
    # March rep targets 2000 + 4000 against ann's 1000 and bob's 600; 10 of 31 days gone
    attainment = shown["attainment"]
    assert attainment.label == "Target attainment 2025-03"
    assert attainment.shown == "26.7%"
    assert attainment.delta.endswith("time gone 32.3%")
    assert (shown["churned_customers"].shown, shown["churned_customers"].delta) == (
        "2", "churn rate 50.0%",
    )  # fmt: skip
    # NPS answers 10, 8, 3, 6: one promoter, two detractors of four
    assert (shown["nps"].shown, shown["nps"].delta) == ("-25", "4 responses")
    assert (shown["csat"].shown, shown["csat"].delta) == ("4.00 / 5", "66.7% satisfied (4–5)")


def test_each_attention_list_has_the_pages_lead_sentence(shop_readonly: duckdb.DuckDBPyConnection):
    built = report.build(shop_readonly, as_of=AS_OF)
    leads = {
        key: wording.lead_text(built, section.lead)
        for key, section in sections(built).items()
        if section.lead
    }

    assert leads["slow"] == "Most slow-moving stock: bolt, 3,950 in 1 products (largest: p2)."
    assert leads["overdue"] == (
        "2 customers are past their visit or call cadence; eve has never been visited."
    )
    assert leads["late"] == "1 complaints are open longer than 7 days; oldest: bolt, open 37 days."
    # bolt bought 3000 in the previous 90 days and 500 + 600 since
    assert leads["risk"] == (
        "1 customers bought less than half of what they bought in the 90 days before;"
        " biggest drop: bolt, 1,900 less (63%)."
    )
    assert leads["behind"].startswith("Furthest behind: bob, at 15.0% of the 2025-03 target")


def test_sections_hold_the_queries_rows_in_the_pages_order(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    built = report.build(shop_readonly, as_of=AS_OF)

    assert [s.key for s in built.sections] == [
        "behind", "slow", "overdue", "late", "risk", "trend", "region",
    ]  # fmt: skip
    shown = sections(built)
    assert shown["slow"].rows["customer"].tolist() == ["bolt", "acme", "cove"]
    assert shown["overdue"].rows["customer"].tolist() == ["eve", "dora"]
    assert shown["late"].rows["category"].tolist() == ["Product quality"]  # the code in words
    assert len(shown["trend"].rows) == 13
    assert shown["region"].rows["value"].tolist() == ["east", "west"]
    charts = {key for key, section in shown.items() if section.chart}
    assert charts == {"behind", "trend", "region"}


def test_filters_reach_every_query_and_are_named(shop_readonly: duckdb.DuckDBPyConnection):
    built = report.build(shop_readonly, as_of=AS_OF, regions=["west"])

    # west in the window: only bolt's -50 sell-in (a return) and its 100 sell-out
    assert cards(built)["gross_sales"].value == 0.0
    assert cards(built)["net_sales"].value == 100.0
    assert sections(built)["region"].rows["value"].tolist() == ["west"]
    assert built.filters == {"regions": ("west",)}
    assert wording.filters_line(built) == "Region: west"
    assert (
        wording.running_header(built) == "Weekly review report · as of 10 Mar 2025 · Region: west"
    )


def test_the_default_review_date_is_the_latest_sales_date(shop_readonly: duckdb.DuckDBPyConnection):
    assert report.build(shop_readonly).as_of == dt.date(2025, 3, 10)


def test_a_missing_dataset_is_named_where_its_figures_would_be(shop: duckdb.DuckDBPyConnection):
    shop.execute("delete from complaints")

    built = report.build(shop, as_of=AS_OF)

    assert cards(built)["open_backlog"].value is None
    assert cards(built)["open_backlog"].delta == "No complaints loaded."
    late = sections(built)["late"]
    assert (late.note, late.ok, len(late.rows)) == ("No complaints loaded.", False, 0)


def test_an_empty_list_says_all_is_well(shop_readonly: duckdb.DuckDBPyConnection):
    built = report.build(shop_readonly, as_of=AS_OF, reps=["ann"])

    behind = sections(built)["behind"]  # ann's March target: 1000 of 2000, ahead of 10/31
    assert (behind.note, behind.ok) == ("Every rep with a target is on pace.", True)


def test_chinese_report_takes_every_text_from_the_chinese_catalogue(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    built = report.build(shop_readonly, as_of=AS_OF, lang="zh", regions=["west"])

    assert cards(built)["gross_sales"].label == "毛销量（进货）"
    assert sections(built)["behind"].sheet == "进度落后"
    assert wording.running_header(built) == "周会复盘报告 · 截至 2025年3月10日 · 区域：west"


def test_no_sales_is_refused_with_a_sentence(empty: duckdb.DuckDBPyConnection):
    with pytest.raises(report.ReportError, match="^no sales loaded$"):
        report.build(empty)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"as_of": "10/03/2025"}, "review date must be a date YYYY-MM-DD"),
        ({"window_days": 0}, "positive number of days"),
    ],
)
def test_bad_parameters_are_refused_with_a_sentence(
    shop_readonly: duckdb.DuckDBPyConnection, params: dict, message: str
):
    with pytest.raises(report.ReportError, match=message):
        report.build(shop_readonly, **params)


def test_a_users_scope_goes_to_every_query_only_when_set(
    shop_readonly: duckdb.DuckDBPyConnection, monkeypatch
):
    calls: list[dict] = []
    real_run = queries.run

    def recording_run(con, name, **params):
        calls.append(dict(params))
        params.pop("scope", None)  # the runner of today does not know it yet
        return real_run(con, name, **params)

    monkeypatch.setattr(content.queries, "run", recording_run)

    report.build(shop_readonly, as_of=AS_OF)
    assert calls and not any("scope" in call for call in calls)

    calls.clear()
    built = report.build(shop_readonly, as_of=AS_OF, scope=("west",))
    assert calls and all(call["scope"] == ("west",) for call in calls)
    assert wording.filter_texts(built) == ["Limited to regions: west"]


def test_rows_keep_the_queries_numbers_unrounded(shop_readonly: duckdb.DuckDBPyConnection):
    built = report.build(shop_readonly, as_of=AS_OF)
    expected = queries.run(shop_readonly, "slow_moving_by_customer", as_of=AS_OF)

    rows = sections(built)["slow"].rows
    pd.testing.assert_series_equal(rows["weeks_of_cover"], expected["weeks_of_cover"])


def test_the_currency_symbol_is_decided_once_and_carried_by_every_money_figure(
    shop_readonly: duckdb.DuckDBPyConnection, monkeypatch
):
    monkeypatch.setenv("SALESDASH_CURRENCY", "¥")

    built = report.build(shop_readonly, as_of=AS_OF)
    shown = cards(built)
    leads = {key: s.lead[1] for key, s in sections(built).items() if s.lead}

    assert built.currency == "¥"
    assert [shown[k].shown for k in ("gross_sales", "net_sales", "stocked_sales")] == [
        "¥1,000", "¥400", "¥350",
    ]  # fmt: skip
    assert shown["stocked_sales"].delta == "-62.0% vs prior 7 days"  # 350 against 920: a share
    assert shown["sell_through_rate"].shown == "40.0%"  # a rate, not an amount
    assert shown["visits"].shown == "2"
    assert leads["slow"]["amount"] == "¥3,950"
    assert leads["risk"]["lost"] == "¥1,900"  # 3000 - (500 + 600)
    assert leads["behind"]["attainment"] == "15.0%"


def test_a_chinese_report_puts_the_symbol_before_wan(shop: duckdb.DuckDBPyConnection):
    # acme buys 1,234,000 more in the window: gross 1,235,000 is 123.5万
    shop.execute(
        "insert into sales (date, customer, kind, amount)"
        " values ('2025-03-09', 'acme', 'sell_in', 1234000)"
    )

    built = report.build(shop, as_of=AS_OF, lang="zh", currency="¥")

    assert cards(built)["gross_sales"].shown == "¥123.5万"


def test_without_a_symbol_amounts_stay_bare(shop_readonly: duckdb.DuckDBPyConnection, monkeypatch):
    monkeypatch.delenv("SALESDASH_CURRENCY", raising=False)
    monkeypatch.setattr(content.config, "secrets", dict)  # no secrets.toml either

    built = report.build(shop_readonly, as_of=AS_OF)

    assert built.currency == ""
    assert cards(built)["gross_sales"].shown == "1,000"
    assert sections(built)["slow"].lead[1]["amount"] == "3,950"


def test_a_symbol_given_to_build_wins_over_the_setting(
    shop_readonly: duckdb.DuckDBPyConnection, monkeypatch
):
    monkeypatch.setenv("SALESDASH_CURRENCY", "¥")

    built = report.build(shop_readonly, as_of=AS_OF, currency="€")

    assert (built.currency, cards(built)["net_sales"].shown) == ("€", "€400")
