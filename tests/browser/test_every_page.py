"""Every page opens in a real browser, in both languages, with data and without.

No exception and no error box anywhere; a screenshot of each view goes to
tests/artifacts/ for a person to look at (Chinese must render as text, not boxes).
"""

from __future__ import annotations

import pytest

from salesdash import i18n
from tests.browser.helpers import wait_settled

pytestmark = pytest.mark.browser

# url_path -> the catalogue key of the page's title
PAGES = {
    "weekly": "weekly.title",
    "targets": "targets.title",
    "sell-through": "stock.title",
    "customers": "customers.title",
    "visits": "visits.title",
    "complaints": "complaints.title",
    "data": "data.title",
}
VIEWS = [(url, lang) for url in PAGES for lang in i18n.LANGS]


def _check(browser, base: str, url: str, lang: str, shot) -> None:
    context = browser.new_context(
        viewport={"width": 1400, "height": 1800}, locale="zh-CN" if lang == "zh" else "en-US"
    )
    page = context.new_page()
    try:
        page.goto(f"{base}/{url}?lang={lang}")
        wait_settled(page, i18n.t(PAGES[url], lang))
        page.screenshot(path=shot, full_page=True)
        assert page.get_by_test_id("stException").count() == 0
        assert page.get_by_test_id("stAlertContentError").count() == 0
        nav = page.get_by_test_id("stSidebarNav")
        assert nav.get_by_text(i18n.t("nav.weekly", lang)).is_visible()
    finally:
        context.close()


@pytest.mark.parametrize(("url", "lang"), VIEWS)
def test_every_page_shows_the_sample_data_without_an_error(
    sample_server, browser, artifacts, url, lang
):
    _check(browser, sample_server, url, lang, artifacts / f"page-{url}-{lang}.png")


@pytest.mark.parametrize(("url", "lang"), VIEWS)
def test_every_page_explains_an_empty_workspace_without_an_error(
    server, browser, artifacts, url, lang
):
    _check(browser, server, url, lang, artifacts / f"page-{url}-{lang}-empty.png")
