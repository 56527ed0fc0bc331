"""`python -m salesdash load` as a script or cron job runs it: summary lines, exit codes, no tracebacks."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
from pathlib import Path

import duckdb

from salesdash import cli, load, read, workspace
from tests.fixtures import bulk_sales_rows, write_csv, write_xlsx

ROOT = Path(__file__).resolve().parent.parent
MARCH = [
    ["2025年3月销售明细表"],
    ["单据日期", "客户名称", "销售金额（元）", "订单号"],
    ["2025/3/5", "华东经销商", "1,234.50", "SO-1"],
    ["2025/3/6", "北京大客户", "￥2,000", "SO-2"],
    ["合计", "", "3,234.50", ""],
]


def run_load(db: Path, *args: object) -> subprocess.CompletedProcess:
    env = {**os.environ, "SALESDASH_DB": str(db.parent / "default-must-not-be-used.duckdb")}
    result = subprocess.run(
        [sys.executable, "-m", "salesdash", "load", *map(str, args), "--db", str(db)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout
    return result


def counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        tables = ["sales", "targets", "visits", "complaints", "surveys", "customers", "uploads"]
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}


def test_gbk_csv_loads_with_one_summary_line_and_exit_zero(tmp_path):
    db = tmp_path / "ws.duckdb"
    path = write_csv(tmp_path / "三月明细.csv", MARCH, encoding="gbk")

    result = run_load(db, path)

    assert result.returncode == 0
    assert (
        result.stdout
        == "三月明细.csv: sales, 2 rows loaded, 0 rejected, 1 totals rows dropped (upload #1)\n"
    )
    # how the file was read goes to stderr beside the summary; never a traceback
    assert result.stderr == "  note: 三月明细.csv: encoding gb18030\n"
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select customer, amount from sales order by amount").fetchall() == [
            ("华东经销商", 1234.5),
            ("北京大客户", 2000.0),
        ]
    assert not (tmp_path / "default-must-not-be-used.duckdb").exists()


def test_workbook_prints_a_line_per_loaded_sheet(tmp_path, capsys):
    db = tmp_path / "ws.duckdb"
    path = write_xlsx(
        tmp_path / "book.xlsx",
        {
            "Sales": [["Order Date", "Customer", "Amount"], [dt.date(2025, 3, 1), "Acme", 5]],
            "Customers": [["Customer Name", "Tier"], ["Acme", "A"], ["Beta", "B"]],
        },
    )

    status = cli.main(["load", str(path), "--db", str(db)])

    assert status == 0
    assert capsys.readouterr().out.splitlines() == [
        "book.xlsx [Sales]: sales, 1 rows loaded, 0 rejected (upload #1)",
        "book.xlsx [Customers]: customers, 2 rows loaded, 0 rejected (upload #2)",
    ]


def test_refused_file_exits_nonzero_naming_file_row_and_column_and_changes_nothing(tmp_path):
    db = tmp_path / "ws.duckdb"
    assert run_load(db, write_csv(tmp_path / "good.csv", MARCH)).returncode == 0
    before = counts(db)
    rows = [
        ["Order Date", "Customer", "Amount"],
        ["2025-03-01", "Acme", "10"],
        ["2025-03-02", "Beta", "ten"],
    ]
    bad = write_csv(tmp_path / "bad.csv", rows)

    result = run_load(db, bad)

    assert result.returncode != 0
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("bad.csv: refused, nothing loaded")
    assert "row 3, column Amount: 'ten' is not a number" in line
    assert counts(db) == before


def test_identical_file_twice_changes_nothing_and_says_so(tmp_path):
    db = tmp_path / "ws.duckdb"
    path = write_csv(tmp_path / "march.csv", MARCH)
    run_load(db, path)
    before = counts(db)

    result = run_load(db, path)

    assert result.returncode == 0
    assert result.stdout.startswith("march.csv: identical to upload #1 (march.csv, ")
    assert result.stdout.rstrip().endswith("nothing changed.")
    assert counts(db) == before


def test_one_refused_file_among_several_exits_nonzero_and_the_others_still_load(tmp_path):
    db = tmp_path / "ws.duckdb"
    good = write_csv(tmp_path / "good.csv", MARCH)
    bad = tmp_path / "bad.xlsx"
    bad.write_text("this is not a workbook", encoding="utf-8")
    customers = write_csv(
        tmp_path / "客户.csv", [["客户名称", "客户等级"], ["甲", "A"]], encoding="gbk"
    )

    result = run_load(db, good, bad, customers)

    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "good.csv: sales, 2 rows loaded, 0 rejected, 1 totals rows dropped (upload #1)",
        "客户.csv: customers, 1 rows loaded, 0 rejected (upload #2)",
    ]
    assert result.stderr.startswith(
        "bad.xlsx: refused, nothing loaded: bad.xlsx: this is not an Excel workbook"
    )


def test_missing_file_is_named_and_exit_is_nonzero(tmp_path, capsys):
    db = tmp_path / "ws.duckdb"

    status = cli.main(["load", str(tmp_path / "nowhere.csv"), "--db", str(db)])

    assert status == 1
    assert capsys.readouterr().err == f"{tmp_path / 'nowhere.csv'}: no such file\n"


def test_workspace_that_is_not_a_database_is_reported_in_one_line(tmp_path):
    db = tmp_path / "notes.duckdb"
    db.write_text("my notes, not a database", encoding="utf-8")
    path = write_csv(tmp_path / "march.csv", MARCH)

    result = run_load(db, path)

    assert result.returncode != 0
    [line] = result.stderr.splitlines()
    assert line.startswith(f"cannot open the workspace {db}")
    assert db.read_text(encoding="utf-8") == "my notes, not a database"


def test_rows_rejected_below_the_limit_are_listed_and_exit_is_zero(tmp_path):
    db = tmp_path / "ws.duckdb"
    rows = bulk_sales_rows(100)
    rows[42][3] = "??"  # file row 43
    path = write_csv(tmp_path / "bulk.csv", rows)

    result = run_load(db, path)

    assert result.returncode == 0
    assert result.stdout.startswith("bulk.csv: sales, 99 rows loaded, 1 rejected (upload #1)")
    assert "row 43, column Sales Amount: '??' is not a number" in result.stdout
    assert counts(db)["sales"] == 99


def test_max_rejected_option_raises_the_limit(tmp_path, capsys):
    db = tmp_path / "ws.duckdb"
    rows = bulk_sales_rows(100)
    for r in (5, 6, 7):
        rows[r][0] = "soon"
    path = write_csv(tmp_path / "bulk.csv", rows)

    refused = cli.main(["load", str(path), "--db", str(db)])
    refused_err = capsys.readouterr().err
    loaded = cli.main(["load", str(path), "--db", str(db), "--max-rejected", "5"])

    assert refused == 1
    assert "3 of 100 rows (3.0%) cannot be read, above the 1% limit" in refused_err
    assert loaded == 0
    assert counts(db)["sales"] == 97


def test_dataset_and_kind_options_apply_to_every_file(tmp_path, capsys):
    db = tmp_path / "ws.duckdb"
    flow = write_csv(
        tmp_path / "flow.csv", [["日期", "经销商", "金额"], ["2025-03-01", "甲", "10"]]
    )
    people = write_csv(
        tmp_path / "people.csv", [["日期", "客户", "业务员"], ["2025-03-01", "乙", "张三"]]
    )

    first = cli.main(["load", str(flow), "--kind", "sell_out", "--db", str(db)])
    second = cli.main(["load", str(people), "--dataset", "customers", "--db", str(db)])

    assert (first, second) == (0, 0)
    assert "Traceback" not in capsys.readouterr().err
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select customer, kind from sales").fetchall() == [("甲", "sell_out")]
        assert con.execute("select customer, rep from customers").fetchall() == [("乙", "张三")]


def test_unknown_option_value_is_a_usage_error_without_traceback(tmp_path):
    db = tmp_path / "ws.duckdb"
    path = write_csv(tmp_path / "march.csv", MARCH)

    result = run_load(db, path, "--kind", "gift")

    assert result.returncode == 2
    assert "invalid choice: 'gift'" in result.stderr
    assert not db.exists()


def test_unexpected_error_in_one_file_becomes_one_line_and_the_next_file_loads(
    tmp_path, monkeypatch, capsys
):
    db = tmp_path / "ws.duckdb"
    first = write_csv(tmp_path / "first.csv", MARCH)
    second = write_csv(tmp_path / "second.csv", [["客户名称"], ["甲"]])
    real_plan_file = load.plan_file

    def flaky(con, path, **kwargs):
        if Path(path).name == "first.csv":
            raise RuntimeError("boom\nsecond line of detail")
        return real_plan_file(con, path, **kwargs)

    monkeypatch.setattr(load, "plan_file", flaky)

    status = cli.main(["load", str(first), str(second), "--db", str(db)])

    out, err = capsys.readouterr()
    assert status == 1
    assert err == "first.csv: refused, nothing loaded: unexpected error (RuntimeError: boom)\n"
    assert out == "second.csv: customers, 1 rows loaded, 0 rejected (upload #1)\n"


def test_the_workspace_is_free_while_a_load_reads_and_checks_its_file(tmp_path, monkeypatch):
    db = tmp_path / "ws.duckdb"
    assert cli.main(["load", str(write_csv(tmp_path / "march.csv", MARCH)), "--db", str(db)]) == 0
    april = [
        ["单据日期", "客户名称", "销售金额（元）", "订单号"],
        ["2025/4/1", "华南经销商", "99", "SO-9"],
    ]
    seen: list[object] = []
    real_read_file = read.read_file

    def others_meanwhile(*args, **kwargs):
        def page_then_writer() -> None:  # a page run, then another load's writer, at once
            with workspace.reading(db, timeout=1) as con:
                seen.append(con.execute("select count(*) from sales").fetchone()[0])
            with workspace.writing(db, timeout=1):
                seen.append("written")

        other = threading.Thread(target=page_then_writer)
        other.start()
        other.join()
        return real_read_file(*args, **kwargs)

    monkeypatch.setattr(read, "read_file", others_meanwhile)

    assert cli.main(["load", str(write_csv(tmp_path / "april.csv", april)), "--db", str(db)]) == 0
    # neither was told the workspace is busy; the page saw the rows before the new one
    assert seen == [counts(db)["sales"] - 1, "written"]


def test_error_while_storing_leaves_the_workspace_unchanged(tmp_path, monkeypatch, capsys):
    db = tmp_path / "ws.duckdb"
    assert cli.main(["load", str(write_csv(tmp_path / "march.csv", MARCH)), "--db", str(db)]) == 0
    before = counts(db)
    book = write_xlsx(
        tmp_path / "book.xlsx",
        {
            "Sales": [
                ["Order Date", "Customer", "Amount", "Order No"],
                [dt.date(2025, 3, 9), "Acme", 5, "SO-1"],
            ],
            "Customers": [["Customer"], ["Acme"]],
        },
    )
    real_store = load._store_sheet

    def fail_on_customers(con, plan, sp, *rest):
        if sp.dataset == "customers":
            raise duckdb.IOException("IO Error: could not write\ndetails")
        return real_store(con, plan, sp, *rest)

    monkeypatch.setattr(load, "_store_sheet", fail_on_customers)
    capsys.readouterr()

    status = cli.main(["load", str(book), "--db", str(db)])

    _, err = capsys.readouterr()
    assert status == 1
    assert (
        err
        == "book.xlsx: refused, nothing loaded: unexpected error (IOException: IO Error: could not write)\n"
    )
    assert counts(db) == before


def test_an_upload_can_be_removed_by_id_from_the_command_line(tmp_path, capsys):
    db = tmp_path / "ws.duckdb"
    cli.main(["load", str(write_csv(tmp_path / "march.csv", MARCH)), "--db", str(db)])
    capsys.readouterr()

    removed = cli.main(["remove", "1", "--db", str(db)])
    again = cli.main(["remove", "1", "--db", str(db)])

    out, err = capsys.readouterr()
    assert (removed, again) == (0, 1)
    assert out == "upload #1 removed (2 rows)\n"
    assert err == "there is no upload #1\n"
    assert counts(db)["sales"] == counts(db)["uploads"] == 0


# ---- report ------------------------------------------------------------------


def shop_workspace(path: Path) -> Path:
    """The hand-computed shop of tests/queries/conftest.py as a workspace file."""
    from salesdash import store
    from tests.queries.conftest import insert_shop

    con = store.connect(path)
    insert_shop(con)
    con.close()
    return path


def test_report_writes_html_and_a_workbook_with_the_shops_figures(tmp_path, capsys):
    import openpyxl

    db = shop_workspace(tmp_path / "shop.duckdb")
    html, book = tmp_path / "weekly.html", tmp_path / "weekly.xlsx"

    as_html = cli.main(["report", "--db", str(db), "--format", "html", "--out", str(html)])
    as_xlsx = cli.main(
        ["report", "--db", str(db), "--as-of", "2025-03-10", "--lang", "zh", "--region", "west",
         "--format", "xlsx", "--out", str(book)]
    )  # fmt: skip

    out, err = capsys.readouterr()
    assert (as_html, as_xlsx, err) == (0, 0, "")
    assert out.splitlines()[0].startswith(f"{html}: weekly report as of 2025-03-10 (html, ")
    assert "<h1>Weekly review report</h1>" in html.read_text(encoding="utf-8")
    sheets = openpyxl.load_workbook(book)
    # west in the window: bolt's 100 of sell-out, no positive sell-in
    assert [row[:2] for row in sheets["核心指标"].iter_rows(min_row=2, max_row=3, values_only=True)] == [
        ("毛销量（进货）", 0), ("净销量（流向）", 100),
    ]  # fmt: skip


def test_report_puts_the_configured_currency_symbol_on_every_format(tmp_path, capsys, monkeypatch):
    import openpyxl

    monkeypatch.setenv("SALESDASH_CURRENCY", "¥")
    db = shop_workspace(tmp_path / "shop.duckdb")
    html, book = tmp_path / "weekly.html", tmp_path / "weekly.xlsx"

    as_html = cli.main(["report", "--db", str(db), "--format", "html", "--out", str(html)])
    as_xlsx = cli.main(["report", "--db", str(db), "--format", "xlsx", "--out", str(book)])

    assert (as_html, as_xlsx, capsys.readouterr().err) == (0, 0, "")
    assert '<div class="value">¥1,000</div>' in html.read_text(encoding="utf-8")  # gross sales
    gross = openpyxl.load_workbook(book)["Headline"]["B2"]
    assert (gross.value, gross.number_format) == (1000, '"¥"#,##0;-"¥"#,##0')


def test_report_refuses_an_empty_workspace_in_one_line_with_exit_1(tmp_path):
    from salesdash import store

    db = tmp_path / "empty.duckdb"
    store.connect(db).close()
    out = tmp_path / "weekly.html"

    result = subprocess.run(
        [sys.executable, "-m", "salesdash", "report", "--db", str(db), "--format", "html",
         "--out", str(out)],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120,
    )  # fmt: skip

    assert result.returncode == 1
    assert result.stderr == "report: no sales loaded\n"
    assert result.stdout == ""
    assert not out.exists()


def test_report_says_in_one_line_what_is_wrong_with_its_arguments(tmp_path, capsys):
    db = shop_workspace(tmp_path / "shop.duckdb")
    args = ["report", "--db", str(db), "--format", "xlsx", "--out"]

    bad_date = cli.main([*args, str(tmp_path / "a.xlsx"), "--as-of", "2025-13-01"])
    no_folder = cli.main([*args, str(tmp_path / "missing" / "a.xlsx")])
    no_db = cli.main(["report", "--db", str(tmp_path / "none.duckdb"), "--format", "html",
                      "--out", str(tmp_path / "a.html")])  # fmt: skip

    _, err = capsys.readouterr()
    assert (bad_date, no_folder, no_db) == (1, 1, 1)
    lines = err.splitlines()
    assert lines[0] == "report: the review date must be a date YYYY-MM-DD, got '2025-13-01'"
    missing = tmp_path / "missing" / "a.xlsx"
    assert lines[1] == f"report: cannot write {missing}: No such file or directory"
    assert lines[2].startswith(f"report: cannot open the workspace {tmp_path / 'none.duckdb'}: ")
    assert len(lines) == 3 and "Traceback" not in err


def test_a_repeated_export_is_warned_about_and_can_replace_the_earlier_upload(tmp_path):
    db = tmp_path / "ws.duckdb"
    header = ["Order Date", "Customer", "Sales Amount"]
    first = write_csv(tmp_path / "week.csv", [header, ["2025-03-03", "Acme", "100"]])
    again = write_csv(
        tmp_path / "week-2.csv",
        [header, ["2025-03-03", "Acme", "100"], ["2025-03-04", "Beta", "50"]],
    )
    assert run_load(db, first).returncode == 0

    both = run_load(db, again, first, "--replaces", 1)
    warned = run_load(db, again)

    assert both.returncode == 2 and "--replaces takes exactly one FILE" in both.stderr
    assert warned.returncode == 0
    assert "warning: week-2.csv: 1 of the 2 rows loaded are the same" in warned.stderr
    db2 = tmp_path / "ws2.duckdb"
    run_load(db2, first)
    replaced = run_load(db2, again, "--replaces", 1)
    assert replaced.returncode == 0 and "warning" not in replaced.stderr
    assert replaced.stdout.splitlines()[-1] == "Replaces upload #1 (week.csv): its 1 rows removed."
    assert counts(db2)["sales"] == 2 and counts(db2)["uploads"] == 1


def test_the_upload_list_names_the_dates_each_upload_is_about(tmp_path, capsys):
    db = tmp_path / "ws.duckdb"
    header = ["Order Date", "Customer", "Sales Amount"]
    run_load(db, write_csv(tmp_path / "w1.csv", [header, ["2025-03-03", "Acme", "1"]]))
    march = [header, ["2025-03-10", "Acme", "1"], ["2025-03-02", "Beta", "2"]]
    run_load(db, write_csv(tmp_path / "w2.csv", march))

    assert cli.main(["uploads", "--db", str(db)]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("#1  w1.csv   sales  1 loaded  0 rejected  ")
    assert lines[0].endswith("  2025-03-03")
    assert lines[1].endswith("  2025-03-02 to 2025-03-10")
