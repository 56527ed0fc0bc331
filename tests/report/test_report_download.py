"""The report's download buttons (pages/report_download.py), run by AppTest on the shop.

A small script draws the sidebar filters and the buttons, as the weekly
review page will; the workspace (SALESDASH_DB) is the shop as a file.
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from salesdash import report


def buttons_script() -> None:
    from pages.common import new_run, release_workspace, sidebar_filters
    from pages.report_download import report_downloads

    new_run()
    sidebar_filters()
    report_downloads()
    release_workspace()


@pytest.fixture
def app(shop_db, monkeypatch) -> AppTest:
    monkeypatch.setenv("SALESDASH_DB", str(shop_db))
    at = AppTest.from_function(buttons_script, default_timeout=60)
    return at


def downloads(at: AppTest) -> list[str]:
    return [element.proto.label for element in at.get("download_button")]


def test_each_format_is_a_button_and_nothing_is_made_before_a_click(app: AppTest):
    app.run()

    assert not app.exception
    expected = ["Report (HTML)", "Workbook (Excel)"]
    if report.find_chromium():
        expected.append("Report (PDF)")
    assert [b.label for b in app.button] == expected
    assert downloads(app) == []
    assert app.session_state["_report_files"]["files"] == {}


def test_a_click_makes_the_workbook_of_the_current_view_and_offers_it(app: AppTest):
    app.run()

    app.button(key="report_make_xlsx").click().run()

    assert not app.exception and not app.error
    assert downloads(app) == ["Workbook (Excel)"]
    name, data = app.session_state["_report_files"]["files"]["xlsx"]
    assert name == "weekly-report-2025-03-10.xlsx"  # the latest sales date, as the sidebar says
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book["Headline"]["B2"].value == 1000  # the shop's gross sales in the window


def test_the_html_follows_the_language_and_the_filters(app: AppTest):
    app.query_params["lang"] = "zh"
    app.run()
    app.sidebar.multiselect(key="region").set_value(["west"]).run()

    app.button(key="report_make_html").click().run()

    assert not app.exception
    assert downloads(app) == ["报告（HTML）"]
    _, data = app.session_state["_report_files"]["files"]["html"]
    page = data.decode("utf-8")
    assert '<html lang="zh-CN">' in page
    assert "区域：west" in page


def test_a_change_of_view_drops_the_files_made_for_the_last_one(app: AppTest):
    app.run()
    app.button(key="report_make_xlsx").click().run()
    assert downloads(app) == ["Workbook (Excel)"]

    app.sidebar.multiselect(key="region").set_value(["east"]).run()

    assert downloads(app) == []
    assert app.session_state["_report_files"]["files"] == {}


def test_the_files_carry_the_currency_symbol_the_page_shows(app: AppTest, monkeypatch):
    monkeypatch.setenv("SALESDASH_CURRENCY", "¥")
    app.run()

    app.button(key="report_make_xlsx").click().run()
    app.button(key="report_make_html").click().run()

    assert not app.exception and not app.error
    files = app.session_state["_report_files"]["files"]
    gross = openpyxl.load_workbook(io.BytesIO(files["xlsx"][1]))["Headline"]["B2"]
    assert (gross.value, gross.number_format) == (1000, '"¥"#,##0;-"¥"#,##0')
    assert '<div class="value">¥1,000</div>' in files["html"][1].decode("utf-8")


def test_a_changed_currency_symbol_drops_the_files_made_with_the_old_one(app: AppTest, monkeypatch):
    app.run()
    app.button(key="report_make_xlsx").click().run()
    assert downloads(app) == ["Workbook (Excel)"]

    monkeypatch.setenv("SALESDASH_CURRENCY", "¥")
    app.run()

    assert downloads(app) == []
