"""Reading uploads into text grids: CSV in the encodings real systems write, every sheet of a workbook."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib

import pytest

from salesdash import read
from tests.fixtures import csv_text, write_csv, write_xls, write_xlsx

HEADER = ["日期", "客户", "金额"]


def test_utf8_csv_without_bom_gives_header_and_rows_as_text(tmp_path):
    path = write_csv(tmp_path / "sales.csv", [HEADER, ["2025-03-01", "甲公司", "1,200"]])

    [sheet] = read.read_file(path)

    assert sheet.sheet is None
    assert sheet.label == "sales.csv"
    assert sheet.delimiter == ","
    assert sheet.preview == [HEADER, ["2025-03-01", "甲公司", "1,200"]]
    assert sheet.csv_path == path  # plain UTF-8 is streamed from the upload itself
    assert sheet.notes == []


def test_utf8_bom_csv_with_semicolons_sniffs_the_delimiter_and_drops_the_bom(tmp_path):
    rows = [["Order Date", "Customer", "Amount"], ["2025-03-01", "Acme", "1,234.50"]]
    path = write_csv(tmp_path / "export.csv", rows, delimiter=";", bom=True)
    assert path.read_bytes().startswith(codecs.BOM_UTF8)

    [sheet] = read.read_file(path)

    assert sheet.delimiter == ";"
    assert sheet.preview[0] == [
        "Order Date",
        "Customer",
        "Amount",
    ]  # no '\ufeff' glued to the first header
    assert sheet.preview[1] == ["2025-03-01", "Acme", "1,234.50"]
    assert "delimiter ';'" in sheet.notes


def test_gbk_csv_is_decoded_and_streamed_from_a_utf8_copy_that_cleanup_deletes(tmp_path):
    rows = [["2025年3月销售明细表"], HEADER, ["2025-03-01", "华东经销商", "￥1,000"]]
    path = write_csv(tmp_path / "明细.csv", rows, encoding="gbk")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")

    [sheet] = read.read_file(path)

    assert sheet.preview == [
        ["2025年3月销售明细表"],
        HEADER,
        ["2025-03-01", "华东经销商", "￥1,000"],
    ]
    assert "encoding gb18030" in sheet.notes
    assert sheet.csv_path != path
    assert "华东经销商" in sheet.csv_path.read_text(encoding="utf-8")
    sheet.cleanup()
    assert not sheet.csv_path.exists()
    assert path.exists()  # the upload itself is never deleted


def test_gb18030_characters_outside_gbk_survive(tmp_path):
    # 䶮 (U+4DAE) is in GB18030 but not in GBK: a name some customers really carry.
    path = write_csv(tmp_path / "客户.csv", [["客户名称"], ["刘䶮商行"]], encoding="gb18030")

    [sheet] = read.read_file(path)

    assert sheet.preview[1] == ["刘䶮商行"]
    sheet.cleanup()


def test_tab_delimited_text_file_is_read_as_csv(tmp_path):
    path = write_csv(
        tmp_path / "flow.txt", [HEADER, ["2025-03-01", "A, Ltd.", "5"]], delimiter="\t"
    )

    [sheet] = read.read_file(path)

    assert sheet.delimiter == "\t"
    assert sheet.preview[1] == ["2025-03-01", "A, Ltd.", "5"]


def test_utf16_unicode_text_as_excel_saves_it_is_decoded(tmp_path):
    # Excel's "Unicode Text" export: UTF-16 little-endian with a BOM, tab-delimited.
    path = tmp_path / "unicode.txt"
    path.write_bytes(
        codecs.BOM_UTF16_LE
        + csv_text([HEADER, ["2025-03-02", "乙", "2"]], "\t").encode("utf-16-le")
    )

    [sheet] = read.read_file(path)

    assert sheet.delimiter == "\t"
    assert sheet.preview == [HEADER, ["2025-03-02", "乙", "2"]]
    assert "encoding utf-16" in sheet.notes
    assert sheet.csv_path.read_text(encoding="utf-8").startswith("日期\t客户\t金额")
    sheet.cleanup()


def test_semicolon_is_chosen_even_when_amounts_carry_commas(tmp_path):
    lines = "Datum;Kunde;Betrag\n2025-03-01;Acme;1,234.50\n2025-03-02;Beta;2,000.00\n"
    path = tmp_path / "eu.csv"
    path.write_text(lines, encoding="utf-8")

    [sheet] = read.read_file(path)

    assert sheet.delimiter == ";"
    assert sheet.preview[2] == ["2025-03-02", "Beta", "2,000.00"]


def test_blank_cells_in_a_csv_are_none(tmp_path):
    path = write_csv(tmp_path / "s.csv", [HEADER, ["2025-03-01", "  ", ""]])

    [sheet] = read.read_file(path)

    assert sheet.preview[1] == ["2025-03-01", None, None]


def test_a_large_csv_counts_its_lines_up_to_the_last_one_with_content(tmp_path):
    # Read in 4 MB chunks, not whole: 300,000 records, then a blank run that
    # starts in one chunk and ends in the next.
    body = "".join(f"2025-03-01,客户{i},{i}\n" for i in range(300_000))
    path = tmp_path / "big.csv"
    path.write_bytes(("日期,客户,金额\n" + body + "\r\n \t\n" * 1_000_000).encode("utf-8"))
    assert len(body.encode("utf-8")) < 3 * (1 << 22) < path.stat().st_size

    [sheet] = read.read_file(path)
    read_aside = read.Fingerprint(path)  # what the loader uses: hash and count in a thread

    assert sheet.lines() == read_aside.lines() == 300_001
    assert read_aside.hash() == hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_sheet_of_a_workbook_is_read_in_order_with_its_name(tmp_path):
    path = write_xlsx(
        tmp_path / "book.xlsx",
        {
            "说明": [["本表由ERP导出"]],
            "三月": [HEADER, ["2025-03-01", "甲", 1]],
            "Customers": [["Customer"], ["甲"]],
        },
    )

    sheets = read.read_file(path, file_name="三月报表.xlsx")

    assert [s.sheet for s in sheets] == ["说明", "三月", "Customers"]
    assert [s.label for s in sheets] == [
        "三月报表.xlsx [说明]",
        "三月报表.xlsx [三月]",
        "三月报表.xlsx [Customers]",
    ]
    assert sheets[2].grid == [["Customer"], ["甲"]]


def test_excel_cells_become_the_text_the_parsers_read(tmp_path):
    rows = [
        ["日期", "客户", "数量", "金额", "含税"],
        [dt.date(2025, 3, 5), "甲", 10, 1234.5, True],
        [dt.datetime(2025, 3, 6, 8, 30), "乙", 3.0, -0.25, None],
    ]
    path = write_xlsx(tmp_path / "cells.xlsx", {"S": rows})

    [sheet] = read.read_file(path)

    assert sheet.grid[1] == ["2025-03-05", "甲", "10", "1234.5", "TRUE"]
    assert sheet.grid[2] == ["2025-03-06 08:30:00", "乙", "3", "-0.25", None]


def test_title_row_and_blank_rows_keep_their_excel_row_positions(tmp_path):
    rows = [["2025年3月销售明细表"], [None], [None], HEADER, ["2025-03-01", "甲", 1]]
    path = write_xlsx(tmp_path / "t.xlsx", {"S": rows})

    [sheet] = read.read_file(path)

    assert sheet.grid[0][0] == "2025年3月销售明细表"
    assert not any(sheet.grid[1]) and not any(sheet.grid[2])
    assert sheet.grid[3] == HEADER  # Excel row 4 is grid row 3


def test_merged_cells_give_their_value_to_every_cell_of_the_range(tmp_path):
    rows = [
        ["日期", "客户", "金额", None, "区域"],
        [None, None, "含税", "不含税", None],
        ["2025-03-01", "甲", 113, 100, "华东"],
        [None, "乙", 226, 200, None],
    ]
    merges = {"S": ["A1:A2", "B1:B2", "C1:D1", "E1:E2", "E3:E4"]}
    path = write_xlsx(tmp_path / "merged.xlsx", {"S": rows}, merges=merges)

    [sheet] = read.read_file(path)

    assert sheet.grid[0] == ["日期", "客户", "金额", "金额", "区域"]
    assert sheet.grid[1] == ["日期", "客户", "含税", "不含税", "区域"]
    assert sheet.grid[3][4] == "华东"  # a region merged down over two rows belongs to both


def test_hidden_sheet_is_marked_hidden(tmp_path):
    path = write_xlsx(tmp_path / "h.xlsx", {"Sales": [HEADER], "Old": [HEADER]}, hidden=["Old"])

    sheets = read.read_file(path)

    assert [(s.sheet, s.hidden) for s in sheets] == [("Sales", False), ("Old", True)]


def test_legacy_xls_is_read_with_its_dates(tmp_path):
    rows = [HEADER, [dt.date(2025, 3, 5), "甲", 10.5], [dt.date(2025, 3, 6), "乙", 20]]
    path = write_xls(tmp_path / "old.xls", {"销售": rows, "Sheet2": [["客户名称"], ["甲"]]})

    sheets = read.read_file(path)

    assert [s.sheet for s in sheets] == ["销售", "Sheet2"]
    assert sheets[0].grid[1] == ["2025-03-05", "甲", "10.5"]
    assert sheets[0].grid[2] == ["2025-03-06", "乙", "20"]


def test_xlsm_workbook_is_read_like_xlsx(tmp_path):
    path = write_xlsx(tmp_path / "macro.xlsm", {"S": [HEADER, ["2025-03-01", "甲", 7]]})

    [sheet] = read.read_file(path)

    assert sheet.grid[1] == ["2025-03-01", "甲", "7"]


def test_empty_file_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_bytes(b"")

    with pytest.raises(read.ReadError, match=r"blank\.csv: the file is empty"):
        read.read_file(path)


def test_csv_renamed_to_xlsx_is_refused_with_advice(tmp_path):
    path = write_csv(tmp_path / "report.xlsx", [HEADER, ["2025-03-01", "甲", "1"]])

    with pytest.raises(read.ReadError, match=r"report\.xlsx: this is not an Excel workbook.*\.csv"):
        read.read_file(path)


def test_truncated_workbook_is_refused_as_damaged(tmp_path):
    good = write_xlsx(tmp_path / "good.xlsx", {"S": [HEADER]})
    path = tmp_path / "cut.xlsx"
    path.write_bytes(good.read_bytes()[:300])

    with pytest.raises(read.ReadError, match=r"cut\.xlsx: the workbook is damaged"):
        read.read_file(path)


def test_binary_file_named_csv_is_refused(tmp_path):
    path = tmp_path / "image.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)

    with pytest.raises(read.ReadError, match=r"image\.csv: this is not a text/CSV file"):
        read.read_file(path)


def test_the_name_users_see_is_used_instead_of_the_temporary_path(tmp_path):
    path = write_csv(tmp_path / "tmpab12cd", [HEADER])

    [sheet] = read.read_file(path, file_name="三月销售.csv")

    assert sheet.label == "三月销售.csv"
