"""Files against what is already stored: sent twice, re-exported with a change,
meant for another dataset."""

from __future__ import annotations

import shutil

from salesdash import load
from tests.corpus.check import D, loaded, refused, rows, state
from tests.fixtures import write_csv, write_xlsx

HEADER = ["单据日期", "客户名称", "产品", "销售金额", "订单号"]
MARCH = [
    ["2025-03-05", "甲", "A100", "100", "SO-1"],
    ["2025-03-06", "乙", "A100", "200", "SO-2"],
    ["2025-03-07", "丙", "B200", "300", "SO-3"],
]


def test_the_same_file_twice_changes_nothing_and_names_the_earlier_upload(ws, files):
    path = write_csv(files / "march.csv", [HEADER, *MARCH])
    first = loaded(ws, path)
    before = state(ws)

    again = load.load_file(ws, path)

    assert again.status == "duplicate"
    upload = first.sheets[0].upload_id
    assert again.message.startswith(f"march.csv: identical to upload #{upload} (march.csv, ")
    assert again.message.endswith("); nothing changed.")
    assert state(ws) == before


def test_the_same_file_under_another_name_is_still_the_same_file(ws, files):
    path = write_csv(files / "march.csv", [HEADER, *MARCH])
    first = loaded(ws, path)
    copy = files / "march (1).csv"
    shutil.copyfile(path, copy)
    before = state(ws)

    again = load.load_file(ws, copy)

    assert again.status == "duplicate"
    assert f"identical to upload #{first.sheets[0].upload_id} (march.csv, " in again.message
    assert state(ws) == before


def test_rows_exported_again_with_one_changed_replace_the_stored_ones(ws, files):
    loaded(ws, write_csv(files / "march.csv", [HEADER, *MARCH]))
    changed = [row[:] for row in MARCH]
    changed[1][3] = "250"
    sales_before = ws.execute("select count(*) from sales").fetchone()[0]

    result = loaded(ws, write_csv(files / "march-v2.csv", [HEADER, *changed]))

    assert result.sheets[0].rows_replaced == 3
    assert ws.execute("select count(*) from sales").fetchone()[0] == sales_before
    assert ws.execute(
        "select order_id, amount from sales where order_id like 'SO-%' order by order_id"
    ).fetchall() == [("SO-1", 100.0), ("SO-2", 250.0), ("SO-3", 300.0)]


def test_refuses_a_sales_file_loaded_as_targets_naming_the_missing_columns(ws, files):
    path = write_csv(files / "march.csv", [HEADER, *MARCH])

    refused(
        ws,
        path,
        "march.csv: looks most like targets data but lacks the required column(s) period, target",
        "headers seen (row 1): 单据日期, 客户名称, 产品, 销售金额, 订单号",
        dataset="targets",
    )


def test_refuses_a_sheet_of_visits_without_customers_naming_what_is_missing(ws, files):
    sheet = [["拜访日期", "业务员", "拜访方式"], ["2025-03-05", "张三", "电话"]]
    path = write_xlsx(files / "visits.xlsx", {"拜访": sheet})

    refused(ws, path, "visits.xlsx [拜访]", "lacks the required column(s) customer")


def test_a_customer_list_loads_as_customers_not_sales(ws, files):
    sheet = [["客户名称", "客户等级", "区域"], ["甲", "A", "华东"], ["乙", "B", "华北"]]
    path = write_xlsx(files / "客户.xlsx", {"客户": sheet})

    result = loaded(ws, path)

    assert result.sheets[0].dataset == "customers"
    assert rows(ws, "customers", "customer, tier, region", result.sheets[0].upload_id) == [
        ("甲", "A", "华东"),
        ("乙", "B", "华北"),
    ]
    assert rows(ws, "sales", "date", result.sheets[0].upload_id) == []
    assert ws.execute("select min(date) from sales").fetchone() == (D(2025, 2, 3),)
