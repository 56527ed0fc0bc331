"""The weekly review on the sample data: the figures are the queries', and the page answers.

Each check compares what the page shows with `salesdash.queries.run` for the
same parameters, formatted as the page formats them, so a layout change can
not quietly show another number.
"""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from salesdash import i18n, load, queries, store
from tests.fixtures import write_csv
from tests.hostile.rendered import downloads, keep_downloads  # noqa: F401 (a fixture)
from tests.pages.sample_workspace import PAGE_WEEKLY, figure, open_app, open_app_at, read_only
from tests.pages.sample_workspace import cards as shown

CARDS = {  # kpi_cards row -> card label
    "gross_sales": "Gross sales (sell-in)",
    "net_sales": "Net sales (sell-out)",
    "stocked_sales": "Stocked sales (into channel)",
    "active_customers": "Active customers",
    "visits": "Visits",
    "complaints_opened": "New complaints",
}


def expected_cards(db, lang: str = "en", **params) -> dict[str, str]:
    con = store.connect(db)  # the app's own database instance
    current = queries.run(con, "kpi_cards", **params).set_index("kpi")["current_value"]
    cards = {CARDS[kpi]: i18n.fmt_number(current[kpi], lang) for kpi in CARDS}
    cards["Sell-through rate"] = i18n.fmt_pct(current["sell_through_rate"])
    return cards


def test_the_cards_show_what_the_queries_give(sample_workspace):
    at = open_app()
    cards = shown(at)
    for label, value in expected_cards(sample_workspace).items():
        assert cards[label] == value, label

    con = read_only(sample_workspace)
    summary = queries.run(con, "attainment_summary").iloc[0]
    assert cards[f"Target attainment {summary['period']}"] == i18n.fmt_pct(summary["attainment"])
    churn = queries.run(con, "customer_churn").iloc[0]
    assert cards["Churned (90 d)"] == i18n.fmt_number(churn["churned_customers"])
    backlog = queries.run(con, "complaints_summary").iloc[0]["open_backlog"]
    assert cards["Open complaints"] == i18n.fmt_number(backlog)
    nps = queries.run(con, "satisfaction").iloc[0]["nps"]
    assert cards["NPS (90 d)"] == f"{nps:+.0f}"


def test_a_region_filter_changes_the_cards_to_that_region(sample_workspace):
    at = open_app()
    everywhere = shown(at)["Gross sales (sell-in)"]

    at.sidebar.multiselect(key="region").set_value(["华北"]).run()

    assert not at.exception
    cards = shown(at)
    for label, value in expected_cards(sample_workspace, regions=["华北"]).items():
        assert cards[label] == value, label
    assert cards["Gross sales (sell-in)"] != everywhere
    assert "filtered to 华北" in at.caption[0].value


def test_a_newcomer_can_tell_who_is_furthest_behind_and_who_holds_the_most_stuck_stock(
    sample_workspace,
):
    at = open_app()
    text = " ".join(m.value for m in at.markdown)
    assert "Furthest behind: **刘洋**" in text
    assert "Most slow-moving stock: **杭州顺达商贸有限公司**" in text
    headings = [s.value for s in at.subheader]
    assert "Reps behind pace" in headings
    assert "Slow-moving stock at distributors" in headings
    assert len(at.get("plotly_chart")) >= 3  # pace by rep, weekly trend, regions


def test_the_lists_are_the_queries_rows(sample_workspace):
    at = open_app()
    con = read_only(sample_workspace)
    tables = {len(df.value): df.value for df in at.dataframe}
    for name in ("reps_behind_pace", "overdue_visits", "partial_defectors"):
        rows = queries.run(con, name)
        assert any(
            table.reset_index(drop=True).equals(rows.reset_index(drop=True))
            for table in tables.values()
        ), name


@pytest.mark.usefixtures("keep_downloads")
def test_a_lists_csv_is_made_on_click_with_the_listed_columns_under_their_headers(
    sample_workspace,
):
    at = open_app()

    buttons = [b.proto for b in at.get("download_button")]
    # Nothing is written on a page run: every file waits for its click.
    assert buttons and all(b.deferred_file_id and not b.url for b in buttons)
    data = downloads(at)["weekly_overdue.csv"]
    listed = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    rows = queries.run(read_only(sample_workspace), "overdue_visits")
    assert list(listed.columns) == [
        "Customer", "Tier", "Days since visit", "Days overdue", "Last visit", "Rep", "Region"
    ]  # fmt: skip
    assert list(listed["Customer"]) == list(rows["customer"])
    assert list(listed["Days overdue"]) == list(rows["overdue_days"])


def test_in_chinese_the_review_reads_in_chinese_with_wan(sample_workspace):
    at = open_app(lang="zh")
    cards = shown(at)
    expected = expected_cards(sample_workspace, "zh")
    assert cards["毛销量（进货）"] == expected["Gross sales (sell-in)"]
    assert cards["毛销量（进货）"].endswith("万")
    assert "落后最多：**刘洋**" in " ".join(m.value for m in at.markdown)


def test_an_empty_workspace_shows_the_guide(no_data):
    at = open_app_at(PAGE_WEEKLY)
    assert not at.exception
    assert at.title[0].value == "Weekly review"
    assert not at.metric


def test_figures_without_their_data_say_what_to_load(no_data, tmp_path):
    db = no_data
    sales = write_csv(
        tmp_path / "sales.csv",
        [("date", "customer", "amount", "rep"), ("2025-03-03", "acme", 100, "ann"),
         ("2025-03-09", "bolt", 250, "bob")],
    )  # fmt: skip
    con = store.connect(db)
    load.load_file(con, sales)
    con.close()

    at = open_app()

    cards = {m.label: (m.value, m.delta) for m in at.metric}
    assert cards["Target attainment"] == ("–", "No targets loaded.")
    assert cards["Net sales (sell-out)"] == (
        "–",
        "No sell-out data loaded (distributor sales to the market, 流向).",
    )
    assert cards["Satisfaction"] == ("–", "No surveys loaded.")
    assert cards["Gross sales (sell-in)"][0] == "350"  # both days are in the week to 03-09
    infos = [i.value for i in at.info]
    assert "No targets loaded." in infos
    assert "No visits loaded." in infos
    assert "No complaints loaded." in infos
    assert not any(isinstance(df.value, pd.DataFrame) and df.value.empty for df in at.dataframe)


def test_a_currency_symbol_from_the_settings_prefixes_every_amount(sample_workspace, monkeypatch):
    plain = shown(open_app())
    monkeypatch.setenv("SALESDASH_CURRENCY", "¥")
    at = open_app()
    money = shown(at)
    for label in ("Gross sales (sell-in)", "Net sales (sell-out)", "Stocked sales (into channel)"):
        assert money[label] == "¥" + plain[label]
    assert money["Sell-through rate"] == plain["Sell-through rate"]  # a share, not an amount
    formats = {
        column.get("type_config", {}).get("format")
        for df in at.dataframe
        for column in json.loads(df.proto.columns or "{}").values()
    }
    assert "¥%,.0f" in formats and "%,.0f" not in formats  # the lists' money columns
    # the leads' amounts, as the report words them, and the charts' money axes
    con = read_only(sample_workspace)
    slow = queries.run(con, "slow_moving_by_customer").iloc[0]
    risk = queries.run(con, "partial_defectors").iloc[0]
    leads = " ".join(m.value for m in at.markdown)
    assert f", ¥{slow['stock_amount']:,.0f} in {int(slow['slow_positions'])} products" in leads
    assert f", ¥{risk['lost_purchases']:,.0f} less (" in leads
    for key in ("weekly_trend", "weekly_region"):
        assert figure(at, key)["layout"]["yaxis"]["tickprefix"] == "¥", key
