"""Workbooks laid out as people and report generators lay them out: hidden and
decorative sheets, preambles, merged and duplicated headers, totals in the
middle, formulas, thousands of columns."""

from __future__ import annotations

from tests.corpus.build import replace_member
from tests.corpus.check import D, loaded, refused, rows
from tests.fixtures import write_xlsx

HEADER = ["单据日期", "客户名称", "销售金额"]


def _hide_every_sheet(text: str) -> str:
    return text.replace('state="visible"', 'state="hidden"')


def test_a_workbook_whose_only_sheet_is_hidden_loads_it_and_says_so(ws, files):
    # Excel will not save such a file, so it comes from a program; the hidden
    # sheet is all there is, so it is read (docs/datasets.md), with a note.
    visible = write_xlsx(files / "v.xlsx", {"明细": [HEADER, ["2025-03-05", "甲", 100]]})
    path = replace_member(visible, files / "hidden.xlsx", "xl/workbook.xml", _hide_every_sheet)

    result = loaded(ws, path)

    assert rows(ws, "sales", "date, customer, amount", result.sheets[0].upload_id) == [
        (D(2025, 3, 5), "甲", 100.0)
    ]
    assert result.notes == [
        "hidden.xlsx [明细]: every sheet of the workbook is hidden; read anyway"
    ]


def test_a_hidden_sheet_beside_a_visible_one_is_skipped(ws, files):
    path = write_xlsx(
        files / "two.xlsx",
        {"本月": [HEADER, ["2025-03-05", "甲", 100]], "上月": [HEADER, ["2025-02-05", "乙", 999]]},
        hidden=["上月"],
    )

    result = loaded(ws, path)

    assert [s.label for s in result.sheets] == ["two.xlsx [本月]"]
    assert "two.xlsx [上月]: skipped: hidden sheet" in result.notes
    assert ws.execute("select count(*) from sales where customer = '乙'").fetchone() == (0,)


def test_twenty_sheets_of_which_two_are_data_load_those_two(ws, files):
    sheets = {
        "封面": [["华东大区 2025年3月经营报告"], ["编制：销售管理部"]],
        "说明": [["本报告数据来源于 ERP 系统"], ["金额单位：元"]],
        "目录": [["1", "销售明细"], ["2", "月度目标"]],
    }
    sheets |= {f"Sheet{i}": [] for i in range(4, 19)}
    sheets["销售明细"] = [
        HEADER + ["订单号"],
        ["2025-03-05", "甲", 100, "SO-1"],
        ["2025-03-06", "乙", 250, "SO-2"],
    ]
    sheets["月度目标"] = [
        ["月份", "业务员", "目标"],
        ["2025-03", "张三", 5000],
        ["2025-03", "李四", 8000],
    ]
    assert len(sheets) == 20
    path = write_xlsx(files / "report.xlsx", sheets)

    result = loaded(ws, path)

    assert [(s.label, s.dataset, s.rows_loaded) for s in result.sheets] == [
        ("report.xlsx [销售明细]", "sales", 2),
        ("report.xlsx [月度目标]", "targets", 2),
    ]
    sales, targets = (s.upload_id for s in result.sheets)
    assert rows(ws, "sales", "date, customer, amount, order_id", sales) == [
        (D(2025, 3, 5), "甲", 100.0, "SO-1"),
        (D(2025, 3, 6), "乙", 250.0, "SO-2"),
    ]
    assert rows(ws, "targets", "period, rep, target", targets) == [
        ("2025-03", "张三", 5000.0),
        ("2025-03", "李四", 8000.0),
    ]
    # The three sheets of text are named in the notes; the empty ones are not.
    skipped = [n for n in result.notes if ": skipped: " in n]
    assert [n.split(":")[0] for n in skipped] == [
        "report.xlsx [封面]",
        "report.xlsx [说明]",
        "report.xlsx [目录]",
    ]


def test_refuses_two_columns_with_the_same_header_naming_both_columns(ws, files):
    path = write_xlsx(
        files / "dup.xlsx",
        {"S": [["单据日期", "客户名称", "金额", "金额"], ["2025-03-05", "甲", 113, 100]]},
    )

    refused(ws, path, "dup.xlsx [S]", "columns C, D", '"金额"', "(row 1)", "amount")


def test_two_columns_with_the_same_header_load_once_the_user_picks_one(ws, files):
    path = write_xlsx(
        files / "dup.xlsx",
        {"S": [["单据日期", "客户名称", "金额", "金额"], ["2025-03-05", "甲", 113, 100]]},
    )

    result = loaded(ws, path, overrides={"S": {"amount": 2}})

    assert rows(ws, "sales", "customer, amount", result.sheets[0].upload_id) == [("甲", 113.0)]


def test_duplicate_headers_of_columns_not_loaded_do_not_matter(ws, files):
    path = write_xlsx(
        files / "notes.xlsx",
        {"S": [HEADER + ["备注", "备注"], ["2025-03-05", "甲", 100, "急", "月底前"]]},
    )

    result = loaded(ws, path)

    assert rows(ws, "sales", "customer, amount", result.sheets[0].upload_id) == [("甲", 100.0)]


def test_header_in_row_7_under_a_report_preamble_gives_excel_row_numbers(ws, files):
    preamble = [
        ["销售明细表"],
        ["公司：华东贸易有限公司"],
        ["期间：2025-03-01 至 2025-03-31"],
        ["制表人：王五", None, "制表日期：2025-04-01"],
        [],
        ["单位：元"],
    ]
    data = [["2025-03-05", "甲", 100]] * 150 + [["2025-03-06", "乙", "待定"]]
    path = write_xlsx(files / "row7.xlsx", {"明细": preamble + [HEADER] + data})

    result = loaded(ws, path)

    [sheet] = result.sheets
    assert (sheet.rows_loaded, sheet.rows_rejected) == (150, 1)
    # Header on row 7, 150 good rows on 8-157: the bad one is row 158.
    assert sheet.rejects == "row 158, column 销售金额: '待定' is not a number"


def test_merged_header_cells_over_two_rows_are_joined(ws, files):
    sheet = [
        ["2025年3月销售明细"],
        ["日期", "客户", "金额", None, "数量"],
        [None, None, "含税", "不含税", None],
        [D(2025, 3, 5), "甲", 113, 100, 1],
        [D(2025, 3, 6), "乙", 226, 200, 2],
    ]
    merges = {"S": ["A1:E1", "A2:A3", "B2:B3", "C2:D2", "E2:E3"]}
    path = write_xlsx(files / "merged.xlsx", {"S": sheet}, merges=merges)

    result = loaded(ws, path)

    assert rows(
        ws, "sales", "date, customer, amount, quantity, source_row", result.sheets[0].upload_id
    ) == [
        (D(2025, 3, 5), "甲", 113.0, 1.0, 4),
        (D(2025, 3, 6), "乙", 226.0, 2.0, 5),
    ]


def test_totals_and_subtotal_rows_in_the_middle_are_dropped_and_counted(ws, files):
    sheet = [
        ["区域", "单据日期", "客户名称", "销售金额"],
        ["华东", "2025-03-05", "甲", 100],
        ["华东", "2025-03-06", "乙", 200],
        ["华东 小计", None, None, 300],
        ["华南", "2025-03-05", "丙", 50],
        ["华南 Total", None, None, 50],
        ["小计：", None, None, 50],
        ["合计", None, None, 350],
        ["Grand Total", None, None, 350],
    ]
    path = write_xlsx(files / "subtotals.xlsx", {"S": sheet})

    result = loaded(ws, path)

    [res] = result.sheets
    assert (res.rows_loaded, res.rows_rejected, res.totals_dropped) == (3, 0, 5)
    assert rows(ws, "sales", "region, customer, amount, source_row", res.upload_id) == [
        ("华东", "甲", 100.0, 2),
        ("华东", "乙", 200.0, 3),
        ("华南", "丙", 50.0, 5),
    ]


def _formulas_workbook(files, name="formulas.xlsx"):
    sheet = [
        ["单据日期", "客户名称", "数量", "单价", "销售金额"],
        ["2025-03-05", "甲", 2, 50, "=C2*D2"],
        ["2025-03-06", "乙", 3, 50, "=C3*D3"],
        ["合计", None, "=SUM(C2:C3)", None, "=SUM(E2:E3)"],
    ]
    return write_xlsx(files / name, {"明细": sheet})


def test_refuses_formulas_saved_without_results_naming_each_cell(ws, files):
    # What openpyxl and many report generators write: the formula, no value.
    # Read as blanks they would load as missing amounts; the user is told why.
    path = _formulas_workbook(files)

    refused(
        ws,
        path,
        "formulas.xlsx [明细]: 2 of 2 rows",
        "row 2, column 销售金额: '=C2*D2' is a formula saved without its result",
        "row 3, column 销售金额: '=C3*D3' is a formula saved without its result",
        "open it in Excel, save it",
    )


def test_formulas_saved_with_their_results_load_the_results(ws, files):
    # What Excel writes: each formula with its last result beside it.
    def cache(text: str) -> str:
        for formula, value in (
            ("C2*D2", 100),
            ("C3*D3", 150),
            ("SUM(C2:C3)", 5),
            ("SUM(E2:E3)", 250),
        ):
            text = text.replace(f"<f>{formula}</f><v />", f"<f>{formula}</f><v>{value}</v>")
        return text

    source = _formulas_workbook(files, "raw.xlsx")
    path = replace_member(source, files / "saved.xlsx", "xl/worksheets/sheet1.xml", cache)

    result = loaded(ws, path)

    [res] = result.sheets
    assert (res.rows_loaded, res.totals_dropped) == (2, 1)
    assert rows(ws, "sales", "customer, quantity, amount", res.upload_id) == [
        ("甲", 2.0, 100.0),
        ("乙", 3.0, 150.0),
    ]


def test_a_formula_without_result_in_a_totals_row_or_an_unused_column_does_not_matter(ws, files):
    sheet = [
        ["单据日期", "客户名称", "销售金额", "核对"],
        ["2025-03-05", "甲", 100, '=IF(C2>0,"ok","")'],
        ["2025-03-06", "乙", 150, '=IF(C3>0,"ok","")'],
        ["合计", None, "=SUM(C2:C3)", None],
    ]
    path = write_xlsx(files / "checks.xlsx", {"S": sheet})

    result = loaded(ws, path)

    assert rows(ws, "sales", "customer, amount", result.sheets[0].upload_id) == [
        ("甲", 100.0),
        ("乙", 150.0),
    ]


def test_a_formula_without_result_in_an_optional_column_rejects_its_row(ws, files):
    header = ["单据日期", "客户名称", "销售金额", "数量"]
    data = [["2025-03-05", "甲", 100, 1]] * 199 + [["2025-03-06", "乙", 50, "=1+1"]]
    path = write_xlsx(files / "qty.xlsx", {"S": [header] + data})

    result = loaded(ws, path)

    [res] = result.sheets
    assert (res.rows_loaded, res.rows_rejected) == (199, 1)
    assert res.rejects.startswith(
        "row 201, column 数量: '=1+1' is a formula saved without its result"
    )


def test_shared_formulas_without_results_are_found_in_every_cell_they_fill(ws, files):
    # Excel writes one formula for a filled-down range and empty <f/> in the rest.
    def share(text: str) -> str:
        text = text.replace("<f>C2*D2</f>", '<f t="shared" ref="E2:E3" si="0">C2*D2</f>')
        return text.replace("<f>C3*D3</f>", '<f t="shared" si="0"/>')

    source = _formulas_workbook(files, "raw.xlsx")
    path = replace_member(source, files / "shared.xlsx", "xl/worksheets/sheet1.xml", share)

    refused(
        ws,
        path,
        "row 2, column 销售金额: '=C2*D2' is a formula saved without its result",
        "row 3, column 销售金额: '=...' is a formula saved without its result",
    )


def test_a_formula_without_result_far_down_a_large_sheet_is_found(ws, files):
    # A 1.2 MB cell near the top puts the formula beyond the first megabyte read.
    header = ["单据日期", "客户名称", "销售金额", "备注"]
    data = [["2025-03-05", "甲", 100, "长" * 400_000]]
    data += [["2025-03-06", "乙", 100, None]] * 198 + [["2025-03-07", "丙", "=50*2", None]]
    path = write_xlsx(files / "long.xlsx", {"S": [header, *data]})

    result = loaded(ws, path)

    [res] = result.sheets
    assert (res.rows_loaded, res.rows_rejected) == (199, 1)
    assert res.rejects.startswith(
        "row 201, column 销售金额: '=50*2' is a formula saved without its result"
    )


def test_a_formula_cut_in_two_by_the_read_buffer_is_still_found(ws, files):
    # The sheet is read a megabyte at a time; here the cut falls inside the formula.
    def cells(row: int, values: list[str]) -> str:
        return "".join(
            f'<c r="{col}{row}" t="inlineStr"><is><t>{v}</t></is></c>'
            for col, v in zip("ABCD", values, strict=False)
        )

    def place(text: str) -> str:
        head, rest = text.split("<sheetData>", 1)
        tail = rest.split("</sheetData>", 1)[1]
        before = (
            f"{head}<sheetData>"
            f'<row r="1">{cells(1, ["单据日期", "客户名称", "销售金额", "备注"])}</row>'
            f'<row r="2">{cells(2, ["2025-03-05", "甲", "100", "{pad}"])}</row>'
            f'<row r="3">{cells(3, ["2025-03-07", "丙"])}<c r="C3"><f>5'
        )
        pad = (1 << 20) - len(before.replace("{pad}", "").encode())
        return before.replace("{pad}", "x" * pad) + "0*2</f><v /></c></row></sheetData>" + tail

    source = write_xlsx(files / "raw.xlsx", {"S": [["x"]]})
    path = replace_member(source, files / "cut.xlsx", "xl/worksheets/sheet1.xml", place)

    refused(ws, path, "row 3, column 销售金额: '=50*2' is a formula saved without its result")


def test_a_sheet_of_5000_columns_loads_the_columns_it_knows(ws, files):
    width = 5000
    header = [f"指标{i}" for i in range(width)]
    header[0], header[2500], header[width - 1] = "单据日期", "客户名称", "销售金额"
    data = []
    for day, customer, amount in (("2025-03-05", "甲", 100), ("2025-03-06", "乙", 250)):
        row = [i for i in range(width)]
        row[0], row[2500], row[width - 1] = day, customer, amount
        data.append(row)
    path = write_xlsx(files / "wide.xlsx", {"S": [header, *data]})

    result = loaded(ws, path)

    assert rows(ws, "sales", "date, customer, amount", result.sheets[0].upload_id) == [
        (D(2025, 3, 5), "甲", 100.0),
        (D(2025, 3, 6), "乙", 250.0),
    ]
