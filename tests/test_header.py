"""Finding the header row under title rows, preambles and two-row merged headers."""

from __future__ import annotations

from salesdash import read
from salesdash.header import find_header
from tests.fixtures import write_xlsx

SALES_HEADER = ["单据日期", "客户名称", "产品", "销售金额（元）", "数量"]
DATA = ["2025-03-05", "华东经销商", "A100", "1234.5", "10"]


def test_header_is_found_below_a_title_row_and_blank_rows():
    grid = [["2025年3月销售明细表"], [None], [], SALES_HEADER, DATA]

    header = find_header(grid)

    assert header.rows == [3]
    assert header.data_start == 4
    assert header.mapping.dataset == "sales"
    assert header.headers == SALES_HEADER


def test_header_in_row_7_under_a_report_preamble_is_found():
    grid = [
        ["销售流向报表"],
        ["公司：华东区"],
        ["期间：2025-03-01 至 2025-03-31"],
        ["制表人：张三", None, "打印日期：2025/4/1"],
        [None, None, None],
        ["单位：元"],
        ["Order Date", "Cust. Name", "销售金额（元）", "类型"],
        ["2025-03-01", "X", "1000", "退货"],
    ]

    header = find_header(grid)

    assert header.rows == [6]  # Excel row 7
    assert header.data_start == 7
    assert header.mapping.dataset == "sales"


def test_title_directly_above_the_header_is_not_taken_for_a_group_row():
    grid = [["2025年3月销售明细表"], SALES_HEADER, DATA]

    header = find_header(grid)

    assert header.rows == [1]
    assert header.headers == SALES_HEADER


def test_title_merged_across_the_table_is_not_taken_for_a_group_row(tmp_path):
    path = write_xlsx(
        tmp_path / "t.xlsx",
        {"S": [["2025年3月销售明细表"], SALES_HEADER, DATA]},
        merges={"S": ["A1:E1"]},
    )
    [sheet] = read.read_file(path)

    header = find_header(sheet.grid)

    assert header.rows == [1]
    assert header.headers == SALES_HEADER


def test_two_row_merged_header_joins_the_group_and_the_names_below(tmp_path):
    rows = [
        ["日期", "客户", "金额", None, "数量"],
        [None, None, "含税", "不含税", None],
        ["2025-03-05", "甲", "113", "100", "1"],
    ]
    merges = {"S": ["A1:A2", "B1:B2", "C1:D1", "E1:E2"]}
    [sheet] = read.read_file(write_xlsx(tmp_path / "two.xlsx", {"S": rows}, merges=merges))

    header = find_header(sheet.grid)

    assert header.rows == [0, 1]
    assert header.data_start == 2
    assert header.headers == ["日期", "客户", "含税", "不含税", "数量"]
    matches = header.mapping.matches
    assert header.mapping.dataset == "sales"
    assert (matches["date"].index, matches["customer"].index, matches["quantity"].index) == (
        0,
        1,
        4,
    )
    assert matches["amount"].index == 2  # the first column under 金额: tax-inclusive


def test_group_row_over_some_columns_only_is_still_a_two_row_header():
    # Not merged in the file: the group label sits over its first column only.
    grid = [
        [None, None, "金额", None, None],
        ["Order Date", "Customer", "Gross", "Net", "Region"],
        ["2025-03-05", "Acme", "113", "100", "East"],
    ]

    header = find_header(grid)

    assert header.rows == [0, 1]
    assert header.mapping.matches["amount"].index == 2
    assert header.mapping.matches["region"].index == 4


def test_first_customer_of_a_customer_list_is_not_swallowed_into_the_header():
    grid = [["客户名称", "区域", "业务员"], ["甲商贸", "华东", "张三"], ["乙超市", "华北", "李四"]]

    header = find_header(grid)

    assert header.rows == [0]
    assert header.mapping.dataset == "customers"


def test_sheet_of_notes_has_no_header():
    grid = [["本表由ERP系统导出"], ["请勿修改格式"], [None]]

    assert find_header(grid) is None


def test_rows_of_numbers_and_dates_are_never_a_header():
    grid = [["2025-03-01", "100", "3"], ["2025-03-02", "200", "4"]]

    assert find_header(grid) is None


def test_unnamed_columns_are_shown_by_position():
    grid = [["日期", None, "客户", "金额"], ["2025-03-01", "x", "甲", "1"]]

    header = find_header(grid)

    assert header.headers == ["日期", "column 2", "客户", "金额"]
    assert header.mapping.matches["customer"].index == 2


def test_forced_dataset_maps_the_header_for_that_dataset():
    grid = [["月份", "业务员", "目标"], ["2025-03", "张三", "100000"]]

    header = find_header(grid, forced="targets")

    assert header.mapping.dataset == "targets"
    assert header.alternatives == [header.mapping]
