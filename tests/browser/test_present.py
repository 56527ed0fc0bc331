"""Meeting mode in a real browser, at projector sizes: one section per screen, no sidebar.

Each section is screenshot at 1920x1080 and 1280x720 (tests/artifacts/present-*.png)
for a person to look at; the checks are what a screenshot cannot prove on its
own: the sidebar is hidden, the section fits the screen down to its buttons,
the section is in the URL, and entering and leaving keep the filters.
"""

from __future__ import annotations

import urllib.parse

import pytest

from tests.browser.helpers import wait_settled

pytestmark = pytest.mark.browser

SECTIONS = 8


def _open(browser, url: str, text: str, width: int = 1400, height: int = 1000):
    page = browser.new_context(
        viewport={"width": width, "height": height}, locale="en-US"
    ).new_page()
    page.goto(url)
    wait_settled(page, text)
    return page


def _query(page) -> dict[str, list[str]]:
    return urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)


def _wait_for_param(page, fragment: str) -> None:
    page.wait_for_function("(f) => location.search.includes(f)", arg=fragment, timeout=60_000)


def _bottom_of(locator) -> float:
    box = locator.bounding_box()
    return box["y"] + box["height"]


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_each_section_fits_one_screen_without_the_sidebar(
    sample_server, browser, artifacts, width, height
):
    page = _open(browser, f"{sample_server}/weekly?present=1&lang=en", "Section 1 of 8",
                 width, height)  # fmt: skip
    assert not page.get_by_test_id("stSidebar").is_visible()
    assert not page.get_by_test_id("stExpandSidebarButton").is_visible()
    assert page.get_by_test_id("stMetric").count() == 12

    for number in range(1, SECTIONS + 1):
        if number > 1:
            page.get_by_role("button", name="Next:").click()
            _wait_for_param(page, f"section={number}")
            wait_settled(page, f"Section {number} of {SECTIONS}")
        page.screenshot(path=artifacts / f"present-{width}x{height}-{number}.png")
        assert not page.get_by_test_id("stSidebar").is_visible()
        # Everything down to the buttons is on the screen, nothing below them.
        buttons = page.get_by_test_id("stButton").last
        assert _bottom_of(buttons) <= height, f"section {number} runs off the screen"
        charts = page.get_by_test_id("stPlotlyChart")
        for index in range(charts.count()):
            box = charts.nth(index).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"section {number}"
    assert _query(page)["section"] == [str(SECTIONS)]
    assert page.get_by_role("button", name="Next", exact=True).is_disabled()

    page.get_by_role("button", name="Previous:").click()
    _wait_for_param(page, f"section={SECTIONS - 1}")
    wait_settled(page, f"Section {SECTIONS - 1} of {SECTIONS}")


def test_present_keeps_the_filters_and_exit_returns_to_the_page(sample_server, browser):
    page = _open(browser, f"{sample_server}/weekly?lang=en&region=华北", "filtered to 华北")
    page.get_by_role("button", name="Present").click()
    _wait_for_param(page, "present=1")
    wait_settled(page, "Section 1 of 8")
    assert _query(page)["region"] == ["华北"]
    assert page.get_by_text("filtered to 华北").is_visible()
    assert not page.get_by_test_id("stSidebar").is_visible()

    page.get_by_text("Exit meeting mode").click()
    wait_settled(page, "Needs attention")
    assert _query(page) == {"lang": ["en"], "region": ["华北"]}
    assert page.get_by_test_id("stSidebar").is_visible()
    assert page.get_by_text("filtered to 华北").is_visible()


def test_a_link_to_a_section_reopens_it(sample_server, browser):
    page = _open(browser, f"{sample_server}/weekly?present=1&section=7&lang=en",
                 "Section 7 of 8", 1280, 720)  # fmt: skip
    assert page.get_by_test_id("stPlotlyChart").count() == 1
    assert page.get_by_text("Gross vs net sales per week").is_visible()


@pytest.mark.parametrize("number", [1, 2, 6])
def test_in_chinese_the_sections_fit_a_720p_screen(sample_server, browser, artifacts, number):
    page = browser.new_context(viewport={"width": 1280, "height": 720}, locale="zh-CN").new_page()
    page.goto(f"{sample_server}/weekly?present=1&lang=zh&section={number}")
    wait_settled(page, f"第 {number} 部分，共 {SECTIONS} 部分")
    page.screenshot(path=artifacts / f"present-zh-1280x720-{number}.png")
    assert not page.get_by_test_id("stSidebar").is_visible()
    assert _bottom_of(page.get_by_test_id("stButton").last) <= 720
