"""The weekly report's HTML file in headless Chromium: it draws its charts offline, runs no data.

The file is opened from disk with every non-file request refused, so a chart
that needed a CDN would stay blank. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import duckdb
import pytest

from salesdash import report, store
from tests.browser.conftest import _require_chromium
from tests.report.conftest import AS_OF, HOSTILE_REP, insert_hostile

pytestmark = pytest.mark.browser

CHARTS_DRAWN = "() => document.querySelectorAll('.js-plotly-plot .main-svg').length"


@pytest.fixture(scope="module", autouse=True)
def chromium_present() -> None:
    """Before the browser launches: say plainly when Chromium is missing (see conftest)."""
    _require_chromium()


def open_offline(browser, path):
    """A page showing file `path`, with every request that is not a local file refused."""
    context = browser.new_context(viewport={"width": 900, "height": 1000}, locale="en-US")
    outside: list[str] = []

    def refuse(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", refuse)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.goto(path.as_uri())
    return page, outside, errors


@pytest.fixture(scope="module")
def sample_con(tmp_path_factory):
    from tests.pages.sample_workspace import sample_copy

    con = store.connect(sample_copy(tmp_path_factory.mktemp("report")), read_only=True)
    yield con
    con.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_draws_its_charts_offline(sample_con, browser, artifacts, tmp_path, lang):
    built = report.build(sample_con, lang=lang)
    path = tmp_path / "weekly.html"
    path.write_text(report.to_html(built), encoding="utf-8")
    regions = {s.key: s for s in built.sections}["region"].rows

    page, outside, errors = open_offline(browser, path)
    page.wait_for_function(f"() => ({CHARTS_DRAWN})() >= 3", timeout=30_000)

    # a bar per region for gross and for net sales, two lines and the stocked bars per week
    assert page.locator("#chart-region .bars .point").count() == 2 * len(regions)
    assert page.locator("#chart-trend .scatterlayer .trace").count() == 2
    assert page.locator("#chart-behind .bars .point").count() >= 1
    page.screenshot(path=artifacts / f"report-weekly-{lang}.png", full_page=True)
    assert outside == [] and errors == []


def test_names_from_the_data_show_as_text_and_run_nothing(browser, artifacts, tmp_path):
    con = duckdb.connect()
    store.ensure_schema(con)
    insert_hostile(con)
    path = tmp_path / "hostile.html"
    path.write_text(report.to_html(report.build(con, as_of=AS_OF)), encoding="utf-8")
    con.close()

    page, outside, errors = open_offline(browser, path)
    page.wait_for_function(f"() => ({CHARTS_DRAWN})() >= 1", timeout=30_000)

    assert page.get_by_role("cell", name="<script>alert(1)</script>").is_visible()
    ticks = page.locator("#chart-behind .ytick text").all_text_contents()
    assert ticks == [f"{HOSTILE_REP} · 2025-03"]
    page.locator("#behind").screenshot(path=artifacts / "report-hostile-names.png")
    assert outside == [] and errors == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_with_a_currency_symbol_the_money_ticks_and_figures_carry_it(
    sample_con, browser, artifacts, tmp_path, monkeypatch, lang
):
    monkeypatch.setenv("SALESDASH_CURRENCY", "¥")
    path = tmp_path / "weekly.html"
    path.write_text(report.to_html(report.build(sample_con, lang=lang)), encoding="utf-8")

    page, outside, errors = open_offline(browser, path)
    page.wait_for_function(f"() => ({CHARTS_DRAWN})() >= 3", timeout=30_000)

    for chart in ("#chart-trend", "#chart-region"):
        ticks = page.locator(f"{chart} .ytick text").all_text_contents()
        assert ticks and all(tick.startswith("¥") for tick in ticks), (chart, ticks)
    assert page.locator(".card .value").first.inner_text().startswith("¥")  # gross sales
    page.screenshot(path=artifacts / f"report-weekly-{lang}-currency.png", full_page=True)
    assert outside == [] and errors == []
