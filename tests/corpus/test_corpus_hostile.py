"""Workbooks built to hurt the server, and file names built to escape: refused
before anything is inflated or parsed, or only ever shown as a label."""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

import pytest

from salesdash import load, read
from tests.corpus.build import add_member, declare_size, replace_member
from tests.corpus.check import D, loaded, refused, rows, state
from tests.fixtures import write_csv, write_xlsx

HEADER = ["单据日期", "客户名称", "销售金额"]
SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture
def workbook(files):
    return write_xlsx(files / "good.xlsx", {"S": [HEADER, ["2025-03-05", "甲", 100]]})


@pytest.fixture
def never_parsed(monkeypatch):
    """Fail the test if a workbook reaches calamine."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("the workbook was handed to the parser")

    monkeypatch.setattr(read, "_open_workbook", refuse)


def _with_dtd(dtd: str, cell: str):
    def edit(text: str) -> str:
        return dtd + text.replace("<is><t>甲</t></is>", f"<is><t>{cell}</t></is>")

    return edit


def test_refuses_entity_expansion_in_a_sheet_before_parsing_it(ws, files, workbook, never_parsed):
    laughs = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    dtd = f'<?xml version="1.0"?><!DOCTYPE worksheet [{laughs}]>'
    path = replace_member(workbook, files / "laughs.xlsx", SHEET, _with_dtd(dtd, "&lol9;"))

    refused(ws, path, "laughs.xlsx: the workbook was not opened", SHEET, "DOCTYPE")


def test_refuses_quadratic_blowup_in_shared_strings(ws, files, workbook, never_parsed):
    dtd = f'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY big "{"x" * 100_000}">]>'
    strings = dtd + (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        f'uniqueCount="1"><si><t>{"&big;" * 100_000}</t></si></sst>'
    )
    path = add_member(workbook, files / "quadratic.xlsx", "xl/sharedStrings.xml", strings.encode())

    refused(ws, path, "quadratic.xlsx", "xl/sharedStrings.xml", "DOCTYPE")


def test_refuses_a_doctype_in_a_utf16_part(ws, files, workbook, never_parsed):
    with zipfile.ZipFile(workbook) as zf:
        text = zf.read(SHEET).decode("utf-8")
    doc = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE worksheet [<!ENTITY e "x">]>' + text
    path = files / "utf16.xlsx"
    with zipfile.ZipFile(workbook) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = doc.encode("utf-16") if info.filename == SHEET else zin.read(info.filename)
            zout.writestr(info.filename, data)

    refused(ws, path, "utf16.xlsx", SHEET, "DOCTYPE")


def test_refuses_a_doctype_hidden_behind_a_long_comment(ws, files, workbook, never_parsed):
    dtd = (
        f'<?xml version="1.0"?><!-- {"padding " * 50_000} --><!DOCTYPE worksheet [<!ENTITY e "x">]>'
    )
    path = replace_member(workbook, files / "late.xlsx", SHEET, _with_dtd(dtd, "&e;"))

    refused(ws, path, "late.xlsx", SHEET, "DOCTYPE")


def test_a_workbook_with_comments_and_processing_instructions_but_no_doctype_loads(
    ws, files, workbook
):
    prolog = '<?xml version="1.0" encoding="UTF-8"?>\n<!-- written by ERP 9.1 -->\n<?erp v="9"?>\n'
    path = replace_member(workbook, files / "erp.xlsx", SHEET, lambda text: prolog + text)

    result = loaded(ws, path)

    assert rows(ws, "sales", "date, customer, amount", result.sheets[0].upload_id) == [
        (D(2025, 3, 5), "甲", 100.0)
    ]


def test_refuses_a_zip_bomb_from_its_directory_without_inflating_it(
    ws, files, workbook, monkeypatch
):
    path = files / "bomb.xlsx"
    path.write_bytes(workbook.read_bytes())
    declare_size(path, SHEET, 3 * 2**30)  # claims 3 GB; the file is a few kB

    def no_inflating(*_args, **_kwargs):
        raise AssertionError("a member was inflated")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_inflating)

    refused(ws, path, "bomb.xlsx: the workbook would expand to 3,072 MB, above the 1,024 MB limit")


def test_the_unzipped_limit_is_configured_by_environment(ws, files, workbook, monkeypatch):
    padded = add_member(workbook, files / "padded.xlsx", "xl/media/image1.png", os.urandom(2**21))
    monkeypatch.setenv("SALESDASH_MAX_UNZIPPED_MB", "1")

    refused(ws, padded, "padded.xlsx: the workbook would expand to 2 MB, above the 1 MB limit")

    monkeypatch.setenv("SALESDASH_MAX_UNZIPPED_MB", "3")
    loaded(ws, padded)


def test_refuses_a_part_that_inflates_more_than_a_hundredfold(ws, files, workbook, never_parsed):
    # 65 MB of one byte repeated packs into about 65 kB: below the size limit,
    # but no worksheet compresses a thousandfold.
    path = add_member(
        workbook, files / "ratio.xlsx", "xl/worksheets/sheet2.xml", b" " * (65 * 2**20)
    )

    message = refused(
        ws, path, "ratio.xlsx: the workbook was not opened", "xl/worksheets/sheet2.xml"
    )
    assert "-fold to 65 MB" in message


@pytest.mark.parametrize(
    "client_name",
    [
        "../../evil-upload.csv",
        "/tmp/salesdash-evil/evil-upload.csv",
        "C:\\Windows\\System32\\evil-upload.csv",
        "..\\..\\evil-upload.csv",
    ],
)
def test_an_uploaded_file_name_is_only_ever_a_label(ws, tmp_path, client_name):
    data = write_csv(tmp_path / "source.csv", [HEADER, ["2025-03-05", "甲", "100"]]).read_bytes()
    # Everywhere the name could land if it were ever joined to a folder.
    folders = [tmp_path, Path.cwd(), Path(tempfile.gettempdir())]
    spellings = [client_name, client_name.replace("\\", "/")]
    targets = {(folder / name).resolve() for folder in folders for name in spellings}
    targets.add(Path("/tmp/salesdash-evil"))
    assert not any(t.exists() for t in targets)
    inside = set(tmp_path.rglob("*"))

    plan = load.plan_upload(ws, data, client_name)
    result = load.commit(ws, plan, original=data)

    assert result.status == "loaded", result.message
    assert result.message.startswith(f"{client_name}: sales, 1 rows loaded")
    assert ws.execute("select file_name from uploads order by id desc limit 1").fetchone() == (
        client_name,
    )
    assert not any(t.exists() for t in targets)
    # What the workspace keeps of the upload is named by its content, never by the client.
    created = set(tmp_path.rglob("*")) - inside
    assert created and all("evil" not in str(p.relative_to(tmp_path)) for p in created)


def test_a_refused_upload_under_a_hostile_name_leaves_nothing(ws, tmp_path):
    before = state(ws)
    inside = set(tmp_path.rglob("*"))

    plan = load.plan_upload(ws, b"\x89PNG\r\n\x1a\n" + bytes(64), "../../evil.xlsx")
    result = load.commit(ws, plan, original=b"")

    assert result.status == "refused"
    assert "../../evil.xlsx: this is not an Excel workbook" in result.message
    assert state(ws) == before
    assert set(tmp_path.rglob("*")) == inside
