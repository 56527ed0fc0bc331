"""The weekly review in a real browser: what only a browser shows.

The URL follows the sidebar and a clicked bar (the frontend writes it), a
copied link reopens the same view, and the page stays readable in Chinese,
at phone width and in the dark theme. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import urllib.parse
import urllib.request

import pytest

from tests.browser.helpers import wait_settled

pytestmark = pytest.mark.browser


def _open(browser, url: str, text: str, **context):
    page = browser.new_context(
        viewport=context.pop("viewport", {"width": 1400, "height": 1000}),
        locale=context.pop("locale", "en-US"),
        **context,
    ).new_page()
    page.goto(url)
    wait_settled(page, text)
    return page


def _wait_for_param(page, fragment: str) -> None:
    page.wait_for_function("(f) => location.search.includes(f)", arg=fragment, timeout=60_000)


def _query(page) -> dict[str, list[str]]:
    return urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)


def test_a_cold_deep_link_opens_through_the_app_with_its_sidebar(sample_server, browser):
    # The server's first request: Streamlit would run pages/weekly.py alone.
    page = _open(browser, f"{sample_server}/weekly?lang=zh&region=华北", "需要关注")
    sidebar = page.get_by_test_id("stSidebar")
    assert sidebar.get_by_text("筛选").is_visible()
    assert not page.get_by_test_id("stSidebarNav").get_by_text("common").count()
    assert _query(page)["region"] == ["华北"]


def test_the_url_follows_the_sidebar_and_reopens_the_same_view(sample_server, browser, artifacts):
    page = _open(browser, f"{sample_server}/", "Needs attention")
    assert urllib.parse.urlsplit(page.url).path == "/weekly"

    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id("stMultiSelect").nth(0).click()
    page.get_by_role("option", name="华北").click()
    page.keyboard.press("Escape")
    # One change at a time, each seen in the URL and on the page before the next,
    # so a slow rerun on a busy machine cannot swallow the second click.
    _wait_for_param(page, "region=")
    wait_settled(page, "filtered to 华北")
    sidebar.get_by_text("14", exact=True).click()
    _wait_for_param(page, "window=14")
    wait_settled(page, "filtered to 华北")
    assert _query(page) == {"lang": ["en"], "region": ["华北"], "window": ["14"]}

    page.get_by_test_id("stSidebarNav").get_by_text("Upload & data").click()
    page.wait_for_timeout(1500)
    page.get_by_test_id("stSidebarNav").get_by_text("Weekly review").click()
    wait_settled(page, "filtered to 华北")
    assert _query(page) == {"lang": ["en"], "region": ["华北"], "window": ["14"]}

    copied = _open(browser, page.url, "filtered to 华北")
    assert copied.get_by_text("Review window 3 Nov 2025 – 16 Nov 2025").is_visible()
    copied.screenshot(path=artifacts / "weekly-link-reopened-en.png")


def test_clicking_a_region_bar_filters_the_page_to_that_region(sample_server, browser):
    page = _open(browser, f"{sample_server}/weekly?lang=en", "Needs attention")
    chart = page.get_by_test_id("stPlotlyChart").nth(2)  # pace, trend, regions
    chart.scroll_into_view_if_needed()
    chart.locator("g.point path").nth(2).click(force=True)  # the third region's gross bar
    wait_settled(page, "filtered to 华北")
    assert _query(page)["region"] == ["华北"]


@pytest.mark.parametrize(
    ("name", "url", "text", "context"),
    [
        ("weekly-en", "/weekly?lang=en", "Needs attention",
         {"viewport": {"width": 1400, "height": 3000}}),
        ("weekly-zh", "/weekly?lang=zh", "需要关注",
         {"viewport": {"width": 1400, "height": 3000}, "locale": "zh-CN"}),
        ("weekly-375-zh-dark", "/weekly?lang=zh", "需要关注",
         {"viewport": {"width": 375, "height": 5200}, "color_scheme": "dark"}),
        ("weekly-dark-en", "/weekly?lang=en", "Needs attention",
         {"viewport": {"width": 1400, "height": 3000}, "color_scheme": "dark"}),
    ],
)  # fmt: skip
def test_screenshots_for_a_person_to_look_at(
    sample_server, browser, artifacts, name, url, text, context
):
    page = _open(browser, sample_server + url, text, **context)
    assert page.get_by_test_id("stMetric").count() == 12
    assert page.get_by_test_id("stPlotlyChart").count() == 3
    page.screenshot(path=artifacts / f"{name}.png", full_page=True)
