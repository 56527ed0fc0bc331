"""Files that are not what their name says, or not readable at all: each is refused
naming the file and why, or read for what it really is."""

from __future__ import annotations

import shutil
import zipfile

import pytest

from salesdash import load
from tests.corpus.build import (
    write_cfb,
    write_encrypted_xlsx,
    write_ods,
    write_xlsb,
)
from tests.corpus.check import D, loaded, refused, rows
from tests.fixtures import write_csv, write_xls, write_xlsx

HEADER = ["单据日期", "客户名称", "销售金额"]


def test_refuses_an_empty_file_naming_it(ws, files):
    path = files / "三月.xlsx"
    path.write_bytes(b"")

    refused(ws, path, "三月.xlsx: the file is empty")


def test_refuses_a_csv_with_only_a_header_naming_the_header_row(ws, files):
    path = write_csv(files / "header.csv", [HEADER])

    refused(ws, path, "header.csv", "no data rows below the header (row 1)")


def test_refuses_a_workbook_with_only_a_header_naming_sheet_and_row(ws, files):
    path = write_xlsx(files / "header.xlsx", {"销售": [["2025年3月销售明细表"], HEADER]})

    refused(ws, path, "header.xlsx [销售]", "no data rows below the header (row 2)")


def test_refuses_a_workbook_with_only_a_title_row_showing_the_title(ws, files):
    path = write_xlsx(files / "title.xlsx", {"Sheet1": [["2025年3月销售明细表"]]})

    refused(
        ws,
        path,
        "no sheet holds a dataset",
        "title.xlsx [Sheet1]",
        "no header row",
        "2025年3月销售明细表",
    )


def test_refuses_a_picture_renamed_xlsx_as_not_a_workbook(ws, files):
    path = files / "chart.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)

    refused(ws, path, "chart.xlsx: this is not an Excel workbook", ".xlsx")


def test_refuses_a_word_document_renamed_xlsx_as_not_a_workbook(ws, files):
    path = write_cfb(files / "minutes.xlsx", {"WordDocument": b"\xec\xa5" + bytes(100)})

    refused(ws, path, "minutes.xlsx: this is not an Excel workbook")


def test_refuses_a_zip_without_a_workbook_in_it_as_not_a_workbook(ws, files):
    path = files / "report.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")

    refused(ws, path, "report.xlsx: this is not an Excel workbook")


def test_refuses_a_truncated_workbook_as_damaged(ws, files):
    good = write_xlsx(files / "good.xlsx", {"S": [HEADER, ["2025-03-05", "甲", 100]]})
    path = files / "cut.xlsx"
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])

    refused(ws, path, "cut.xlsx: the workbook is damaged")


def test_refuses_a_workbook_with_a_corrupted_sheet_as_damaged(ws, files):
    good = write_xlsx(files / "good.xlsx", {"S": [HEADER, ["2025-03-05", "甲", 100]]})
    raw = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    # Scramble the middle of the sheet's compressed bytes; the directory stays intact.
    data = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(data + 10, data + info.compress_size - 10):
        raw[i] ^= 0x5A
    path = files / "bitrot.xlsx"
    path.write_bytes(bytes(raw))

    refused(ws, path, "bitrot.xlsx: the workbook", "damaged")


def test_refuses_a_password_protected_workbook_naming_it(ws, files):
    path = write_encrypted_xlsx(files / "加密.xlsx")

    refused(ws, path, "加密.xlsx: the workbook is password-protected or encrypted", "password")


def test_refuses_a_password_protected_workbook_whatever_its_name(ws, files):
    # Uploads reach the reader under a generated name: the content decides.
    path = write_encrypted_xlsx(files / "upload-1234.bin")

    refused(
        ws,
        path,
        "月报.xlsx: the workbook is password-protected or encrypted",
        file_name="月报.xlsx",
    )


def test_a_compound_file_named_xlsx_that_cannot_be_read_is_taken_for_an_encrypted_one(ws, files):
    # An .xlsx is only ever a compound file when encrypted (or a renamed .xls).
    path = files / "odd.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000))

    refused(ws, path, "odd.xlsx: the workbook is password-protected or encrypted")


def test_the_same_compound_file_named_xls_is_damaged(ws, files):
    path = files / "odd.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000))

    refused(ws, path, "odd.xls: the workbook is damaged")


def test_a_legacy_xls_saved_under_an_xlsx_name_is_read_as_what_it_is(ws, files):
    xls = write_xls(files / "old.xls", {"S": [HEADER, ["2025-03-05", "甲", 100]]})
    path = files / "old.xlsx"
    shutil.copyfile(xls, path)

    result = loaded(ws, path)

    assert rows(ws, "sales", "date, customer, amount", result.sheets[0].upload_id) == [
        (D(2025, 3, 5), "甲", 100.0)
    ]


def test_an_xlsx_saved_under_an_xls_name_is_read_as_what_it_is(ws, files):
    xlsx = write_xlsx(files / "new.xlsx", {"S": [HEADER, ["2025-03-05", "甲", 100]]})
    path = files / "new.xls"
    shutil.copyfile(xlsx, path)

    result = loaded(ws, path)

    assert rows(ws, "sales", "date, customer, amount", result.sheets[0].upload_id) == [
        (D(2025, 3, 5), "甲", 100.0)
    ]


def test_an_opendocument_spreadsheet_loads(ws, files):
    path = write_ods(
        files / "calc.ods",
        {"销售": [HEADER, [D(2025, 3, 5), "甲", 100.5], ["2025/3/6", "乙", 200]]},
    )

    result = loaded(ws, path)

    assert result.message.startswith("calc.ods [销售]: sales, 2 rows loaded, 0 rejected")
    assert rows(ws, "sales", "date, customer, amount", result.sheets[0].upload_id) == [
        (D(2025, 3, 5), "甲", 100.5),
        (D(2025, 3, 6), "乙", 200.0),
    ]


def test_an_excel_binary_workbook_loads(ws, files):
    path = write_xlsb(
        files / "binary.xlsb",
        "销售",
        [HEADER, ["2025-03-05", "甲", 100.5], ["2025-03-06", "乙", 200]],
    )

    result = loaded(ws, path)

    assert result.message.startswith("binary.xlsb [销售]: sales, 2 rows loaded, 0 rejected")
    assert rows(ws, "sales", "date, customer, amount", result.sheets[0].upload_id) == [
        (D(2025, 3, 5), "甲", 100.5),
        (D(2025, 3, 6), "乙", 200.0),
    ]


def test_refuses_a_binary_file_named_csv(ws, files):
    path = files / "export.csv"
    path.write_bytes(b"\x00\x01\x02\x03PK" * 200)

    refused(ws, path, "export.csv: this is not a text/CSV file")


def _workbook(kind: str, path):
    sheet = [HEADER, ["2025-03-05", "甲", 100]]
    if kind == "xlsx":
        return write_xlsx(path, {"S": sheet})
    if kind == "xls":
        return write_xls(path, {"S": sheet})
    if kind == "xlsb":
        return write_xlsb(path, "S", sheet)
    return write_ods(path, {"S": sheet})


@pytest.mark.parametrize("kind", ["xlsx", "xls", "xlsb", "ods"])
def test_every_workbook_format_loads_when_uploaded_through_the_page(ws, files, kind):
    # The page writes the bytes to a temp file of a generated name (.bin).
    data = _workbook(kind, files / f"book.{kind}").read_bytes()

    plan = load.plan_upload(ws, data, f"三月.{kind}")
    result = load.commit(ws, plan)

    assert result.status == "loaded", result.message
    assert rows(ws, "sales", "date, customer, amount", result.sheets[0].upload_id) == [
        (D(2025, 3, 5), "甲", 100.0)
    ]
