"""The report's HTML: self-contained (opens offline), escaped, printable."""

from __future__ import annotations

import json
import re

import duckdb
import pytest

from salesdash import i18n, report
from salesdash.report import html_doc
from tests.report.conftest import AS_OF, HOSTILE_REP


@pytest.fixture(scope="module")
def shop_html(shop_readonly: duckdb.DuckDBPyConnection) -> str:
    return report.to_html(report.build(shop_readonly, as_of=AS_OF, regions=["east", "west"]))


@pytest.fixture(scope="module")
def hostile_html(hostile: duckdb.DuckDBPyConnection) -> str:
    return report.to_html(report.build(hostile, as_of=AS_OF))


def without_plotly(text: str) -> str:
    return text.replace(html_doc.script_text(html_doc.plotly_js()), "")


def test_plotly_js_is_inline_once_and_nothing_is_fetched(shop_html: str):
    js = html_doc.plotly_js()
    assert js.startswith("/**") and len(js) > 1_000_000  # the package's plotly.min.js
    assert shop_html.count(js[:200]) == 1
    assert not re.search(r"<script[^>]*\ssrc=", shop_html, re.IGNORECASE)
    assert not re.search(r"<link[^>]*\shref=", shop_html, re.IGNORECASE)
    assert "@import" not in shop_html
    assert "http" not in without_plotly(shop_html)


def test_each_chart_is_figure_json_drawn_by_the_inline_plotly(shop_html: str):
    blocks = re.findall(
        r'<script type="application/json" data-chart="(chart-\w+)">(.*?)</script>', shop_html
    )
    assert [name for name, _ in blocks] == ["chart-behind", "chart-trend", "chart-region"]
    trend = json.loads(blocks[1][1])
    assert [trace["name"] for trace in trend["data"]] == [
        "Stocked sales (into channel)", "Gross sales (sell-in)", "Net sales (sell-out)",
    ]  # fmt: skip
    assert trend["data"][1]["y"][-2:] == [1000.0, 0.0]  # gross of the last two weeks
    for name, _ in blocks:
        assert f'<div class="plot" id="{name}"' in shop_html
    assert "Plotly.newPlot" in shop_html


def test_the_pages_figures_are_in_the_file(shop_html: str):
    assert "<title>Weekly review report – 10 Mar 2025</title>" in shop_html
    assert '<div class="value">1,000</div>' in shop_html  # gross sales
    assert '<div class="value">40.0%</div>' in shop_html  # sell-through rate
    assert "Most slow-moving stock: <strong>bolt</strong>, 3,950 in 1 products" in shop_html
    assert '<td class="num">3,950</td>' in shop_html


def test_names_from_the_data_are_text_never_markup(hostile_html: str):
    page = without_plotly(hostile_html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "<script>rep" not in page
    # every <script> element is one of the report's own
    tags = re.findall(r"<script[^>]*>", page)
    ours = re.compile(r'<script>|<script type="application/json" data-chart="chart-\w+">')
    assert tags and all(ours.fullmatch(tag) for tag in tags), tags
    # in the chart's JSON the rep is escaped for the <script> element and for Plotly's labels
    assert json.dumps(HOSTILE_REP) not in page
    figure = re.search(r'data-chart="chart-behind">(.*?)</script>', page).group(1)
    assert json.loads(figure)["data"][0]["y"] == ["&lt;script&gt;rep&lt;/script&gt; · 2025-03"]


def test_print_styles_keep_blocks_whole_and_repeat_headers(shop_html: str):
    style = re.search(r"<style>(.*?)</style>", shop_html, re.DOTALL).group(1)
    assert "@media print" in style
    assert "thead { display: table-header-group; }" in style
    assert "tr { break-inside: avoid;" in style
    assert re.search(r"figure\.chart \{[^}]*break-inside: avoid", style)
    assert re.search(r"\.card \{[^}]*break-inside: avoid", style)
    # the as-of date and the filters at the top of every printed page
    top = re.search(r"@top-left \{ content: (\"[^\"]*\");", style).group(1)
    assert top == '"Weekly review report · as of 10 Mar 2025 · Region: east, west"'


def test_text_in_the_page_margin_cannot_end_its_css_string():
    text = 'a "quoted" \\ name</style><script>'
    escaped = html_doc.css_string(text)
    assert escaped.count('"') == 2 and "<" not in escaped and "\\5c " in escaped
    assert html_doc.css_string("华东 · Region: east") == '"华东 · Region: east"'


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_no_text_key_shows_through(shop_readonly: duckdb.DuckDBPyConnection, lang: str):
    page = without_plotly(report.to_html(report.build(shop_readonly, as_of=AS_OF, lang=lang)))
    leaked = re.findall(r"\b(?:report|weekly|common)\.[a-z_]+(?:\.[a-z_]+)?", page)
    assert not leaked


def test_chinese_report_is_marked_chinese(shop_readonly: duckdb.DuckDBPyConnection):
    page = report.to_html(report.build(shop_readonly, as_of=AS_OF, lang="zh"))
    assert '<html lang="zh-CN">' in page
    assert "<h1>周会复盘报告</h1>" in page


def chart(page: str, name: str) -> dict:
    return json.loads(re.search(rf'data-chart="chart-{name}">(.*?)</script>', page).group(1))


@pytest.fixture
def yen(monkeypatch) -> None:
    monkeypatch.setenv("SALESDASH_CURRENCY", "¥")


@pytest.mark.usefixtures("yen")
def test_with_a_currency_symbol_every_amount_carries_it(shop_readonly: duckdb.DuckDBPyConnection):
    page = report.to_html(report.build(shop_readonly, as_of=AS_OF))

    assert '<div class="value">¥1,000</div>' in page  # gross sales
    assert '<div class="value">¥350</div>' in page  # stocked sales
    assert '<div class="value">40.0%</div>' in page  # a rate stays bare
    assert "Most slow-moving stock: <strong>bolt</strong>, ¥3,950 in 1 products" in page
    assert "biggest drop: <strong>bolt</strong>, ¥1,900 less (63%)" in page
    assert '<td class="num">¥3,950</td>' in page  # bolt's slow-moving stock
    assert '<td class="num">¥4,000</td>' in page  # bob's March target
    # west: no sell-in, 50 returned, 100 sold out: 0 - 50 - 100 stocked
    assert '<td class="num">-¥150</td>' in page
    assert '<td class="num">30.0%</td>' in page  # east's sell-through, a share
    for name in ("trend", "region"):
        axis = chart(page, name)["layout"]["yaxis"]
        assert (axis["tickprefix"], axis["tickformat"]) == ("¥", "~s"), name
    assert "tickprefix" not in chart(page, "behind")["layout"]["xaxis"]  # pace, not money


@pytest.mark.usefixtures("yen")
def test_a_chinese_reports_money_axis_has_the_symbol_on_its_ticks_and_wan_as_its_title(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    page = report.to_html(report.build(shop_readonly, as_of=AS_OF, lang="zh"))

    axis = chart(page, "trend")["layout"]["yaxis"]
    assert (axis["tickprefix"], axis["title"], axis["tickformat"]) == (
        "¥", {"text": "金额（万）"}, ",.0f",
    )  # fmt: skip
    assert '<div class="value">¥1,000</div>' in page
    assert "共 ¥3,950，涉及 1 个产品" in page


def test_without_a_currency_symbol_nothing_gains_one(shop_html: str):
    assert "¥" not in without_plotly(shop_html)
    assert '<td class="num">-150</td>' in shop_html
    for name in ("trend", "region"):
        assert "tickprefix" not in chart(shop_html, name)["layout"]["yaxis"]


def test_a_money_cell_puts_the_symbol_after_the_minus():
    assert html_doc.cell_text(-1200.4, "money", "en", "¥") == "-¥1,200"
    assert html_doc.cell_text(None, "money", "en", "¥") == "–"
    assert html_doc.cell_text(1200, "count", "en", "¥") == "1,200"
