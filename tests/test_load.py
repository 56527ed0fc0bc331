"""Loading files into the workspace: one transaction per file, thresholds, duplicates, replacement, removal."""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile

import pandas as pd
import pytest

from salesdash import load, stage, store
from tests.fixtures import bulk_sales_rows, write_csv, write_xls, write_xlsx

D = dt.date
MARCH_GBK = [
    ["2025年3月销售明细表"],
    [],
    ["单据日期", "客户名称", "产品", "销售金额（元）", "数量", "订单号"],
    ["2025/3/5", "华东经销商", "A100", "1,234.50", "10", "SO-1"],
    ["2025.03.06", "北京大客户", "B200", "￥2,000", "5", "SO-2"],
    ["2025年3月7日", "上海门店", "A100", "(100.00)", "-1", "SO-3"],
    ["合计", "", "", "3,134.50", "14", ""],
]


def snapshot(con):
    """Everything a refused load must leave as it was: row counts and every stored row."""
    tables = {
        name: con.execute(f'select * from "{name}" order by all').fetchall()
        for name in store.row_counts(con)
    }
    return store.row_counts(con), tables


def test_gbk_csv_with_chinese_headers_loads_every_row(con, tmp_path):
    path = write_csv(tmp_path / "三月明细.csv", MARCH_GBK, encoding="gbk")

    result = load.load_file(con, path)

    assert result.status == "loaded"
    assert result.message == (
        "三月明细.csv: sales, 3 rows loaded, 0 rejected, 1 totals rows dropped (upload #1)"
    )
    assert con.execute(
        "select date, customer, product, amount, quantity, order_id, kind, source_row from sales order by source_row"
    ).fetchall() == [
        (D(2025, 3, 5), "华东经销商", "A100", 1234.5, 10.0, "SO-1", "sell_in", 4),
        (D(2025, 3, 6), "北京大客户", "B200", 2000.0, 5.0, "SO-2", "sell_in", 5),
        (D(2025, 3, 7), "上海门店", "A100", -100.0, -1.0, "SO-3", "sell_in", 6),
    ]


def test_each_load_is_recorded_in_the_upload_history(con, tmp_path):
    path = write_csv(tmp_path / "三月明细.csv", MARCH_GBK, encoding="gbk")
    before = dt.datetime.now().replace(microsecond=0)

    load.load_file(con, path)

    [(up_id, name, sheet, digest, dataset, loaded, rejected, at)] = con.execute(
        "select id, file_name, sheet, content_hash, dataset, rows_loaded, rows_rejected, loaded_at from uploads"
    ).fetchall()
    assert (up_id, name, sheet, dataset, loaded, rejected) == (
        1,
        "三月明细.csv",
        None,
        "sales",
        3,
        0,
    )
    assert digest == hashlib.sha256(path.read_bytes()).hexdigest()
    assert before <= at <= dt.datetime.now()
    assert con.execute("select distinct upload_id from sales").fetchall() == [(1,)]


def test_every_sheet_of_a_workbook_loads_with_its_own_upload_entry(con, tmp_path):
    path = write_xlsx(
        tmp_path / "周报.xlsx",
        {
            "说明": [["本报表由系统导出"], ["请勿修改"]],
            "销售": [
                ["Order Date", "Cust. Name", "Sales Amount"],
                [D(2025, 3, 3), "Acme", 100],
                [D(2025, 3, 4), "Beta", 50],
            ],
            "客户": [["客户名称", "客户等级", "渠道"], ["Acme", "A类", "经销商"]],
            "旧数据": [["Order Date", "Cust. Name", "Sales Amount"], [D(2024, 1, 1), "Old", 1]],
        },
        hidden=["旧数据"],
    )

    result = load.load_file(con, path)

    assert result.status == "loaded"
    assert result.message.splitlines() == [
        "周报.xlsx [销售]: sales, 2 rows loaded, 0 rejected (upload #1)",
        "周报.xlsx [客户]: customers, 1 rows loaded, 0 rejected (upload #2)",
    ]
    assert con.execute(
        "select id, sheet, dataset, rows_loaded from uploads order by id"
    ).fetchall() == [
        (1, "销售", "sales", 2),
        (2, "客户", "customers", 1),
    ]
    assert con.execute("select customer, tier, channel from customers").fetchall() == [
        ("Acme", "A", "distributor")
    ]
    assert con.execute("select sum(amount) from sales").fetchone()[0] == 150


def test_legacy_xls_loads(con, tmp_path):
    rows = [
        ["拜访日期", "业务员", "客户名称", "拜访方式"],
        [D(2025, 3, 3), "张三", "甲", "电话"],
        [D(2025, 3, 4), "李四", "乙", "上门"],
    ]
    path = write_xls(tmp_path / "拜访记录.xls", {"Sheet1": rows})

    result = load.load_file(con, path)

    assert result.status == "loaded"
    assert con.execute("select date, rep, customer, type from visits order by date").fetchall() == [
        (D(2025, 3, 3), "张三", "甲", "call"),
        (D(2025, 3, 4), "李四", "乙", "visit"),
    ]


def test_planning_writes_nothing_until_commit(con, tmp_path):
    path = write_csv(tmp_path / "s.csv", MARCH_GBK, encoding="gbk")
    before = snapshot(con)

    plan = load.plan_file(con, path)

    assert plan.refused is None
    assert [s.dataset for s in plan.loadable] == ["sales"]
    assert snapshot(con) == before
    assert load.commit(con, plan).status == "loaded"
    assert store.row_counts(con)["sales"] == 3


def test_few_unreadable_rows_are_rejected_and_the_file_still_loads(con, tmp_path):
    rows = bulk_sales_rows(200)
    rows[50][3] = "abc"  # file row 51
    rows[120][0] = "2025-02-30"  # file row 121
    path = write_csv(tmp_path / "bulk.csv", rows)

    result = load.load_file(con, path)

    assert result.status == "loaded"  # 2 of 200 = 1%, not above the limit
    [sheet] = result.sheets
    assert (sheet.rows_loaded, sheet.rows_rejected) == (198, 2)
    assert "bulk.csv: sales, 198 rows loaded, 2 rejected" in result.message
    assert "row 51, column Sales Amount: 'abc' is not a number" in result.message
    assert "row 121, column Order Date: '2025-02-30' is not a date" in result.message
    assert store.row_counts(con)["sales"] == 198
    assert con.execute("select sum(amount) from sales").fetchone()[0] == 198 * 100
    assert con.execute("select rows_loaded, rows_rejected from uploads").fetchall() == [(198, 2)]


def test_too_many_unreadable_rows_refuse_the_file_and_change_nothing(con, tmp_path):
    load.load_file(con, write_csv(tmp_path / "first.csv", MARCH_GBK, encoding="gbk"))
    before = snapshot(con)
    rows = bulk_sales_rows(200, seed=3)
    for r in (10, 11, 12):
        rows[r][3] = "n/a?"
    path = write_csv(tmp_path / "second.csv", rows)

    result = load.load_file(con, path)

    assert result.status == "refused"
    assert snapshot(con) == before
    msg = result.message
    assert msg.startswith(
        "refused, nothing loaded: second.csv: 3 of 200 rows (1.5%) cannot be read, above the 1% limit."
    )
    assert "row 11, column Sales Amount: 'n/a?' is not a number" in msg


def _amounts_csv(path, lines: dict[int, str], n: int = 200):
    """A comma CSV of `n` rows worth 100 each, with `lines` (file row -> text) put in as typed."""
    body = [f"2025-03-{1 + i % 28:02d},Acme,100" for i in range(n)]
    for row, text in lines.items():
        body[row - 2] = text
    path.write_text("Order Date,Customer,Sales Amount\n" + "\n".join(body) + "\n", "utf-8")
    return path


@pytest.mark.parametrize("row", [11, 150], ids=["in the preview", "past the preview"])
def test_a_row_with_a_cell_past_the_header_is_rejected_not_cut_short(con, tmp_path, row):
    # An unquoted thousands separator: read up to the header's three columns,
    # the row would load 1 instead of 1,234; "1,234,567" puts two cells past it.
    path = _amounts_csv(
        tmp_path / "a.csv", {row: "2025-03-02,Beta,1,234", 180: "2025-03-03,Crown,1,234,567"}
    )

    result = load.load_file(con, path)

    assert result.status == "loaded"  # 2 of 200, not above the 1% limit
    assert (result.sheets[0].rows_loaded, result.sheets[0].rows_rejected) == (198, 2)
    assert f"row {row}, column D: '234' is a cell past the header's 3 columns" in result.message
    assert "row 180, column D: '234'" in result.message
    assert con.execute("select count(*), sum(amount) from sales").fetchone() == (198, 198 * 100)


def test_an_empty_cell_past_the_header_is_no_reason_to_reject(con, tmp_path):
    # Exports that end every data row with a separator: the cell past the header is empty.
    path = _amounts_csv(
        tmp_path / "t.csv", {r: f"2025-03-0{1 + r % 9},Acme,100," for r in range(2, 202)}
    )

    result = load.load_file(con, path)

    assert (result.sheets[0].rows_loaded, result.sheets[0].rows_rejected) == (200, 0)


def test_reject_threshold_can_be_raised_per_load(con, tmp_path):
    rows = bulk_sales_rows(200, seed=3)
    for r in (10, 11, 12):
        rows[r][3] = "n/a?"
    path = write_csv(tmp_path / "bulk.csv", rows)

    result = load.load_file(con, path, threshold=0.05)

    assert result.status == "loaded"
    assert store.row_counts(con)["sales"] == 197


def test_a_small_file_with_one_bad_row_is_refused_naming_file_row_column_and_reason(con, tmp_path):
    rows = [
        ["Order Date", "Customer", "Amount"],
        ["2025-03-01", "Acme", "10"],
        ["2025-03-02", "Beta", "ten"],
    ]
    path = write_csv(tmp_path / "small.csv", rows)

    result = load.load_file(con, path)

    assert result.status == "refused"
    assert "small.csv" in result.message
    assert "row 3, column Amount: 'ten' is not a number" in result.message
    assert store.row_counts(con)["uploads"] == 0


def test_one_unloadable_sheet_refuses_the_whole_workbook(con, tmp_path):
    path = write_xlsx(
        tmp_path / "book.xlsx",
        {
            "Sales": [["Date", "Customer", "Amount"], [D(2025, 3, 1), "Acme", 5]],
            "Targets": [["Month", "Rep", "Target"], ["someday", "Ann", 100]],
        },
    )
    before = snapshot(con)

    result = load.load_file(con, path)

    assert result.status == "refused"
    assert "book.xlsx [Targets]" in result.message
    assert "row 2, column Month: 'someday' is not a period" in result.message
    assert snapshot(con) == before


def test_failure_while_storing_rolls_back_every_sheet_of_the_file(con, tmp_path, monkeypatch):
    load.load_file(con, write_csv(tmp_path / "first.csv", MARCH_GBK, encoding="gbk"))
    before = snapshot(con)
    path = write_xlsx(
        tmp_path / "book.xlsx",
        {
            "Sales": [
                ["Date", "Customer", "Product", "Amount", "Order No"],
                [D(2025, 3, 8), "华东经销商", "A100", 5, "SO-1"],  # replaces a stored line
            ],
            "Customers": [["Customer"], ["Acme"]],
        },
    )
    real_store = load._store_sheet
    calls = []

    def store_then_fail(con_, plan, sp, *rest):
        calls.append(sp.label)
        if len(calls) == 2:
            # Mid-transaction the first sheet has already replaced the stored SO-1 line.
            so1 = con_.execute("select amount from sales where order_id = 'SO-1'").fetchall()
            assert so1 == [(5.0,)]
            raise OSError("disk full")
        return real_store(con_, plan, sp, *rest)

    monkeypatch.setattr(load, "_store_sheet", store_then_fail)

    with pytest.raises(OSError, match="disk full"):
        load.load_file(con, path)

    assert calls == ["book.xlsx [Sales]", "book.xlsx [Customers]"]
    assert snapshot(con) == before  # the replaced SO-1 line is back, the new one gone


def test_identical_file_again_changes_nothing_and_names_the_earlier_upload(con, tmp_path):
    path = write_csv(tmp_path / "三月.csv", MARCH_GBK, encoding="gbk")
    load.load_file(con, path)
    before = snapshot(con)

    again = load.load_file(con, path)
    renamed = tmp_path / "copy of 三月.csv"
    renamed.write_bytes(path.read_bytes())
    copy = load.load_file(con, renamed)

    assert again.status == copy.status == "duplicate"
    assert again.message.startswith("三月.csv: identical to upload #1 (三月.csv, ")
    assert again.message.endswith("nothing changed.")
    assert copy.message.startswith("copy of 三月.csv: identical to upload #1 (三月.csv, ")
    assert snapshot(con) == before


@pytest.mark.parametrize("kind", ["csv", "workbook"])
def test_an_identical_file_is_found_once_read_and_nothing_of_it_is_kept(con, tmp_path, kind):
    # Its hash is worked out while DuckDB reads it, so the plan knows only then.
    if kind == "csv":
        path = write_csv(tmp_path / "m.csv", MARCH_GBK, encoding="gbk")
    else:
        rows = [["日期", "客户", "金额"], ["2025-03-01", "甲", 10]]
        path = write_xlsx(tmp_path / "m.xlsx", {"一": rows, "二": rows})
    load.load_file(con, path)

    again = load.plan_file(con, path)

    assert again.duplicate_of[0] == 1 and again.sheets == [] and again.refused is None
    assert con.execute("select count(*) from duckdb_tables() where temporary").fetchone() == (0,)


def test_a_refused_file_is_not_remembered_as_loaded(con, tmp_path):
    rows = [["Date", "Customer", "Amount"], ["2025-03-01", "Acme", "ten"]]
    path = write_csv(tmp_path / "bad.csv", rows)

    first = load.load_file(con, path)
    second = load.load_file(con, path)

    assert first.status == second.status == "refused"


def test_same_order_and_product_replace_the_rows_stored_earlier(con, tmp_path):
    header = ["Order Date", "Customer", "Product", "Amount", "Order No"]
    week1 = write_csv(
        tmp_path / "week1.csv",
        [
            header,
            ["2025-03-01", "Acme", "P-1", "100", "SO-1"],
            ["2025-03-01", "Acme", "P-2", "200", "SO-1"],
            ["2025-03-02", "Beta", "P-1", "300", "SO-2"],
            ["2025-03-02", "Crown", "P-1", "400", ""],
        ],
    )
    week2 = write_csv(
        tmp_path / "week2.csv",
        [
            header,
            ["2025-03-01", "Acme", "P-1", "150", "SO-1"],  # amended line: replaces
            ["2025-03-09", "Delta", "P-3", "500", "SO-3"],  # new order
            ["2025-03-09", "Crown", "P-1", "400", ""],  # no order number: never replaces
        ],
    )
    load.load_file(con, week1)

    result = load.load_file(con, week2)

    assert result.sheets[0].rows_replaced == 1
    assert "1 earlier rows replaced" in result.message
    assert con.execute(
        "select order_id, product, amount, upload_id from sales order by order_id nulls last, product, amount"
    ).fetchall() == [
        ("SO-1", "P-1", 150.0, 2),
        ("SO-1", "P-2", 200.0, 1),
        ("SO-2", "P-1", 300.0, 1),
        ("SO-3", "P-3", 500.0, 2),
        (None, "P-1", 400.0, 1),
        (None, "P-1", 400.0, 2),
    ]
    assert con.execute("select id, rows_replaced from uploads order by id").fetchall() == [
        (1, 0),
        (2, 1),
    ]


def test_customer_list_loaded_again_replaces_each_customer(con, tmp_path):
    load.load_file(
        con, write_csv(tmp_path / "c1.csv", [["客户名称", "客户等级"], ["甲", "A"], ["乙", "B"]])
    )

    load.load_file(
        con, write_csv(tmp_path / "c2.csv", [["客户名称", "客户等级"], ["乙", "A"], ["丙", "C"]])
    )

    assert con.execute("select customer, tier from customers order by customer").fetchall() == [
        ("丙", "C"),
        ("乙", "A"),
        ("甲", "A"),
    ]


def test_removing_an_upload_deletes_its_rows_and_its_history_entry(con, tmp_path):
    first = load.load_file(con, write_csv(tmp_path / "a.csv", MARCH_GBK, encoding="gbk"))
    second_path = write_csv(tmp_path / "b.csv", bulk_sales_rows(4))
    load.load_file(con, second_path)

    removed = load.remove_upload(con, first.sheets[0].upload_id)

    assert removed == 3
    assert con.execute("select distinct upload_id from sales").fetchall() == [(2,)]
    assert con.execute("select id from uploads").fetchall() == [(2,)]
    assert store.row_counts(con)["sales"] == 4


def test_a_removed_file_can_be_loaded_again(con, tmp_path):
    path = write_csv(tmp_path / "a.csv", MARCH_GBK, encoding="gbk")
    load.load_file(con, path)
    load.remove_upload(con, 1)

    result = load.load_file(con, path)

    assert result.status == "loaded"
    assert store.row_counts(con)["sales"] == 3


def test_removing_an_unknown_upload_says_so(con):
    with pytest.raises(KeyError, match="no upload #42"):
        load.remove_upload(con, 42)


def test_missing_required_column_refuses_naming_it_and_the_headers_seen(con, tmp_path):
    rows = [
        ["销售明细"],
        ["单据日期", "客户名称", "产品", "数量"],
        ["2025-03-01", "甲", "A100", "3"],
    ]
    path = write_csv(tmp_path / "noamount.csv", rows)

    result = load.load_file(con, path)

    assert result.status == "refused"
    assert "lacks the required column(s) amount" in result.message
    assert "headers seen (row 2): 单据日期, 客户名称, 产品, 数量" in result.message
    assert store.row_counts(con)["uploads"] == 0


def test_dataset_chosen_by_argument_is_checked_against_its_required_columns(con, tmp_path):
    path = write_csv(tmp_path / "s.csv", [["日期", "客户", "金额"], ["2025-03-01", "甲", "1"]])

    result = load.load_file(con, path, dataset="targets")

    assert result.status == "refused"
    assert "targets data but lacks the required column(s) period, target" in result.message
    assert "日期, 客户, 金额" in result.message


def test_dataset_chosen_by_argument_overrides_recognition(con, tmp_path):
    # 日期 + 客户 + 业务员 looks like visits; the user says it is the customer list.
    path = write_csv(tmp_path / "c.csv", [["日期", "客户", "业务员"], ["2025-03-01", "甲", "张三"]])

    result = load.load_file(con, path, dataset="customers")

    assert result.status == "loaded"
    assert con.execute("select customer, rep from customers").fetchall() == [("甲", "张三")]
    assert store.row_counts(con)["visits"] == 0


def test_mapping_can_be_overridden_by_argument(con, tmp_path):
    rows = [["日期", "客户", "金额", "不含税金额"], ["2025-03-01", "甲", "113", "100"]]
    path = write_csv(tmp_path / "s.csv", rows)

    load.load_file(con, path, overrides={None: {"amount": "不含税金额"}})

    assert con.execute("select amount from sales").fetchall() == [(100.0,)]


def test_sheet_dataset_and_columns_can_be_overridden_per_sheet(con, tmp_path):
    rows = [["Name", "Grade", "Area"], ["Acme", "B", "East"]]
    path = write_xlsx(tmp_path / "list.xlsx", {"List": rows})

    result = load.load_file(
        con,
        path,
        overrides={
            "List": {"_dataset": "customers", "customer": "Name", "tier": 1, "region": "Area"}
        },
    )

    assert result.status == "loaded"
    assert con.execute("select customer, tier, region from customers").fetchall() == [
        ("Acme", "B", "East")
    ]


def test_kind_chosen_at_upload_is_stored(con, tmp_path):
    path = write_csv(
        tmp_path / "flow.csv", [["日期", "经销商", "金额"], ["2025-03-01", "甲", "10"]]
    )

    load.load_file(con, path, kind="sell_out")

    assert con.execute("select kind from sales").fetchall() == [("sell_out",)]


def test_sheet_with_only_a_header_and_totals_is_refused(con, tmp_path):
    path = write_csv(tmp_path / "empty.csv", [["日期", "客户", "金额"], ["合计", "", "0"]])

    result = load.load_file(con, path)

    assert result.status == "refused"
    assert "no data rows below the header (row 1)" in result.message


def test_file_without_any_known_header_is_refused_showing_its_first_row(con, tmp_path):
    path = write_csv(tmp_path / "misc.csv", [["Warehouse", "Bin", "Shelf"], ["W1", "B1", "S1"]])

    result = load.load_file(con, path)

    assert result.status == "refused"
    assert "no sheet holds a dataset this app knows" in result.message
    assert "Warehouse, Bin, Shelf" in result.message


def test_unreadable_file_is_refused_with_the_readers_message(con, tmp_path):
    path = tmp_path / "report.xlsx"
    path.write_text("not really a workbook", encoding="utf-8")

    result = load.load_file(con, path)

    assert result.status == "refused"
    assert "report.xlsx: this is not an Excel workbook" in result.message
    assert store.row_counts(con)["uploads"] == 0


def test_a_return_booked_against_an_order_does_not_replace_the_sale(con, tmp_path):
    header = ["日期", "客户", "产品", "金额", "订单号", "类型"]
    load.load_file(
        con,
        write_csv(
            tmp_path / "w1.csv", [header, ["2025-03-01", "甲", "P-1", "100", "SO-1", "销售"]]
        ),
    )

    result = load.load_file(
        con,
        write_csv(
            tmp_path / "w2.csv", [header, ["2025-03-08", "甲", "P-1", "-20", "SO-1", "退货"]]
        ),
    )

    assert result.sheets[0].rows_replaced == 0
    assert con.execute("select kind, amount from sales order by amount").fetchall() == [
        ("return", -20.0),
        ("sell_in", 100.0),
    ]


def test_targets_loaded_again_replace_the_same_period_and_scope(con, tmp_path):
    header = ["月份", "业务员", "目标"]
    load.load_file(
        con,
        write_csv(
            tmp_path / "t1.csv", [header, ["2025-03", "张三", "100"], ["2025-03", "李四", "200"]]
        ),
    )

    load.load_file(
        con,
        write_csv(
            tmp_path / "t2.csv", [header, ["2025年3月", "张三", "150"], ["2025-04", "张三", "120"]]
        ),
    )

    assert con.execute(
        "select period, rep, target from targets order by period, rep"
    ).fetchall() == [
        ("2025-03", "张三", 150.0),
        ("2025-03", "李四", 200.0),
        ("2025-04", "张三", 120.0),
    ]


def test_complaint_exported_again_with_its_closing_date_replaces_the_open_one(con, tmp_path):
    header = ["投诉编号", "投诉日期", "客户名称", "结案日期"]
    load.load_file(con, write_csv(tmp_path / "c1.csv", [header, ["C-7", "2025-03-01", "甲", ""]]))

    load.load_file(
        con, write_csv(tmp_path / "c2.csv", [header, ["C-7", "2025-03-01", "甲", "2025-03-04"]])
    )

    assert con.execute("select id, opened, closed from complaints").fetchall() == [
        ("C-7", D(2025, 3, 1), D(2025, 3, 4))
    ]


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter", "bom"),
    [
        ("gbk.csv", "gbk", ",", False),
        ("gb18030.csv", "gb18030", ",", False),
        ("bom-semicolon.csv", "utf-8", ";", True),
        ("tabs.tsv", "utf-8", "\t", False),
        ("unicode.txt", "utf-16", "\t", False),
    ],
)
def test_csv_in_every_encoding_and_delimiter_loads_the_same_rows(
    con, tmp_path, name, encoding, delimiter, bom
):
    rows = [
        ["客户拜访记录 2025年3月"],
        ["拜访日期", "业务员", "客户名称", "拜访方式", "回款金额（元）"],
        ["2025/3/3", "张三", "华东经销商", "电话", "￥1,000"],
        ["2025/3/4", "李四", "北京大客户", "上门拜访", ""],
        ["合计", "", "", "", "1,000"],
    ]
    path = write_csv(tmp_path / name, rows, encoding=encoding, delimiter=delimiter, bom=bom)

    result = load.load_file(con, path)

    assert result.status == "loaded", result.message
    assert con.execute(
        "select date, rep, customer, type, collected_amount, source_row from visits order by date"
    ).fetchall() == [
        (D(2025, 3, 3), "张三", "华东经销商", "call", 1000.0, 3),
        (D(2025, 3, 4), "李四", "北京大客户", "visit", None, 4),
    ]


def test_workbook_with_header_in_row_7_merged_title_and_totals_reports_excel_row_numbers(
    con, tmp_path
):
    rows = [
        ["华东区销售流向报表"],
        ["公司：某某食品有限公司"],
        ["期间：2025-03-01 至 2025-03-31"],
        ["制表人：张三"],
        [None],
        ["单位：元"],
        ["Order Date", "Cust. Name", "销售金额（元）", "类型", "Order No"],
    ]
    rows += [
        [45717 + i, f"客户{i}", 100, "纯销", f"SO-{i}"] for i in range(150)
    ]  # 2025-03-01 onwards
    rows[7 + 42][2] = "一百"  # Excel row 50
    rows.append(["合计", None, 15000, None, None])
    path = write_xlsx(tmp_path / "流向.xlsx", {"3月": rows}, merges={"3月": ["A1:E1"]})

    result = load.load_file(con, path)

    assert result.status == "loaded"
    assert result.message.startswith(
        "流向.xlsx [3月]: sales, 149 rows loaded, 1 rejected, 1 totals rows dropped (upload #1); "
        "rejected: row 50, column 销售金额（元）: '一百' is not a number"
    )
    assert con.execute("select min(date), max(date), sum(amount), min(kind), max(kind) from sales").fetchone() == (
        D(2025, 3, 1), D(2025, 7, 28), 14900.0, "sell_out", "sell_out",
    )  # fmt: skip
    assert con.execute("select source_row from sales where order_id = 'SO-0'").fetchone() == (8,)


def test_two_row_merged_header_workbook_loads_the_tax_inclusive_amount(con, tmp_path):
    rows = [
        ["2025年3月销售明细"],
        ["日期", "客户", "金额", None, "数量"],
        [None, None, "含税", "不含税", None],
        [D(2025, 3, 5), "甲", 113, 100, 1],
        [D(2025, 3, 6), "乙", 226, 200, 2],
    ]
    merges = {"S": ["A1:E1", "A2:A3", "B2:B3", "C2:D2", "E2:E3"]}
    path = write_xlsx(tmp_path / "two.xlsx", {"S": rows}, merges=merges)

    result = load.load_file(con, path)

    assert result.status == "loaded"
    assert con.execute(
        "select date, customer, amount, quantity, source_row from sales order by date"
    ).fetchall() == [
        (D(2025, 3, 5), "甲", 113.0, 1.0, 4),
        (D(2025, 3, 6), "乙", 226.0, 2.0, 5),
    ]


def test_date_order_decided_for_a_column_is_in_the_plan_notes(con, tmp_path):
    rows = [["Order Date", "Customer", "Amount"], ["5/3/2025", "A", "1"], ["25/3/2025", "B", "1"]]
    plan = load.plan_file(con, write_csv(tmp_path / "eu.csv", rows))

    [sheet] = plan.sheets
    assert any(n.startswith("Order Date: day-first: 25/3/2025") for n in sheet.notes)
    load.commit(con, plan)
    assert con.execute("select date from sales order by date").fetchall() == [
        (D(2025, 3, 5),),
        (D(2025, 3, 25),),
    ]


def test_transcoded_copies_are_deleted_whether_the_file_loads_or_not(con, tmp_path, monkeypatch):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    good = write_csv(tmp_path / "good.csv", MARCH_GBK, encoding="gbk")
    notes = write_csv(tmp_path / "notes.csv", [["备注"], ["本月无数据"]], encoding="gbk")
    gaps = tmp_path / "gaps.csv"
    gaps.write_text("日期,客户,金额\n2025-03-01,甲,1\n\n2025-03-02,乙,2\n", encoding="utf-8")

    results = [load.load_file(con, p).status for p in (good, notes, gaps)]

    assert results == ["loaded", "refused", "loaded"]
    assert list(scratch.iterdir()) == []


def test_an_upload_is_planned_from_its_bytes_under_a_generated_name_then_deleted(
    con, tmp_path, monkeypatch
):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    data = write_csv(tmp_path / "m.csv", MARCH_GBK, encoding="gbk").read_bytes()

    plan = load.plan_upload(con, data, "../../etc/三月明细.csv")

    assert plan.file_name == "../../etc/三月明细.csv"
    assert plan.sheets[0].label == "../../etc/三月明细.csv"
    assert plan.sheets[0].staged.data_rows == 3
    assert list(scratch.iterdir()) == []  # nothing left on disk, nothing written beside it
    assert load.commit(con, plan).status == "loaded"


def test_the_preview_shows_the_first_rows_as_parsed_with_their_fate(con, tmp_path):
    rows = [*MARCH_GBK[:4], ["2025-03-08", "乙", "A100", "abc", "1", "SO-9"], MARCH_GBK[-1]]
    plan = load.plan_file(con, write_csv(tmp_path / "m.csv", rows), threshold=1)
    [sheet] = plan.sheets

    frame = load.preview(con, sheet, n=3)

    assert list(frame.columns[:4]) == ["row", "date", "customer", "amount"]
    assert frame["_status"].tolist() == ["ok", "rejected", "total"]
    assert frame["row"].tolist() == [4, 5, 6]
    assert frame.loc[0, "amount"] == 1234.5
    assert frame.loc[0, "kind"] == "sell_in"  # the default the load will store
    assert load.preview(con, sheet, n=1)["row"].tolist() == [4]


def test_a_sheet_without_staged_rows_previews_as_an_empty_table(con, tmp_path):
    path = write_xlsx(tmp_path / "w.xlsx", {"说明": [["备注"], ["本月无数据"]]})
    [sheet] = load.plan_file(con, path).sheets

    assert load.preview(con, sheet).empty


def test_a_sheet_the_user_leaves_out_is_skipped_and_the_rest_loads(con, tmp_path):
    sales = [["日期", "客户", "金额"], ["2025-03-01", "甲", "10"]]
    broken = [["日期", "客户", "金额"], *[["bad", "乙", "x"]] * 5]
    path = write_xlsx(tmp_path / "w.xlsx", {"明细": sales, "草稿": broken})
    assert load.plan_file(con, path).refused

    plan = load.plan_file(con, path, overrides={"草稿": {"_skip": True}})

    assert plan.refused is None
    assert plan.sheets[1].skipped == load.SKIPPED_BY_USER
    assert plan.sheets[1].staged is None
    assert load.commit(con, plan).status == "loaded"
    assert store.row_counts(con)["sales"] == 1


def test_an_empty_template_sheet_does_not_block_the_data_sheets_of_its_workbook(con, tmp_path):
    import openpyxl

    path = tmp_path / "book.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "销售明细"
    ws.append(["日期", "客户", "金额"])
    ws.append(["2025-03-01", "甲", 100])
    ws.append(["2025-03-02", "乙", 200])
    template = wb.create_sheet("模板")
    template.append(["日期", "客户", "金额"])  # header only: a template nobody filled in
    summary = wb.create_sheet("汇总")
    summary.append(["区域", "金额"])  # a pivot: region and amount, no date or customer
    summary.append(["华东", 300])
    wb.save(path)

    result = load.load_file(con, path)

    assert result.status == "loaded"
    assert con.execute("select count(*) from sales").fetchone()[0] == 2
    assert [s.label for s in result.sheets] == ["book.xlsx [销售明细]"]


def test_a_workbook_whose_only_sheet_has_no_rows_is_refused(con, tmp_path):
    import openpyxl

    path = tmp_path / "empty.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["日期", "客户", "金额"])
    wb.save(path)

    result = load.load_file(con, path)

    assert result.status == "refused"
    assert "no data rows below the header" in result.message


def test_a_file_loaded_after_it_was_planned_again_is_still_a_duplicate(con, tmp_path):
    path = write_csv(tmp_path / "m.csv", MARCH_GBK, encoding="gbk")
    first, second = load.plan_file(con, path), load.plan_file(con, path)
    assert load.commit(con, first).status == "loaded"

    result = load.commit(con, second)

    assert result.status == "duplicate"
    assert result.message.startswith("m.csv: identical to upload #1 (m.csv, ")
    assert store.row_counts(con)["sales"] == 3
    assert con.execute("select count(*) from duckdb_tables() where temporary").fetchone() == (0,)


# ---- messages in the UI's language -------------------------------------------


def test_a_refusal_planned_in_chinese_is_chinese_and_names_file_row_and_column(con, tmp_path):
    rows = [
        ["Order Date", "Customer", "Amount"],
        ["2025-03-01", "Acme", "10"],
        ["2025-03-02", "Beta", "ten"],
    ]
    path = write_csv(tmp_path / "small.csv", rows)

    plan = load.plan_file(con, path, lang="zh")
    result = load.commit(con, plan, lang="zh")

    assert result.status == "refused"
    assert result.message.startswith(
        "已拒绝，未载入任何数据：small.csv：2 行中有 1 行（50.0%）无法读取"
    )
    assert "第 3 行，Amount 列：'ten' 不是数字" in result.message
    assert "row" not in result.message and "cannot" not in result.message
    assert store.row_counts(con)["uploads"] == 0


def test_reject_reasons_are_in_the_plans_language(con, tmp_path):
    rows = [
        ["日期", "客户", "金额"],
        *[[f"2025-03-{d:02}", "甲", "10"] for d in range(1, 10)],
        ["2025-03-10", "乙", ""],
    ]
    path = write_csv(tmp_path / "r.csv", rows)

    plan = load.plan_file(con, path, lang="zh", threshold=0.5)

    rejects = load.rejects_frame(con, plan.sheets[0].staged)
    assert rejects[["row", "column_name", "reason"]].values.tolist() == [[11, "金额", "缺失"]]
    result = load.commit(con, plan, lang="zh")
    assert result.status == "loaded"
    assert result.sheets[0].rejects == "第 11 行，金额 列缺失"


def test_read_notes_are_in_the_plans_language(con, tmp_path):
    rows = [["日期", "客户", "销售额（万元）"], ["3/25/2025", "甲", "1.5"]]
    path = write_csv(tmp_path / "n.csv", rows, encoding="gbk", delimiter=";")

    english, plan = load.plan_file(con, path), load.plan_file(con, path, lang="zh")
    load.drop_plan(con, english)
    load.drop_plan(con, plan)

    assert english.sheets[0].notes[:2] == ["encoding gb18030", "delimiter ';'"]
    assert plan.sheets[0].notes == [
        "编码 gb18030",
        "分隔符 ';'",
        "日期：月在前：3/25/2025 只能是月/日/年",
        "销售额（万元）：金额以万为单位，已乘以 10,000",
    ]


def test_a_chinese_load_summary_names_the_dataset_in_chinese(con, tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("日期,客户,金额\n2025-03-01,甲,100\n", encoding="utf-8")

    result = load.load_file(con, path, lang="zh")

    assert result.message == "s.csv：销售，已载入 1 行，拒收 0 行（第 1 号上传）"


# ---- an export loaded again: repeated rows, replacing an upload -----------------

# A March export without order numbers, and the same export taken a day later:
# its three rows again (one corrected) and one more day.
MARCH_NO_ORDERS = [
    ["Order Date", "Customer", "Product", "Sales Amount"],
    ["2025-03-01", "Acme", "P-100", "100"],
    ["2025-03-02", "Beta", "P-100", "200"],
    ["2025-03-03", "Crown", "P-200", "300"],
]
MARCH_AGAIN = [*MARCH_NO_ORDERS[:3], ["2025-03-03", "Crown", "P-200", "350"],
               ["2025-03-04", "Delta", "P-200", "400"]]  # fmt: skip


def test_rows_repeating_an_earlier_export_are_added_and_pointed_out(con, tmp_path):
    load.load_file(con, write_csv(tmp_path / "march.csv", MARCH_NO_ORDERS))

    result = load.load_file(con, write_csv(tmp_path / "march-2.csv", MARCH_AGAIN))

    assert result.status == "loaded"
    # Acme's 100 and Beta's 200 are in both files: counted twice, and said so.
    assert con.execute("select sum(amount) from sales").fetchone()[0] == 600 + 1050
    [warning] = result.warnings
    assert warning.startswith("march-2.csv: 2 of the 4 rows loaded are the same, cell for cell,")
    assert "(upload #1)" in warning and "--replaces 1" in warning
    assert (result.sheets[0].repeated, result.sheets[0].repeated_from) == (2, (1,))


def test_a_file_replacing_an_earlier_upload_takes_its_place_in_one_step(con, tmp_path):
    load.load_file(con, write_csv(tmp_path / "march.csv", MARCH_NO_ORDERS))
    load.load_file(con, write_csv(tmp_path / "visits.csv", [["Date", "Rep", "Customer"],
                                                           ["2025-03-01", "Ann", "Acme"]]))  # fmt: skip
    plan = load.plan_file(con, write_csv(tmp_path / "march-2.csv", MARCH_AGAIN))

    result = load.commit(con, plan, replaces=1)

    assert result.status == "loaded" and result.warnings == []
    assert result.replaced == (1, "march.csv", 3)
    assert "Replaces upload #1 (march.csv): its 3 rows removed." in result.message
    assert con.execute("select sum(amount), count(*) from sales").fetchone() == (1050, 4)
    assert con.execute("select id from uploads order by id").fetchall() == [(2,), (3,)]


def test_a_file_cannot_replace_a_missing_upload_or_one_of_other_data(con, tmp_path):
    load.load_file(con, write_csv(tmp_path / "visits.csv", [["Date", "Rep", "Customer"],
                                                           ["2025-03-01", "Ann", "Acme"]]))  # fmt: skip
    before = snapshot(con)
    path = write_csv(tmp_path / "march.csv", MARCH_NO_ORDERS)

    missing = load.commit(con, load.plan_file(con, path), replaces=7)
    other = load.commit(con, load.plan_file(con, path), replaces=1)

    assert missing.status == other.status == "refused"
    assert missing.message == "refused, nothing loaded: there is no upload #7 to replace"
    assert other.message.endswith("upload #1 holds visits, this file sales: it cannot replace it")
    assert snapshot(con) == before


def test_rows_with_order_numbers_replace_their_earlier_versions_without_a_warning(con, tmp_path):
    load.load_file(con, write_csv(tmp_path / "m.csv", MARCH_GBK, encoding="gbk"))

    again = MARCH_GBK[:5] + [["2025/3/9", "新客户", "A100", "50", "1", "SO-9"]]
    result = load.load_file(con, write_csv(tmp_path / "m2.csv", again, encoding="gbk"))

    assert result.warnings == [] and result.sheets[0].rows_replaced == 2


def test_the_upload_history_says_which_dates_each_upload_is_about(con, tmp_path):
    load.load_file(con, write_csv(tmp_path / "m.csv", MARCH_GBK, encoding="gbk"))  # 3/5 - 3/7
    targets = [["月份", "业务员", "目标"], ["2025-03", "张三", "100"], ["2025-Q2", "张三", "300"]]
    load.load_file(con, write_csv(tmp_path / "t.csv", targets))  # March to the end of June
    load.load_file(con, write_csv(tmp_path / "c.csv", [["客户名称", "客户类型"], ["甲", "KA"]]))

    history = store.upload_history(con)

    spans = {r.file_name: (r.first_date, r.last_date) for r in history.itertuples(index=False)}
    day = pd.Timestamp
    assert spans["m.csv"] == (day(2025, 3, 5), day(2025, 3, 7))
    assert spans["t.csv"] == (day(2025, 3, 1), day(2025, 6, 30))
    assert all(map(pd.isna, spans["c.csv"]))  # a customer list is about no dates
    assert history["id"].tolist() == [3, 2, 1]  # newest first


def test_a_csv_line_of_megabytes_loads_and_one_past_the_limit_is_refused_by_its_line(con, tmp_path):
    # A notes cell of a million Chinese characters (3 MB) is data; 17 MB on one
    # line is more than the reader holds (stage.MAX_LINE_BYTES, 16 MB).
    header = ["单据日期", "客户名称", "产品", "销售金额", "备注"]
    notes = "备" * 1_000_000
    path = write_csv(
        tmp_path / "notes.csv",
        [header, ["2025-03-05", "华东经销商", "A100", "100", notes],
         ["2025-03-06", "北京大客户", "B200", "200", "短"]],
    )  # fmt: skip

    loaded = load.load_file(con, path)

    assert loaded.status == "loaded"
    assert con.execute("select customer, amount from sales order by date").fetchall() == [
        ("华东经销商", 100.0),
        ("北京大客户", 200.0),
    ]
    before = snapshot(con)
    too_long = write_csv(
        tmp_path / "too_long.csv",
        [header, ["2025-03-07", "上海门店", "A100", "300", "短"],
         ["2025-03-08", "上海门店", "A100", "400", "x" * (17 * 2**20)]],
    )  # fmt: skip

    refused = load.load_file(con, too_long)

    assert refused.status == "refused"
    assert "too_long.csv: line 3 of the file is longer than 16 MB" in refused.message
    assert snapshot(con) == before


def test_a_sheet_whose_staging_fails_leaves_no_text_table_behind(con, tmp_path, monkeypatch):
    # The upload page plans on a connection that lives as long as the browser
    # session: a million text rows left there would stay until it ends.
    def broken(*_args, **_kwargs):
        raise RuntimeError("a loader bug")

    monkeypatch.setattr(stage, "stage_sheet", broken)
    path = write_csv(tmp_path / "m.csv", MARCH_GBK, encoding="gbk")

    with pytest.raises(RuntimeError, match="a loader bug"):
        load.plan_file(con, path)

    assert con.execute("select count(*) from duckdb_tables() where temporary").fetchone() == (0,)
