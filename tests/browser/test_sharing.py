"""Two people with different roles open the same link on a password-protected server.

The server reads `.streamlit/secrets.toml` from its working folder: an
editor's password, and a viewer's limited to 华东. The editor shares the
view from the sidebar; the viewer opens the link, signs in and sees that
view within 华东, without the upload page.
"""

from __future__ import annotations

import urllib.parse

import pytest

from salesdash import access
from tests.browser.conftest import _require_chromium, running_app
from tests.browser.helpers import wait_settled

pytestmark = pytest.mark.browser

SECRETS = """
[[salesdash.passwords]]
role = "editor"
name = "总部"
hash = "{editor}"

[[salesdash.passwords]]
role = "viewer"
name = "华东经理"
regions = ["华东"]
hash = "{viewer}"
"""


@pytest.fixture(scope="module")
def protected_server(tmp_path_factory):
    from tests.pages.sample_workspace import sample_copy

    _require_chromium()
    folder = tmp_path_factory.mktemp("protected")
    (folder / ".streamlit").mkdir()
    (folder / ".streamlit" / "secrets.toml").write_text(
        SECRETS.format(
            editor=access.hash_password("hq-2025", iterations=1_000),
            viewer=access.hash_password("east-2025", iterations=1_000),
        ),
        encoding="utf-8",
    )
    with running_app(sample_copy(folder), cwd=folder) as url:
        yield url


def _signed_in(browser, url: str, password: str):
    page = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US").new_page()
    page.goto(url)
    page.get_by_text("Sign in to salesdash").wait_for(timeout=60_000)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    wait_settled(page, "Needs attention")
    return page


def test_each_role_sees_what_it_may_through_the_same_shared_link(
    protected_server, browser, artifacts
):
    editor = _signed_in(browser, f"{protected_server}/weekly", "hq-2025")
    nav = editor.get_by_test_id("stSidebarNav")
    assert nav.get_by_text("Upload & data").is_visible()
    editor.get_by_test_id("stSidebar").get_by_text("14", exact=True).click()
    editor.wait_for_function("() => location.search.includes('window=14')", timeout=60_000)
    wait_settled(editor, "Needs attention")
    editor.get_by_role("button", name="Share this view").click()
    link = editor.get_by_test_id("stCode").inner_text().strip()
    editor.screenshot(path=artifacts / "share-editor.png")
    assert link.startswith(f"{protected_server}/weekly?")
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["window"] == ["14"]

    viewer = _signed_in(browser, link, "east-2025")
    assert "window=14" in viewer.url
    sidebar = viewer.get_by_test_id("stSidebar")
    assert sidebar.get_by_text("Signed in as").is_visible()
    assert sidebar.get_by_text("Regions: 华东").is_visible()
    assert not viewer.get_by_test_id("stSidebarNav").get_by_text("Upload & data").count()
    viewer.screenshot(path=artifacts / "share-viewer-east.png", full_page=True)


def test_a_viewer_typing_the_upload_pages_address_does_not_get_it(protected_server, browser):
    viewer = _signed_in(browser, f"{protected_server}/data", "east-2025")
    assert not viewer.get_by_test_id("stFileUploader").count()
    assert not viewer.get_by_text("Upload & data").count()


def test_a_wrong_password_shows_no_data(protected_server, browser, artifacts):
    page = browser.new_context(locale="en-US").new_page()
    page.goto(f"{protected_server}/weekly")
    page.get_by_label("Password", exact=True).fill("guess")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("That password is not right").wait_for(timeout=60_000)
    assert not page.get_by_test_id("stMetric").count()
    page.screenshot(path=artifacts / "sign-in-refused.png")
