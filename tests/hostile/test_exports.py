"""No download hands a spreadsheet a formula to run.

Text starting with `=`, `+`, `-`, `@`, tab or carriage return is a formula to
Excel and LibreOffice. The export helper (`salesdash.export`) prefixes it with
a quote whatever the column's dtype; every table download of every page
goes through it, checked here on the bytes the buttons actually serve,
including the rejected-rows download of the upload page. The weekly report
(`salesdash.report`) leaves as HTML and Excel: names stay text in both.
"""

from __future__ import annotations

import csv
import io

import duckdb
import openpyxl
import pandas as pd
import pytest

from salesdash import export, report
from tests.fixtures import write_csv
from tests.hostile.conftest import _built_here
from tests.hostile.rendered import PAGES, downloads
from tests.hostile.workbook import FORMULA, IMG, MARKUP, SCRIPT
from tests.pages.sample_workspace import open_script

STARTS = ("=", "+", "-", "@", "\t", "\r")
ATTACKS = [
    '=HYPERLINK("http://evil.example","click")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


def parsed(data: bytes) -> list[list[str]]:
    """The CSV as a spreadsheet reads it: UTF-8 with BOM, quoted fields."""
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def formula_cells(rows: list[list[str]]) -> list[str]:
    return [cell for row in rows for cell in row if cell.startswith(STARTS)]


@pytest.mark.parametrize("dtype", ["object", "str", "string", "category"])
def test_every_formula_start_is_quoted_whatever_the_column_dtype(dtype):
    frame = pd.DataFrame({"customer": pd.Series(ATTACKS, dtype=dtype), "amount": -1.5})
    rows = parsed(export.csv_bytes(frame))
    assert rows[0] == ["customer", "amount"]
    assert [r[0] for r in rows[1:]] == ["'" + a for a in ATTACKS]
    assert [r[1] for r in rows[1:]] == ["-1.5"] * len(ATTACKS)  # a number stays a number


def test_a_header_that_looks_like_a_formula_is_quoted_too():
    frame = pd.DataFrame({"=SUM(A1)": [1], "@who": ["x"], "金额": [2]})
    assert parsed(export.csv_bytes(frame))[0] == ["'=SUM(A1)", "'@who", "金额"]


def test_a_carriage_return_inside_a_cell_cannot_start_a_row_of_its_own():
    # Unquoted, the CR ends the row for Excel and `=1+1` becomes the next row's first cell.
    frame = pd.DataFrame({"customer": ["x\r=1+1", "y\n@SUM(A1)"], "amount": [1, 2]})
    rows = parsed(export.csv_bytes(frame))
    assert rows == [["customer", "amount"], ["x\r=1+1", "1"], ["y\n@SUM(A1)", "2"]]
    assert b'"x\r=1+1"' in export.csv_bytes(frame)


def test_markup_and_sql_stay_as_typed_in_a_download():
    names = [SCRIPT, IMG, "'; DROP TABLE sales; --", 'say "hi", \\ ok', "a\nb"]
    rows = parsed(export.csv_bytes(pd.DataFrame({"customer": names})))
    assert [r[0] for r in rows[1:]] == names


def test_a_mixed_column_quotes_its_text_and_keeps_its_numbers():
    frame = pd.DataFrame({"value": ["=1+1", 7, None, -3.0, "ok"]})
    rows = parsed(export.csv_bytes(frame))
    assert [r[0] for r in rows[1:]] == ["'=1+1", "7", "", "-3.0", "ok"]


@pytest.mark.parametrize("page", PAGES)
def test_no_download_of_any_page_starts_a_cell_with_a_formula(page_runs, page):
    run = page_runs[page]
    for name, data in run.downloads.items():
        assert not formula_cells(parsed(data)), name


def test_the_checked_downloads_include_the_lists_that_hold_the_names(page_runs):
    # Each list of customers, products or reps offers its rows (the upload page has
    # none until a file with rejected rows is checked: see the last test).
    names = {page: set(run.downloads) for page, run in page_runs.items()}
    assert {
        "weekly_behind_pace.csv",
        "weekly_slow.csv",
        "weekly_overdue.csv",
        "weekly_late.csv",
        "weekly_risk.csv",
    } <= names["pages/weekly.py"]  # every attention list, since the grids export nothing
    assert "targets_by_rep.csv" in names["pages/targets.py"]
    assert "stock_slow_moving.csv" in names["pages/sell_through.py"]
    assert {"customers_churned.csv", "customers_abc.csv"} <= names["pages/customers.py"]
    assert "visits_overdue_all.csv" in names["pages/visits.py"]
    assert {"complaints_past_sla.csv", "complaints_repeat.csv"} <= names["pages/complaints.py"]


def test_the_churned_customers_download_quotes_the_hyperlink_customer(page_runs):
    data = page_runs["pages/customers.py"].downloads["customers_churned.csv"]
    customers = [row[0] for row in parsed(data)[1:]]
    assert "'" + FORMULA in customers
    assert SCRIPT in customers  # markup stays as typed in a file


def test_the_rejected_rows_download_quotes_the_raw_cells(no_data, tmp_path, keep_downloads):
    rows = [["日期", "客户", "金额"], ["2025-03-01", "甲", "10"]]
    rows += [["2025-03-02", "乙", bad] for bad in ("=1+1", "@SUM(A1)", "+x", "-y")]
    at = open_script("pages/data.py")
    upload = write_csv(tmp_path / "bad.csv", rows).read_bytes()
    at.file_uploader[0].set_value([("bad.csv", upload, "text/csv")])
    at.run()
    assert not at.exception

    (data,) = downloads(at).values()
    table = parsed(data)
    assert [r[2] for r in table[1:]] == ["'=1+1", "'@SUM(A1)", "'+x", "'-y"]
    assert not formula_cells(table)


@pytest.fixture(scope="module")
def weekly_report(tmp_path_factory):
    con = duckdb.connect(str(_built_here(tmp_path_factory)), read_only=True)
    try:
        yield report.build(con, lang="en")
    finally:
        con.close()


def test_the_weekly_report_as_html_shows_markup_names_as_text(weekly_report):
    html = report.to_html(weekly_report)
    assert not [name for name in MARKUP if "<" in name and name in html]  # tags as entities
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'href="javascript' not in html.lower()


def test_the_weekly_report_as_excel_holds_no_formula(weekly_report):
    book = openpyxl.load_workbook(io.BytesIO(report.to_xlsx(weekly_report)))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert not [t for t in texts if t.startswith(STARTS)]
    assert "'" + FORMULA in texts
    assert SCRIPT in texts  # the other names as typed
