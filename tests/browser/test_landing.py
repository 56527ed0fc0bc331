"""A newcomer opens the app in a real browser, loads the sample data, and sees it arrive."""

from __future__ import annotations

import pytest

from tests.browser.helpers import wait_settled

pytestmark = pytest.mark.browser


def test_a_newcomer_loads_the_sample_data_and_switches_to_chinese(server, page, artifacts):
    page.goto(server)
    wait_settled(page, "The workspace is empty")
    page.screenshot(path=artifacts / "data-empty-en.png", full_page=True)

    page.get_by_role("button", name="Load sample data").click()
    wait_settled(page, "Sample data loaded", timeout_ms=180_000)
    page.get_by_text("销售明细]: Sales, 55,263 rows loaded, 0 rejected").wait_for(timeout=10_000)
    assert not page.get_by_text("The workspace is empty").is_visible()
    page.screenshot(path=artifacts / "data-loaded-en.png", full_page=True)

    page.goto(f"{server}/data?lang=zh")
    wait_settled(page, "上传记录")
    assert page.get_by_role("heading", name="上传与数据").is_visible()
    page.screenshot(path=artifacts / "data-loaded-zh.png", full_page=True)
