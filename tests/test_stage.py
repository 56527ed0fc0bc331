"""Parsing a sheet into typed rows in DuckDB: numbers, dates, periods, categories, totals, rejects."""

from __future__ import annotations

import datetime as dt

import pytest

from salesdash import read, stage, values
from salesdash.header import find_header
from tests.fixtures import write_csv, write_xlsx

D = dt.date


def stage_file(con, path, dataset=None, kind=None):
    [sheet] = read.read_file(path)
    header = find_header(sheet.preview, sheet.label, dataset)
    assert header is not None and not header.mapping.missing
    try:
        with stage.load_raw(con, sheet, header) as (raw, width):
            return stage.stage_sheet(con, raw, width, header.mapping.dataset, header, kind)
    finally:
        sheet.cleanup()


def ok_rows(con, staged, columns):
    return con.execute(
        f"select {columns} from {staged.table} where _ok order by source_row"
    ).fetchall()


def rejects(con, staged):
    return con.execute(f"select * from {staged.rejects_table} order by row, column_name").fetchall()


def test_amounts_with_separators_currency_percent_and_accounting_negatives(con, tmp_path):
    cells = [
        "1,234.50", "¥1,000", "￥2,000.00", "$3.50", "€4", "RMB 5,000", "600元", "12.5%",
        "(1,234.00)", "１２３", "-50", " 7 ",
    ]  # fmt: skip
    rows = [["日期", "客户", "金额"]] + [["2025-03-01", f"C{i}", c] for i, c in enumerate(cells)]
    staged = stage_file(con, write_csv(tmp_path / "amounts.csv", rows))

    got = [r[0] for r in ok_rows(con, staged, "amount")]

    assert got == [1234.5, 1000, 2000, 3.5, 4, 5000, 600, 0.125, -1234, 123, -50, 7]
    assert staged.rejected == 0


def test_blank_optional_number_is_empty_not_rejected(con, tmp_path):
    rows = [
        ["日期", "客户", "金额", "数量", "成本"],
        ["2025-03-01", "甲", "100", "", "-"],
        ["2025-03-02", "乙", "200", "3", "无"],
    ]
    staged = stage_file(con, write_csv(tmp_path / "s.csv", rows))

    assert ok_rows(con, staged, "quantity, cost") == [(None, None), (3.0, None)]
    assert staged.rejected == 0


def test_blank_or_unreadable_required_value_rejects_the_row_with_row_column_and_reason(
    con, tmp_path
):
    rows = [
        ["2025年3月销售明细表"],
        ["单据日期", "客户名称", "销售金额（元）"],
        ["2025-03-01", "甲", "100"],
        ["2025-03-02", "", "200"],
        ["2025-03-03", "丙", "一百"],
        ["2025-02-30", "丁", "300"],
    ]
    staged = stage_file(con, write_csv(tmp_path / "s.csv", rows))

    assert (staged.data_rows, staged.rejected) == (4, 3)
    assert rejects(con, staged) == [
        (4, "客户名称", None, "is missing"),
        (5, "销售金额（元）", "一百", "is not a number"),
        (6, "单据日期", "2025-02-30", "is not a date"),
    ]
    assert ok_rows(con, staged, "customer, amount, source_row") == [("甲", 100.0, 3)]


def test_row_numbers_stay_the_file_rows_when_a_csv_has_empty_lines(con, tmp_path):
    path = tmp_path / "gaps.csv"
    path.write_text(
        "2025年3月销售明细表\n\n日期,客户,金额\n2025-03-01,甲,1\n\n\n2025-03-02,乙,x\n2025-03-03,丙,3\n",
        encoding="utf-8",
    )
    staged = stage_file(con, path)

    assert rejects(con, staged) == [(7, "金额", "x", "is not a number")]
    assert ok_rows(con, staged, "customer, source_row") == [("甲", 4), ("丙", 8)]


def test_excel_row_numbers_count_title_and_blank_rows(con, tmp_path):
    rows = [
        ["华东区 3月 销售"],
        [None],
        ["日期", "客户", "金额"],
        [D(2025, 3, 1), "甲", 1],
        [D(2025, 3, 2), "乙", "n.a."],
    ]
    staged = stage_file(con, write_xlsx(tmp_path / "x.xlsx", {"S": rows}))

    assert rejects(con, staged) == [(5, "金额", "n.a.", "is not a number")]


def test_dates_in_every_common_spelling_and_excel_serials(con, tmp_path):
    cells = [
        "45721",
        "2025-03-05",
        "2025/3/5",
        "2025.03.05",
        "2025年3月5日",
        "20250305",
        "2025-03-05 08:30:00",
        "５-Mar-2025",
    ]
    rows = [["Order Date", "Customer", "Amount"]] + [[c, f"C{i}", "1"] for i, c in enumerate(cells)]
    staged = stage_file(con, write_csv(tmp_path / "d.csv", rows))

    assert [r[0] for r in ok_rows(con, staged, "date")] == [D(2025, 3, 5)] * len(cells)
    assert staged.rejected == 0


def test_excel_date_cells_and_serial_numbers_in_a_workbook(con, tmp_path):
    rows = [
        ["单据日期", "客户", "金额"],
        [dt.datetime(2025, 3, 5, 14, 30), "甲", 1],
        [D(2025, 3, 6), "乙", 1],
        [45723, "丙", 1],  # a date cell exported as its serial number: 2025-03-07
        [45723.75, "丁", 1],  # with a time of day
    ]
    staged = stage_file(con, write_xlsx(tmp_path / "x.xlsx", {"S": rows}))

    assert [r[0] for r in ok_rows(con, staged, "date")] == [
        D(2025, 3, 5),
        D(2025, 3, 6),
        D(2025, 3, 7),
        D(2025, 3, 7),
    ]


def test_day_first_or_month_first_is_decided_per_column_and_reported(con, tmp_path):
    rows = [
        ["投诉日期", "客户", "结案日期"],
        ["5/3/2025", "甲", "3/6/2025"],
        ["13/3/2025", "乙", "3/14/2025"],
    ]
    staged = stage_file(con, write_csv(tmp_path / "c.csv", rows))

    assert ok_rows(con, staged, "opened, closed") == [
        (D(2025, 3, 5), D(2025, 3, 6)),
        (D(2025, 3, 13), D(2025, 3, 14)),
    ]
    notes = " | ".join(staged.notes)
    assert "投诉日期: day-first" in notes and "13/3/2025" in notes
    assert "结案日期: month-first" in notes and "3/14/2025" in notes


def test_ambiguous_year_last_dates_are_read_month_first_and_the_guess_is_reported(con, tmp_path):
    rows = [["Date", "Customer", "Amount"], ["3/5/2025", "A", "1"], ["4/6/2025", "B", "1"]]
    staged = stage_file(con, write_csv(tmp_path / "a.csv", rows))

    assert [r[0] for r in ok_rows(con, staged, "date")] == [D(2025, 3, 5), D(2025, 4, 6)]
    assert any(n.startswith("Date: ambiguous") for n in staged.notes)


def test_sales_dated_before_1990_are_rejected_as_typos(con, tmp_path):
    rows = [["日期", "客户", "金额"], ["1900-01-05", "甲", "1"], ["2025-03-01", "乙", "1"]]
    staged = stage_file(con, write_csv(tmp_path / "s.csv", rows))

    assert rejects(con, staged) == [(2, "日期", "1900-01-05", "is before 1990")]


PERIODS = [
    ("2025-03", "2025-03", D(2025, 3, 1), D(2025, 3, 31)),
    ("2025年3月", "2025-03", D(2025, 3, 1), D(2025, 3, 31)),
    ("2025-Q1", "2025-Q1", D(2025, 1, 1), D(2025, 3, 31)),
    ("2025Q1", "2025-Q1", D(2025, 1, 1), D(2025, 3, 31)),
    ("2025年第2季度", "2025-Q2", D(2025, 4, 1), D(2025, 6, 30)),
    ("2025", "2025", D(2025, 1, 1), D(2025, 12, 31)),
    ("2024-02", "2024-02", D(2024, 2, 1), D(2024, 2, 29)),
]


def test_target_periods_get_a_canonical_label_and_their_first_and_last_day(con, tmp_path):
    rows = [["月份", "业务员", "目标"]] + [
        [cell, f"rep{i}", "100,000"] for i, (cell, *_) in enumerate(PERIODS)
    ]
    staged = stage_file(con, write_csv(tmp_path / "t.csv", rows))

    assert ok_rows(con, staged, "period, period_start, period_end, target") == [
        (label, start, end, 100000.0) for _, label, start, end in PERIODS
    ]


def test_unreadable_period_is_rejected_with_an_example_of_what_is_expected(con, tmp_path):
    rows = [["Month", "Rep", "Target"], ["2025-13", "Ann", "5"], ["next month", "Bob", "5"]]
    staged = stage_file(con, write_csv(tmp_path / "t.csv", rows))

    reasons = rejects(con, staged)
    assert [(r[0], r[1], r[2]) for r in reasons] == [
        (2, "Month", "2025-13"),
        (3, "Month", "next month"),
    ]
    assert all("2025-03" in r[3] for r in reasons)


def test_target_by_start_and_end_date_gets_the_calendar_label(con, tmp_path):
    rows = [
        ["开始日期", "结束日期", "大区", "目标金额"],
        ["2025-01-01", "2025-03-31", "华东", "900"],
        ["2025-03-05", "2025-04-04", "华北", "100"],
    ]
    staged = stage_file(con, write_csv(tmp_path / "t.csv", rows))

    assert ok_rows(con, staged, "period, period_start, period_end, region") == [
        ("2025-Q1", D(2025, 1, 1), D(2025, 3, 31), "华东"),
        ("2025-03-05..2025-04-04", D(2025, 3, 5), D(2025, 4, 4), "华北"),
    ]


@pytest.mark.parametrize(
    "few_values", [stage.FEW_VALUES, 1], ids=["once per distinct cell", "cell by cell"]
)
def test_sales_kind_words_are_mapped_and_an_unknown_kind_rejects_the_row(
    con, tmp_path, monkeypatch, few_values
):
    monkeypatch.setattr(stage, "FEW_VALUES", few_values)
    rows = [
        ["日期", "客户", "金额", "类型"],
        ["2025-03-01", "甲", "1", "退货"],
        ["2025-03-01", "甲", "2", "Sell-Out"],
        ["2025-03-01", "甲", "3", "销售出库"],
        ["2025-03-01", "甲", "4", ""],
        ["2025-03-01", "甲", "5", "赠品"],
        ["2025-03-01", "甲", "6", " 退货 "],
        ["2025-03-01", "甲", "7", "-"],
    ]
    staged = stage_file(con, write_csv(tmp_path / "k.csv", rows))

    assert ok_rows(con, staged, "amount, kind") == [
        (1.0, "return"),
        (2.0, "sell_out"),
        (3.0, "sell_in"),
        (4.0, "sell_in"),
        (6.0, "return"),
        (7.0, "sell_in"),
    ]
    assert [(r[0], r[2]) for r in rejects(con, staged)] == [(6, "赠品")]


def test_kind_chosen_at_upload_applies_when_the_file_has_no_kind_column(con, tmp_path):
    rows = [["日期", "客户", "金额"], ["2025-03-01", "甲", "1"]]
    staged = stage_file(con, write_csv(tmp_path / "flow.csv", rows), kind="sell_out")

    assert ok_rows(con, staged, "kind") == [("sell_out",)]


def test_kind_chosen_at_upload_fills_blank_kind_cells_only(con, tmp_path):
    rows = [
        ["日期", "客户", "金额", "类型"],
        ["2025-03-01", "甲", "1", ""],
        ["2025-03-01", "乙", "1", "退货"],
    ]
    staged = stage_file(con, write_csv(tmp_path / "flow.csv", rows), kind="sell_out")

    assert ok_rows(con, staged, "kind") == [("sell_out",), ("return",)]


def test_visit_categories_in_chinese_and_english_and_unknown_words_reported(con, tmp_path):
    rows = [
        ["拜访日期", "业务员", "客户名称", "拜访方式", "拜访目的", "回款金额"],
        ["2025-03-03", "张三", "甲", "电话", "收款", "1,000"],
        ["2025-03-04", "李四", "乙", "On-site", "Market Research", ""],
        ["2025-03-05", "李四", "乙", "飞鸽传书", "闲聊", ""],
    ]
    staged = stage_file(con, write_csv(tmp_path / "v.csv", rows))

    assert ok_rows(con, staged, "type, purpose, collected_amount") == [
        ("call", "collection", 1000.0),
        ("visit", "market_research", None),
        ("visit", "other", None),
    ]
    assert staged.rejected == 0
    notes = " | ".join(staged.notes)
    assert "拜访方式: unrecognised values '飞鸽传书' read as visit" in notes
    assert "拜访目的: unrecognised values '闲聊' read as other" in notes


def test_complaint_category_and_severity_words(con, tmp_path):
    rows = [
        ["投诉编号", "投诉日期", "客户名称", "投诉类型", "严重程度"],
        ["C-1", "2025-03-01", "甲", "货物运输", "严重"],
        ["C-2", "2025-03-02", "乙", "产品质量", "一般"],
        ["C-3", "2025-03-03", "丙", "Billing", "Medium"],
    ]
    staged = stage_file(con, write_csv(tmp_path / "c.csv", rows))

    assert ok_rows(con, staged, "id, category, severity") == [
        ("C-1", "logistics", "high"),
        ("C-2", "product_quality", "low"),
        ("C-3", "contract", "medium"),
    ]


def test_customer_tier_and_channel_words(con, tmp_path):
    rows = [
        ["客户名称", "客户等级", "渠道"],
        ["甲", "A类", "经销商"],
        ["乙", "c", "KA"],
        ["丙", "B级", "商超"],
    ]
    staged = stage_file(con, write_csv(tmp_path / "cu.csv", rows))

    assert ok_rows(con, staged, "customer, tier, channel") == [
        ("甲", "A", "distributor"),
        ("乙", "C", "direct"),
        ("丙", "B", "retailer"),
    ]


def test_survey_scores_within_one_to_five_are_csat(con, tmp_path):
    rows = [["回访日期", "客户", "满意度"], ["2025-03-01", "甲", "4"], ["2025-03-02", "乙", "5"]]
    staged = stage_file(con, write_csv(tmp_path / "s.csv", rows))

    assert ok_rows(con, staged, "score, scale") == [(4.0, "csat"), (5.0, "csat")]


def test_survey_scale_is_nps_when_the_header_says_recommend(con, tmp_path):
    rows = [
        ["Survey Date", "Customer", "Likelihood to recommend"],
        ["2025-03-01", "A", "3"],
        ["2025-03-02", "B", "4"],
    ]
    staged = stage_file(con, write_csv(tmp_path / "n.csv", rows))

    assert ok_rows(con, staged, "score, scale") == [(3.0, "nps"), (4.0, "nps")]


def test_survey_scores_above_five_make_the_column_nps_and_out_of_scale_scores_are_rejected(
    con, tmp_path
):
    rows = [
        ["Survey Date", "Customer", "Score"],
        ["2025-03-01", "A", "9"],
        ["2025-03-02", "B", "0"],
        ["2025-03-03", "C", "11"],
    ]
    staged = stage_file(con, write_csv(tmp_path / "n.csv", rows))

    assert ok_rows(con, staged, "score, scale") == [(9.0, "nps"), (0.0, "nps")]
    assert rejects(con, staged) == [(4, "Score", "11", "is outside the 0-10 scale")]


TOTALS_LABELS = [
    "合计",
    "总计",
    "小计",
    "Total",
    "Subtotal",
    "Grand Total",
    "合 计：",
    "East Total",
    "共 25 条记录",
    "合计：3笔",
    "Total: 1,204 records",
    "华东 小计",
    "华北 汇总",
]


@pytest.mark.parametrize(
    "few_values", [stage.FEW_VALUES, 1], ids=["once per distinct cell", "cell by cell"]
)
def test_totals_and_subtotal_rows_are_dropped_and_their_rows_reported(
    con, tmp_path, monkeypatch, few_values
):
    # Past FEW_VALUES distinct cells a column is matched row by row, not per value.
    monkeypatch.setattr(stage, "FEW_VALUES", few_values)
    rows = [["Date", "Customer", "Region", "Amount"]]
    for label in TOTALS_LABELS:
        rows.append(["2025-03-01", "Acme", "East", "100"])
        rows.append([None, label, None, "100"])
    staged = stage_file(con, write_csv(tmp_path / "t.csv", rows))

    # Data rows are the even file rows 2, 4, ...; every totals row follows its data row.
    assert staged.totals_rows == [3 + 2 * i for i in range(len(TOTALS_LABELS))]
    assert staged.data_rows == len(TOTALS_LABELS)
    assert staged.rejected == 0
    assert con.execute(f"select sum(amount) from {staged.table} where _ok").fetchone()[
        0
    ] == 100 * len(TOTALS_LABELS)


def test_totals_label_in_the_first_column_of_a_workbook_is_dropped(con, tmp_path):
    rows = [
        ["2025年3月销售明细表"],
        ["单据日期", "客户名称", "销售金额（元）"],
        [D(2025, 3, 5), "华东经销商", 1234.5],
        [D(2025, 3, 6), "北京大客户", 2000],
        ["合计", None, 3234.5],
    ]
    staged = stage_file(
        con, write_xlsx(tmp_path / "x.xlsx", {"三月": rows}, merges={"三月": ["A1:C1"]})
    )

    assert staged.totals_rows == [5]
    assert ok_rows(con, staged, "customer, amount") == [
        ("华东经销商", 1234.5),
        ("北京大客户", 2000.0),
    ]


# Totals labels that hold a date or a number: a date column is matched only
# where no date was read, which is right as long as no date parser reads these.
DATED_LABELS = [
    "Total", "Total: 2025-03-01", "2025-03-01 合计", "Sum (2025/3/5)", "Total (5 Mar 2025)",
    "Grand Total: 3/5/2025", "Subtotal: 20250305", "2025年3月 小计", "45000 rows",
]  # fmt: skip


@pytest.mark.parametrize("label", DATED_LABELS)
def test_no_totals_label_reads_as_a_date_in_any_order(con, label):
    is_label = "select regexp_full_match(trim($cell), $re)"
    assert con.execute(is_label, {"cell": label, "re": stage.TOTALS_RE}).fetchone()[0]
    for order in values.DATE_ORDERS:
        date = f"select {values.date_sql('$cell::varchar', order)}"
        assert con.execute(date, {"cell": label}).fetchone()[0] is None


def test_a_totals_label_in_a_column_of_dates_drops_the_row(con, tmp_path):
    rows = [["Date", "Customer", "Amount"], ["2025-03-01", "Acme", "10"]]
    rows += [[label, None, "10"] for label in DATED_LABELS]
    staged = stage_file(con, write_csv(tmp_path / "d.csv", rows))

    assert staged.totals_rows == list(range(3, 3 + len(DATED_LABELS)))
    assert staged.data_rows == 1
    assert staged.rejected == 0


def test_text_cells_are_trimmed_and_blank_tokens_emptied_whether_or_not_the_column_is_clean(
    con, tmp_path, monkeypatch
):
    rows = [
        ["Date", "Customer", "Product", "Region", "Amount"],
        ["2025-03-01", "\u3000Acme ", "p1", "East", "1"],
        ["2025-03-02", "Bolt", "p2", "-", "2"],
        ["2025-03-03", "Cove", "p1", "West", "3"],
        ["2025-03-04", " " + "长" * 400 + " ", "p1", "West", "4"],  # past FEW_BYTES: row by row
        ["2025-03-05", "Dune", "p2", "\u2003", "5"],  # an em space: blank, not a region ''
    ]
    expected = [
        ("Acme", "p1", "East"),
        ("Bolt", "p2", None),
        ("Cove", "p1", "West"),
        ("长" * 400, "p1", "West"),
        ("Dune", "p2", None),
    ]
    path = write_csv(tmp_path / "x.csv", rows)

    assert ok_rows(con, stage_file(con, path), "customer, product, region") == expected
    monkeypatch.setattr(stage, "FEW_VALUES", 1)  # every cell tested on its own row
    assert ok_rows(con, stage_file(con, path), "customer, product, region") == expected


def test_customers_with_total_in_their_name_are_kept(con, tmp_path):
    rows = [
        ["Date", "Customer", "Amount"],
        ["2025-03-01", "Total Petroleum Co.", "10"],
        ["2025-03-02", "合计贸易有限公司", "5"],
        ["2025-03-03", "TotalMart", "1"],
    ]
    staged = stage_file(con, write_csv(tmp_path / "c.csv", rows))

    assert staged.totals_rows == []
    assert [r[0] for r in ok_rows(con, staged, "customer")] == [
        "Total Petroleum Co.",
        "合计贸易有限公司",
        "TotalMart",
    ]


def test_fully_blank_rows_and_columns_are_dropped(con, tmp_path):
    rows = [
        ["日期", None, "客户", "金额", None],
        ["2025-03-01", None, "甲", "1", None],
        [None, None, None, None, None],
        ["", "", " ", "", ""],
        ["2025-03-02", None, "乙", "2", None],
    ]
    staged = stage_file(con, write_csv(tmp_path / "b.csv", rows))

    assert staged.data_rows == 2
    assert staged.rejected == 0
    assert ok_rows(con, staged, "customer, amount, source_row") == [("甲", 1.0, 2), ("乙", 2.0, 5)]


def test_text_cells_are_trimmed(con, tmp_path):
    rows = [["日期", "客户", "金额", "业务员"], ["2025-03-01", "  甲公司 ", "1", " 张三"]]
    staged = stage_file(con, write_csv(tmp_path / "t.csv", rows))

    assert ok_rows(con, staged, "customer, rep") == [("甲公司", "张三")]


def test_amounts_under_a_header_in_wan_or_thousands_are_scaled_and_reported(con, tmp_path):
    rows = [
        ["大区", "季度", "任务额（万元）"],
        ["华东", "2025Q1", "120"],
        ["华南", "2025Q1", "80.5"],
    ]
    staged = stage_file(con, write_csv(tmp_path / "t.csv", rows))
    # 120 万 = 1,200,000; 80.5 万 = 805,000
    assert ok_rows(con, staged, "region, target") == [("华东", 1_200_000.0), ("华南", 805_000.0)]
    assert "任务额（万元）: amounts in 万, multiplied by 10,000" in staged.notes

    rows = [["Date", "Customer", "Sales (in thousands)"], ["2025-03-01", "Acme", "1.5"]]
    staged = stage_file(con, write_csv(tmp_path / "s.csv", rows))
    assert ok_rows(con, staged, "amount") == [(1500.0,)]


def test_a_quantity_header_with_a_unit_is_not_scaled(con, tmp_path):
    rows = [["日期", "客户", "金额", "数量（万件）"], ["2025-03-01", "甲", "100", "3"]]
    staged = stage_file(con, write_csv(tmp_path / "q.csv", rows))
    assert ok_rows(con, staged, "amount, quantity") == [(100.0, 3.0)]
