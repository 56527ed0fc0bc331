"""Share this view: the link in the sidebar reopens the same page, filters, language and date."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.pages.sample_workspace import cards, open_app, open_app_at


def shared_link(at) -> str:
    [code] = at.sidebar.code
    return code.value


def test_the_link_holds_the_page_filters_language_and_pinned_review_date(sample_workspace):
    at = open_app(region="华东", lang="zh")
    at.sidebar.segmented_control(key="window").set_value(14).run()
    link = urlsplit(shared_link(at))
    assert link.path == "/weekly"
    assert parse_qs(link.query) == {
        "region": ["华东"],
        "lang": ["zh"],
        "window": ["14"],
        "as_of": ["2025-11-16"],  # the latest sales date, pinned for whoever opens it later
    }


def test_opening_the_link_shows_the_same_figures(sample_workspace):
    at = open_app_at("pages/targets.py", region="华北")
    at.sidebar.segmented_control(key="window").set_value(28).run()
    link = urlsplit(shared_link(at))
    assert link.path == "/targets"
    params = {k: v if len(v) > 1 else v[0] for k, v in parse_qs(link.query).items()}
    again = open_app_at("pages/targets.py", **params)
    assert cards(again) == cards(at)
    assert again.sidebar.multiselect(key="region").value == ["华北"]


def test_pages_without_filters_offer_no_link(sample_workspace):
    at = open_app_at("pages/data.py")
    assert not at.sidebar.code


def test_an_empty_workspace_offers_no_link(no_data):
    at = open_app_at("pages/weekly.py")
    assert not at.exception
    assert not at.sidebar.code
