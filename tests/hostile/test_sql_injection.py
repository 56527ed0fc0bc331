"""SQL in filters, parameters, headers, sheet names and customer names is only ever data.

Every metric query runs with each filter (regions, reps, segments, products,
customers) set to attack strings, and must give exactly what it gives for a
value that is simply not in the data; the workspace keeps its tables and
rows. A customer literally named `'; DROP TABLE sales; --` is a customer
like any other: it loads, shows and filters.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from salesdash import load, queries, store
from tests.fixtures import write_csv, write_xlsx
from tests.hostile.workbook import (
    AS_OF,
    BOLD,
    CUSTOMERS,
    DROP,
    FORMULA,
    IMG,
    MATH,
    QUOTES,
    SCRIPT,
    SHEET,
    stored,
)

# Strings that would break out of a quoted literal, an identifier, a LIKE pattern or a
# parameter marker if anything formatted them into SQL; none of them is a name in the data.
ATTACKS = (
    "'); DELETE FROM customers; --",
    "' OR '1'='1",
    '" OR ""="',
    "\\",
    "\\'; DROP TABLE targets; --",
    "a\x00b",
    "%",
    "_",
    "$as_of",
    "?",
    "x" * 100_000,
)
ABSENT = ["no such value"]


@pytest.fixture
def con(hostile_workspace):
    connection = store.connect(hostile_workspace)
    yield connection
    connection.close()


@pytest.mark.parametrize("name", sorted(queries.queries()))
def test_every_filter_of_every_query_treats_attack_strings_as_values_not_in_the_data(con, name):
    before = stored(con)
    for flt in queries.FILTERS:
        if flt not in queries.queries()[name].params:
            continue
        expected = queries.run(con, name, **{flt: ABSENT})
        got = queries.run(con, name, **{flt: list(ATTACKS)})
        pd.testing.assert_frame_equal(got, expected, obj=f"{name} with {flt}")
    assert stored(con) == before


def test_a_filter_list_mixing_an_attack_with_a_real_name_selects_just_the_real_name(con):
    mixed = queries.run(con, "partial_defectors", customers=[DROP, *ATTACKS])
    assert mixed["customer"].tolist() == [DROP]
    assert mixed[["previous_purchases", "current_purchases"]].values.tolist() == [[1000, 300]]


def test_a_customer_named_drop_table_is_listed_and_filterable_like_any_other(con):
    # Hand-worked from workbook.py: even customers bought 1,000 then 300 (and `$x$` 50).
    partial = queries.run(con, "partial_defectors")
    assert DROP in partial["customer"].tolist()
    only = queries.run(con, "partial_defectors", customers=[DROP])
    assert only["customer"].tolist() == [DROP]
    assert only["lost_purchases"].tolist() == [700]
    # The region named like the attack holds customers 0, 3, 6 and 9 (every third).
    by_region = queries.run(con, "churned_customers", regions=[DROP])
    assert by_region["customer"].tolist() == [BOLD]
    partial_region = queries.run(con, "partial_defectors", regions=[DROP])
    assert sorted(partial_region["customer"]) == sorted([DROP, QUOTES])
    # The rep named like the attack sold only `$x$`'s 50 in June.
    behind = queries.run(con, "reps_behind_pace", reps=[DROP])
    assert behind[["rep", "actual"]].values.tolist() == [[DROP, 50]]
    assert set(queries.run(con, "churned_customers")["customer"]) == {SCRIPT, BOLD, FORMULA}


def test_every_name_is_stored_exactly_as_written(con):
    customers = {r[0] for r in con.execute("select customer from sales").fetchall()}
    assert customers == set(CUSTOMERS)
    assert {r[0] for r in con.execute("select rep from targets").fetchall()} >= {IMG, MATH, DROP}


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("as_of", "2025-06-30'; DROP TABLE sales; --"),
        ("as_of", "a\x00b"),
        ("window_days", "7; DROP TABLE sales"),
        ("churn_days", "90 or 1=1"),
        ("limit", "5; DELETE FROM sales"),
        ("dimension", "customer; DROP TABLE sales; --"),
    ],
)
def test_a_hostile_scalar_parameter_is_refused_before_any_sql_runs(con, param, value):
    name = next(q for q in sorted(queries.queries()) if param in queries.queries()[q].params)
    before = stored(con)
    with pytest.raises(ValueError):
        queries.run(con, name, **{param: value})
    assert stored(con) == before


def test_an_unknown_parameter_name_is_refused_not_passed_on(con):
    with pytest.raises(TypeError, match="unknown metric parameter"):
        queries.run(con, "kpi_cards", **{"as_of; DROP TABLE sales; --": AS_OF})


# ---- names arriving through the loader --------------------------------------------------------


@pytest.fixture
def empty(tmp_path):
    connection = store.connect(tmp_path / "ws.duckdb")
    yield connection
    connection.close()


def test_a_header_carrying_sql_is_matched_as_a_header_and_nothing_runs(empty, tmp_path):
    path = write_xlsx(
        tmp_path / "h.xlsx",
        {
            "S": [
                ["日期", "客户", "金额'; DROP TABLE sales; --", "'; DROP TABLE customers; --"],
                [dt.date(2025, 6, 2), "A", 10, "x"],
                [dt.date(2025, 6, 3), "B", 20, "y"],
            ]
        },
    )
    result = load.load_file(empty, path)
    assert result.status == "loaded", result.message
    assert empty.execute("select customer, amount from sales order by 1").fetchall() == [
        ("A", 10.0),
        ("B", 20.0),
    ]
    assert stored(empty)["customers"] == 0


@pytest.mark.parametrize(
    "header", ['客户"名称', "客户\\", "客户'", "客户`; DROP TABLE sales"],
    ids=["double-quote", "backslash", "quote", "backtick"],
)  # fmt: skip
def test_a_customer_header_with_quotes_or_backslashes_is_still_the_customer_column(
    empty, tmp_path, header
):
    path = write_csv(tmp_path / "q.csv", [["日期", header, "金额"], ["2025-06-02", "A", "10"]])
    result = load.load_file(empty, path)
    assert result.status == "loaded", result.message
    assert empty.execute("select customer, amount from sales").fetchall() == [("A", 10.0)]


def test_a_header_with_a_nul_is_refused_with_the_file_named_and_nothing_stored(empty, tmp_path):
    path = write_csv(tmp_path / "q.csv", [["日期", "客户\x00", "金额"], ["2025-06-02", "A", "10"]])
    before = stored(empty)
    result = load.load_file(empty, path)
    assert result.status == "refused"
    assert "q.csv" in result.message
    assert stored(empty) == before


def test_a_sheet_named_like_an_attack_is_recorded_as_its_name(hostile_workspace):
    con = store.connect(hostile_workspace, read_only=True)
    history = store.upload_history(con)
    con.close()
    assert SHEET in history["sheet"].tolist()
    sales = history[history["dataset"] == "sales"]
    assert sales["sheet"].tolist() == [SHEET]


def test_a_customer_name_with_a_nul_is_refused_with_the_file_named_and_nothing_stored(
    empty, tmp_path
):
    path = tmp_path / "nul.csv"
    path.write_bytes(b"date,customer,amount\n2025-06-02,A\x00B,10\n")
    before = stored(empty)
    result = load.load_file(empty, path)
    assert result.status == "refused"
    assert "nul.csv" in result.message
    assert stored(empty) == before


def test_a_customer_name_as_long_as_an_excel_cell_allows_loads_and_filters(empty, tmp_path):
    long_name = "客" * 32_767  # Excel's longest cell text
    path = write_csv(
        tmp_path / "long.csv",
        [["date", "customer", "amount"], ["2025-06-02", long_name, "10"], ["2025-06-02", "B", "5"]],
    )
    assert load.load_file(empty, path).status == "loaded"
    rows = queries.run(
        empty, "sales_breakdown", dimension="customer", customers=[long_name], as_of="2025-06-02"
    )
    assert rows["value"].tolist() == [long_name]
    assert rows["gross_sales"].tolist() == [10]
