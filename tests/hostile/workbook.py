"""A small workbook whose customers, products, reps, regions and segments are attacks.

Shared by the hostile-input tests and the browser test. Every name is a
payload a person could type into an ERP: SQL (`'; DROP TABLE sales; --`),
HTML and script, Markdown, LaTeX, and text a spreadsheet would run as a
formula. The rows are chosen so that every page has something to show with
those names in it, as of Monday 30 June 2025:

- every customer bought 1,000 on 10 Feb (previous churn window); the even
  ones bought again, 300 on 25 Jun, and `$x$` 50 (partial defectors: < 50 %),
  the other odd ones did not (churned), but `Plain Trading` bought 5,000
  on 30 Jun;
- each reported sell-out of 100 on 20 Feb and none since (slow-moving stock);
- each rep has a June target of 100,000 (far behind pace); the rep named
  `<script>alert(1)</script>` sold nothing in June (furthest behind);
- each customer has two open complaints, opened 1 and 10 Jun (past the SLA,
  repeat complainers);
- only `Plain Trading` was visited, so every other customer is overdue.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import duckdb
import openpyxl

from salesdash import load, store
from salesdash.schema import DATASETS

DROP = "'; DROP TABLE sales; --"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
BOLD = "**bold**"
LINK = "[link](javascript:alert(1))"
MATH = "$x$"
QUOTES = 'O\'Brien "Q" \\ back\\'
FORMULA = '=HYPERLINK("http://evil.example","click")'
PLAIN = "Plain Trading"

# Names that HTML, Markdown or LaTeX would turn into something else than their text.
MARKUP = (SCRIPT, IMG, BOLD, LINK, MATH)
CUSTOMERS = (DROP, SCRIPT, IMG, BOLD, LINK, MATH, QUOTES, FORMULA, "@SUM(1+1)", PLAIN)
PRODUCTS = (SCRIPT, IMG, LINK, "+86 138", "-SKU", DROP)
REPS = (IMG, SCRIPT, BOLD, LINK, MATH, DROP)
REGIONS = (DROP, "华北", "<b>north</b>")
SEGMENTS = (DROP, IMG, "**key**")
EVERY_NAME = tuple(dict.fromkeys(CUSTOMERS + PRODUCTS + REPS + REGIONS + SEGMENTS))

AS_OF = dt.date(2025, 6, 30)
SHEET = "销售'; DROP TABLE sales; --"  # the sales sheet's name (Excel allows ' inside, ; -)


def customer_rows(i: int, customer: str) -> dict[str, str]:
    """The product, rep, region and segment that go with the `i`-th customer."""
    return {
        "product": PRODUCTS[i % len(PRODUCTS)],
        "rep": REPS[i % len(REPS)],
        "region": REGIONS[i % len(REGIONS)],
        "segment": SEGMENTS[i % len(SEGMENTS)],
    }


def sheets() -> dict[str, list[list[object]]]:
    """The workbook's sheets: sales, customers, targets, complaints, visits."""
    sales: list[list[object]] = [["日期", "单号", "类型", "客户", "产品", "业务员", "区域", "金额"]]
    customers: list[list[object]] = [["客户名称", "客户类型", "客户等级", "区域", "业务员"]]
    complaints: list[list[object]] = [
        ["投诉编号", "投诉日期", "客户", "结案日期", "投诉类型", "严重程度", "产品", "业务员"]
    ]
    n = 0

    def sale(day: dt.date, kind: str, customer: str, amount: float, **attrs: str) -> None:
        nonlocal n
        n += 1
        sales.append(
            [day, f"SO-{n:04d}", kind, customer, attrs["product"], attrs["rep"],
             attrs["region"], amount]
        )  # fmt: skip

    for i, customer in enumerate(CUSTOMERS):
        attrs = customer_rows(i, customer)
        sale(dt.date(2025, 2, 10), "进货", customer, 1000, **attrs)
        sale(dt.date(2025, 2, 20), "流向", customer, 100, **attrs)
        if i % 2 == 0 or customer == MATH:
            sale(dt.date(2025, 6, 25), "进货", customer, 50 if customer == MATH else 300, **attrs)
        tier = "ABC"[i % 3]
        customers.append([customer, attrs["segment"], tier, attrs["region"], attrs["rep"]])
        for k, opened in enumerate((dt.date(2025, 6, 1), dt.date(2025, 6, 10))):
            complaints.append(
                [f"C-{i:02d}-{k}", opened, customer, None, "产品质量", "高",
                 attrs["product"], attrs["rep"]]
            )  # fmt: skip
    sale(AS_OF, "进货", PLAIN, 5000, **customer_rows(len(CUSTOMERS) - 1, PLAIN))
    targets: list[list[object]] = [["期间", "业务员", "目标额"]]
    targets += [["2025-06", rep, 100_000] for rep in REPS]
    visits: list[list[object]] = [["拜访日期", "业务员", "客户", "拜访方式"]]
    visits.append([dt.date(2025, 6, 20), REPS[0], PLAIN, "拜访"])
    return {
        SHEET: sales,
        "客户档案": customers,
        "业绩目标": targets,
        "客户投诉": complaints,
        "拜访记录": visits,
    }


def write_workbook(path: Path) -> Path:
    """The sheets as an .xlsx; text starting with `=` stays text, as an ERP writes it.

    (openpyxl would store `=HYPERLINK(...)` as a formula without a cached value.)
    """
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets().items():
        sheet = book.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    cell = sheet.cell(row=r, column=c, value=value)
                    if isinstance(value, str):
                        cell.data_type = "s"
    book.save(path)
    return path


@cache
def _built(folder: str) -> Path:
    """The workbook loaded into a workspace once per test run (copied for each test)."""
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    db = root / "hostile.duckdb"
    con = store.connect(db)
    try:
        result = load.load_file(con, write_workbook(root / "hostile.xlsx"))
        if result.status != "loaded":
            raise AssertionError(result.message)
    finally:
        con.close()
    return db


def stored(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """The rows of each dataset table and of the upload history: what an injection would
    drop or change (a missing table fails the count). Caches the app keeps are left out."""
    count = "select count(*) from {}"
    return {
        name: con.execute(count.format(store.quote_ident(name))).fetchone()[0]
        for name in (*DATASETS, "uploads")
    }
