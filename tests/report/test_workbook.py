"""The report's workbook, opened with openpyxl: the runner's numbers, formatted, and no formulas."""

from __future__ import annotations

import datetime as dt
import io

import duckdb
import openpyxl
import pandas as pd
import pytest

from salesdash import queries, report
from salesdash.export import safe_cell
from salesdash.report import workbook as workbook_module
from tests.report.conftest import AS_OF, HOSTILE_NAMES

# sheet (English) -> the query behind it, its extra parameters, the columns holding codes in words
SHEETS = {
    "Behind pace": ("reps_behind_pace", {}),
    "Slow-moving stock": ("slow_moving_by_customer", {}),
    "Overdue visits": ("overdue_visits", {}),
    "Complaints past SLA": ("complaints_past_sla", {"sla_days": 7}),
    "Churn risk": ("partial_defectors", {"churn_days": 90}),
    "Weekly trend": ("sales_weekly", {}),
    "By region": ("sales_breakdown", {"dimension": "region"}),
}
WORDED = {"category": {"product_quality": "Product quality"}, "severity": {}}


def workbook(con: duckdb.DuckDBPyConnection, **params) -> openpyxl.Workbook:
    data = report.to_xlsx(report.build(con, as_of=AS_OF, **params))
    return openpyxl.load_workbook(io.BytesIO(data))


def table(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]


def plain(value):
    """A query cell as openpyxl reads it back: dates as datetimes, NULL as None."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value.item() if hasattr(value, "item") else value


@pytest.fixture(scope="module")
def shop_book(shop_readonly: duckdb.DuckDBPyConnection) -> openpyxl.Workbook:
    return workbook(shop_readonly)


@pytest.mark.parametrize("name", list(SHEETS))
def test_each_sections_sheet_holds_the_runners_values(
    shop_book: openpyxl.Workbook, shop_readonly: duckdb.DuckDBPyConnection, name: str
):
    query, extra = SHEETS[name]
    expected = queries.run(shop_readonly, query, as_of=AS_OF, window_days=7, **extra)
    sheet = shop_book[name]
    headers = [cell.value for cell in sheet[1]]
    section = {s.sheet: s for s in report.build(shop_readonly, as_of=AS_OF).sections}[name]

    assert headers == [c.header for c in section.columns]
    got = table(sheet)
    assert len(got) == len(expected) > 0
    for index, column in enumerate(c.name for c in section.columns):
        words = WORDED.get(column, {})
        want = [words.get(v, v) for v in map(plain, expected[column])]
        # openpyxl writes 16 significant digits: 0.46499999999999997 reads back as 0.465
        assert [row[index] for row in got] == pytest.approx(want, rel=1e-15), column


def test_headline_sheet_holds_the_kpis_with_the_previous_window_and_change(
    shop_book: openpyxl.Workbook,
):
    rows = {row[0]: row[1:] for row in table(shop_book["Headline"])}

    assert rows["Gross sales (sell-in)"][:4] == [1000, 1000, 0, 0]
    assert rows["Net sales (sell-out)"][:4] == [400, 80, 320, 4]
    assert rows["Stocked sales (into channel)"][:3] == [350, 920, -570]
    assert rows["Visits"][:4] == [2, 0, 2, None]  # no change % from nothing
    assert rows["Target attainment 2025-03"][0] == pytest.approx(1600 / 6000)
    assert rows["Target attainment 2025-03"][4].startswith("pace 0.83")
    assert rows["NPS (90 d)"][0] == -25


def test_numbers_are_numbers_with_formats_for_amounts_shares_and_dates(
    shop_book: openpyxl.Workbook,
):
    sheet = shop_book["Behind pace"]  # rep, period, target, actual, attainment, time gone, pace
    target, attainment, pace = sheet["C2"], sheet["E2"], sheet["G2"]
    assert (target.value, target.number_format) == (4000, "#,##0")
    assert (attainment.value, attainment.number_format) == (0.15, "0.0%")
    assert pace.number_format == "0.00"
    opened = shop_book["Complaints past SLA"]["C2"]
    assert (opened.value, opened.number_format) == (dt.datetime(2025, 2, 1), "yyyy-mm-dd")
    headline = shop_book["Headline"]
    assert headline["B5"].number_format == "0.0%"  # sell-through rate
    assert headline["B2"].number_format == "#,##0"


def test_every_sheet_has_its_header_row_frozen_and_columns_widened(shop_book: openpyxl.Workbook):
    for sheet in shop_book:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet["A1"].font.b, sheet.title
    widths = shop_book["Churn risk"].column_dimensions
    assert widths["A"].width >= len("Customer") + 2
    assert widths["B"].width >= len("Previous 90 days") + 2


def test_cover_sheet_says_when_for_what_and_which_filters(shop_readonly: duckdb.DuckDBPyConnection):
    book = workbook(shop_readonly, regions=["west"], reps=["bob"])
    cover = {row[0]: row[1] for row in table(book["Report"]) if row[0]}

    assert book.sheetnames[0] == "Report"
    assert cover["As of"] == dt.datetime(2025, 3, 10)
    assert cover["Review window"] == "2025-03-04 – 2025-03-10"
    assert cover["Compared with"] == "2025-02-25 – 2025-03-03"
    assert cover["Window (days)"] == 7
    filters = [row[1] for row in table(book["Report"]) if row[0] == "Filter"]
    assert filters == ["Region: west", "Rep: bob"]
    assert isinstance(cover["Generated at"], dt.datetime)


def test_chinese_workbook_names_its_sheets_and_headers_in_chinese(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    book = workbook(shop_readonly, lang="zh")

    assert book.sheetnames[:3] == ["报告说明", "核心指标", "进度落后"]
    assert book["进度落后"]["A1"].value == "业务员"


def test_names_a_spreadsheet_would_run_stay_text(hostile: duckdb.DuckDBPyConnection):
    book = workbook(hostile)

    overdue = book["Overdue visits"]
    names = [cell.value for cell in overdue["A"][1:]]
    # XML reads a bare CR back as a line feed; what matters is the quote before it
    assert sorted(names) == sorted(safe_cell(n).replace("\r", "\n") for n in HOSTILE_NAMES)
    assert '\'=HYPERLINK("http://evil.example","click")' in names
    assert {"'+1", "'-2", "'@x", "'\tTab", "'\nCR", "<script>alert(1)</script>"} <= set(names)
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}: {cell.value!r}"


YEN_FORMAT = '"¥"#,##0;-"¥"#,##0'


def test_with_a_currency_symbol_money_cells_stay_numbers_formatted_with_it(
    shop_readonly: duckdb.DuckDBPyConnection, monkeypatch
):
    monkeypatch.setenv("SALESDASH_CURRENCY", "¥")
    book = workbook(shop_readonly)

    behind = book["Behind pace"]  # rep, period, target, actual, attainment, ...
    target, attainment = behind["C2"], behind["E2"]
    assert (target.value, target.data_type, target.number_format) == (4000, "n", YEN_FORMAT)
    assert attainment.number_format == "0.0%"  # a share stays a share
    slow = book["Slow-moving stock"]  # customer, stock amount, positions, ...
    assert (slow["B2"].value, slow["B2"].number_format) == (3950, YEN_FORMAT)
    assert slow["C2"].number_format == "#,##0"  # a count of products
    # west's stocked sales: 0 - 50 - 100, written -¥150 by the format's second part
    region = book["By region"]
    west = next(row for row in region.iter_rows(min_row=2) if row[0].value == "west")
    stocked = west[4]
    assert (stocked.value, stocked.number_format) == (-150, YEN_FORMAT)
    headline = book["Headline"]
    assert [c.number_format for c in headline[2][1:4]] == [YEN_FORMAT] * 3  # gross sales
    assert (headline["D4"].value, headline["D4"].number_format) == (-570, YEN_FORMAT)  # stocked
    assert headline["E4"].number_format == "0.0%"  # the change % stays a share
    assert headline["B5"].number_format == "0.0%"  # sell-through rate


def test_without_a_currency_symbol_money_cells_keep_the_plain_format(
    shop_book: openpyxl.Workbook,
):
    assert shop_book["Slow-moving stock"]["B2"].number_format == "#,##0"
    assert shop_book["Headline"]["D4"].number_format == "#,##0"
    assert not any(
        "¥" in cell.number_format or '"' in cell.number_format
        for sheet in shop_book
        for row in sheet.iter_rows()
        for cell in row
    )


@pytest.mark.parametrize(
    ("symbol", "number_format"),
    [
        ("", "#,##0"),
        ("¥", '"¥"#,##0;-"¥"#,##0'),
        ("US$ ", '"US$ "#,##0;-"US$ "#,##0'),
        ('a"b', '"a"\\""b"#,##0;-"a"\\""b"#,##0'),  # a quote ends the literal, \" writes one
    ],
)
def test_the_money_format_writes_the_symbol_as_a_literal(symbol: str, number_format: str):
    assert workbook_module.money_format(symbol) == number_format


def test_money_columns_are_widened_for_the_symbol(
    shop_readonly: duckdb.DuckDBPyConnection, monkeypatch
):
    monkeypatch.setenv("SALESDASH_CURRENCY", "CHF ")
    sheet = workbook(shop_readonly)["Headline"]
    # "Change": stocked sales' -570 reads "-CHF 570", wider than the header; two more for margin
    assert sheet.column_dimensions["D"].width == len("-CHF 570") + 2
