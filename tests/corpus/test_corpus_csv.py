"""CSV files as Chinese and Western systems write them: encodings, delimiters,
byte-order marks, line breaks inside cells, a very long cell."""

from __future__ import annotations

from tests.corpus.check import D, loaded, refused, rows
from tests.fixtures import write_csv

HEADER = ["单据日期", "客户名称", "销售金额"]
ROWS = [["2025-03-05", "华东经销商", "1,234.50"], ["2025-03-06", "北京大客户", "￥2,000"]]
EXPECTED = [(D(2025, 3, 5), "华东经销商", 1234.5), (D(2025, 3, 6), "北京大客户", 2000.0)]


def test_a_gbk_csv_loads_and_names_its_encoding(ws, files):
    path = write_csv(files / "gbk.csv", [HEADER, *ROWS], encoding="gbk")

    result = loaded(ws, path)

    assert rows(ws, "sales", "date, customer, amount", result.sheets[0].upload_id) == EXPECTED
    assert result.notes == ["gbk.csv: encoding gb18030"]


def test_a_utf16_tab_separated_file_as_excel_saves_unicode_text_loads(ws, files):
    path = write_csv(files / "unicode.txt", [HEADER, *ROWS], encoding="utf-16", delimiter="\t")

    result = loaded(ws, path)

    assert rows(ws, "sales", "date, customer, amount", result.sheets[0].upload_id) == EXPECTED
    assert result.notes == ["unicode.txt: encoding utf-16", "unicode.txt: delimiter '\\t'"]


def test_a_csv_with_a_byte_order_mark_and_semicolons_loads(ws, files):
    path = write_csv(files / "eu.csv", [HEADER, *ROWS], bom=True, delimiter=";")

    result = loaded(ws, path)

    # The BOM does not stick to the first header: 单据日期 is still the date.
    assert rows(ws, "sales", "date, customer, amount", result.sheets[0].upload_id) == EXPECTED
    assert result.notes == ["eu.csv: delimiter ';'"]


def test_line_breaks_inside_quoted_cells_stay_in_the_cell(ws, files):
    data = [["2025-03-05", "华东经销商\n（上海分店）", "100"], ["2025-03-06", "乙", "200"]]
    path = write_csv(files / "multiline.csv", [HEADER, *data])

    result = loaded(ws, path)

    assert rows(ws, "sales", "customer, amount, source_row", result.sheets[0].upload_id) == [
        ("华东经销商\n（上海分店）", 100.0, 2),
        ("乙", 200.0, 3),
    ]


def test_rows_after_a_line_break_in_a_cell_keep_their_spreadsheet_row_number(ws, files):
    data = [
        ["2025-03-05", "甲", "100"],
        ["2025-03-06", "乙\n备注：月底结算", "200"],
        ["2025-03-07", "丙", "abc"],
    ]
    path = write_csv(files / "multiline.csv", [HEADER, *data])

    # The bad amount is on line 5 of the file but in row 4, as a spreadsheet shows it.
    refused(ws, path, "multiline.csv: 1 of 3 rows", "row 4, column 销售金额: 'abc' is not a number")


def test_a_cell_of_one_megabyte_of_text_loads_whole(ws, files):
    notes = "客户反馈：" + "货架陈列需要调整。" * 116_508  # 1,048,577 characters
    path = write_csv(
        files / "visits.csv",
        [
            ["拜访日期", "业务员", "客户", "备注"],
            ["2025-03-05", "张三", "甲", notes],
            ["2025-03-06", "李四", "乙", "短"],
        ],
    )

    result = loaded(ws, path)

    stored = rows(ws, "visits", "customer, length(notes), notes", result.sheets[0].upload_id)
    assert [(c, n) for c, n, _ in stored] == [("甲", 1_048_577), ("乙", 1)]
    assert stored[0][2] == notes


def test_refuses_a_line_longer_than_sixteen_megabytes_naming_the_line(ws, files):
    path = write_csv(
        files / "huge.csv",
        [HEADER, ["2025-03-05", "甲", "1"], ["2025-03-06", "乙" + "x" * 17_000_000, "2"]],
    )

    refused(ws, path, "huge.csv: line 3 of the file is longer than 16 MB")
