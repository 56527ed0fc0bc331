"""Cells as exports write them: amounts as text, mixed columns, negative
quantities, dates in every spelling, ambiguous, future and ancient dates."""

from __future__ import annotations

import datetime as dt

from tests.corpus.check import D, loaded, refused, rows
from tests.fixtures import write_csv, write_xlsx

HEADER = ["单据日期", "客户名称", "销售金额"]


def test_amounts_written_as_text_with_currency_separators_percent_brackets_and_full_width(
    ws, files
):
    amounts = [
        ("¥1,234.50", 1234.5),
        ("￥2,000", 2000.0),
        ("1,000", 1000.0),
        ("12.5%", 0.125),
        ("(1,234.00)", -1234.0),
        ("１２３４", 1234.0),
        ("￥５，６７８．９０", 5678.9),
        ("RMB 3,000", 3000.0),
        ("600元", 600.0),
        ("-50", -50.0),
    ]
    sheet = [HEADER] + [["2025-03-05", f"客户{i}", text] for i, (text, _) in enumerate(amounts)]
    path = write_xlsx(files / "amounts.xlsx", {"S": sheet})

    result = loaded(ws, path)

    assert [r[0] for r in rows(ws, "sales", "amount", result.sheets[0].upload_id)] == [
        value for _, value in amounts
    ]


def test_refuses_an_amount_in_ten_thousands_rather_than_guess_it(ws, files):
    # "5万元" is 50,000; read as 5 it would be wrong by four orders of magnitude.
    path = write_csv(files / "wan.csv", [HEADER, ["2025-03-05", "甲", "5万元"]])

    refused(ws, path, "wan.csv", "row 2, column 销售金额: '5万元' is not a number")


def test_a_column_of_mixed_numbers_and_text_keeps_the_numbers_and_rejects_the_words(ws, files):
    header = HEADER + ["数量"]
    filler = [["2025-03-05", "甲", 100, 1]] * 196
    special = [
        ["2025-03-06", "乙", 100, 5],  # a number
        ["2025-03-06", "丙", 100, "6"],  # a number stored as text
        ["2025-03-06", "丁", 100, "-"],  # "none", as Chinese sheets write it
        ["2025-03-06", "戊", 100, "N/A"],
        ["2025-03-06", "己", 100, "七"],  # a word: rejected
    ]
    path = write_xlsx(files / "mixed.xlsx", {"S": [header, *filler, *special]})

    result = loaded(ws, path)

    [res] = result.sheets
    assert (res.rows_loaded, res.rows_rejected) == (200, 1)
    assert res.rejects == "row 202, column 数量: '七' is not a number"
    assert rows(ws, "sales", "customer, quantity", res.upload_id)[-4:] == [
        ("乙", 5.0),
        ("丙", 6.0),
        ("丁", None),
        ("戊", None),
    ]


def test_negative_quantities_and_amounts_are_stored_as_negative(ws, files):
    sheet = [
        HEADER + ["数量", "订单号"],
        ["2025-03-05", "甲", 300, 3, "SO-1"],
        ["2025-03-06", "甲", -300, -3, "SO-1R"],
        ["2025-03-07", "乙", "(200)", "(2)", "SO-2R"],
    ]
    path = write_xlsx(files / "returns.xlsx", {"S": sheet})

    result = loaded(ws, path)

    assert rows(ws, "sales", "amount, quantity, kind", result.sheets[0].upload_id) == [
        (300.0, 3.0, "sell_in"),
        (-300.0, -3.0, "sell_in"),
        (-200.0, -2.0, "sell_in"),
    ]


def test_dates_as_serials_excel_dates_and_text_in_every_common_spelling(ws, files):
    dates = [
        (45721, D(2025, 3, 5)),  # Excel serial: 45658 is 2025-01-01, plus 31 + 28 + 4
        (dt.datetime(2025, 3, 6), D(2025, 3, 6)),  # a real date cell
        ("2025-03-07", D(2025, 3, 7)),
        ("2025/3/8", D(2025, 3, 8)),
        ("2025.03.09", D(2025, 3, 9)),
        ("2025年3月10日", D(2025, 3, 10)),
        ("20250311", D(2025, 3, 11)),
        ("12-Mar-2025", D(2025, 3, 12)),
        ("2025-03-13 14:30:00", D(2025, 3, 13)),
    ]
    sheet = [HEADER] + [[cell, f"客户{i}", 100] for i, (cell, _) in enumerate(dates)]
    path = write_xlsx(files / "dates.xlsx", {"S": sheet})

    result = loaded(ws, path)

    assert [r[0] for r in rows(ws, "sales", "date", result.sheets[0].upload_id)] == [
        day for _, day in dates
    ]


def test_ambiguous_day_month_dates_are_read_month_first_and_the_note_says_so(ws, files):
    path = write_csv(files / "us.csv", [HEADER, ["3/5/2025", "甲", 1], ["4/6/2025", "乙", 2]])

    result = loaded(ws, path)

    assert rows(ws, "sales", "date", result.sheets[0].upload_id) == [
        (D(2025, 3, 5),),
        (D(2025, 4, 6),),
    ]
    assert result.notes == [
        "us.csv: 单据日期: ambiguous: all day and month values ≤ 12; assumed month-first "
        "(3/5/2025 = March 5)"
    ]


def test_one_day_above_12_settles_the_whole_column_day_first(ws, files):
    path = write_csv(files / "uk.csv", [HEADER, ["3/5/2025", "甲", 1], ["25/3/2025", "乙", 2]])

    result = loaded(ws, path)

    assert rows(ws, "sales", "date", result.sheets[0].upload_id) == [
        (D(2025, 5, 3),),
        (D(2025, 3, 25),),
    ]
    assert result.notes == ["uk.csv: 单据日期: day-first: 25/3/2025 can only be day/month/year"]


def test_refuses_sales_dated_in_the_future_naming_the_row(ws, files):
    # A typo for 2025; loaded, it would also move the review date to 2099.
    path = write_csv(files / "typo.csv", [HEADER, ["2025-03-05", "甲", 1], ["2099-03-05", "乙", 2]])

    refused(
        ws,
        path,
        "typo.csv: 1 of 2 rows",
        f"row 3, column 单据日期: '2099-03-05' is in the future (today is {dt.date.today()})",
    )


def test_sales_dated_today_load(ws, files):
    today = dt.date.today()
    path = write_csv(files / "today.csv", [HEADER, [today.isoformat(), "甲", 1]])

    result = loaded(ws, path)

    assert rows(ws, "sales", "date", result.sheets[0].upload_id) == [(today,)]


def test_planned_visits_in_the_future_load(ws, files):
    later = dt.date.today() + dt.timedelta(days=30)
    path = write_csv(
        files / "plan.csv", [["拜访日期", "业务员", "客户"], [later.isoformat(), "张三", "甲"]]
    )

    result = loaded(ws, path)

    assert rows(ws, "visits", "date, rep, customer", result.sheets[0].upload_id) == [
        (later, "张三", "甲")
    ]


def test_refuses_sales_before_1990_naming_each_row(ws, files):
    sheet = [HEADER, ["1990-01-01", "甲", 1], ["1989-12-31", "乙", 2], [1, "丙", 3]]
    path = write_xlsx(files / "old.xlsx", {"S": sheet})

    refused(
        ws,
        path,
        "old.xlsx [S]: 2 of 3 rows",
        "row 3, column 单据日期: '1989-12-31' is before 1990",
        "row 4, column 单据日期: '1' is before 1990",  # serial 1 is 1900-01-01
    )
