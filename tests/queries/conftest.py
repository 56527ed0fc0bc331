"""A tiny shop, written row by row, whose every metric is worked out by hand in the tests.

as_of is 2025-03-10 (a Monday). Review window (7 days): 03-04..03-10;
previous: 02-25..03-03. Churn window (90 days): 2024-12-11..2025-03-10;
previous: 2024-09-12..2024-12-10.

Customers: acme (segment KA, tier A, east, ann), bolt (no segment, tier C,
west, bob), cove (no segment, no tier: ABC class, west, bob). dora and eve
appear in sales only (not in the customers dataset).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import duckdb
import pytest

from salesdash import store

AS_OF = dt.date(2025, 3, 10)

CUSTOMERS = [
    # customer, segment, tier, region, rep
    ("acme", "KA", "A", "east", "ann"),
    ("bolt", None, "C", "west", "bob"),
    ("cove", None, None, "west", "bob"),
]

SALES = [
    # date, customer, kind, amount, product, rep, region
    ("2025-03-05", "acme", "sell_in", 1000, "p1", None, None),  # rep/region from customers
    ("2025-03-06", "acme", "return", 200, "p1", None, None),
    ("2025-03-07", "acme", "sell_out", 300, "p1", None, None),
    ("2025-03-08", "bolt", "sell_in", -50, "p2", None, None),  # negative sell_in = return
    ("2025-03-10", "bolt", "sell_out", 100, "p2", None, None),
    ("2025-02-26", "acme", "sell_in", 400, "p1", None, None),
    ("2025-03-01", "bolt", "sell_in", 600, "p2", None, None),
    ("2025-03-02", "cove", "sell_out", 80, "p1", None, None),
    ("2025-02-10", "eve", "sell_in", 250, "p1", None, None),
    ("2025-01-15", "bolt", "sell_in", 500, "p2", None, None),
    ("2024-12-01", "cove", "sell_in", 300, "p1", None, None),
    ("2024-11-20", "dora", "sell_in", 700, "p3", "ann", "east"),
    ("2024-10-10", "acme", "sell_in", 2000, "p1", None, None),
    ("2024-10-05", "bolt", "sell_in", 3000, "p2", None, None),
]

TARGETS = [
    # period, start, end, target, rep, region, product
    ("2025", "2025-01-01", "2025-12-31", 50000, None, None, None),
    ("2025-Q1", "2025-01-01", "2025-03-31", 5000, None, "west", "p2"),
    ("2025-03", "2025-03-01", "2025-03-31", 2000, "ann", None, None),
    ("2025-03", "2025-03-01", "2025-03-31", 4000, "bob", None, None),
    ("2025-04", "2025-04-01", "2025-04-30", 9999, "ann", None, None),  # not started
]

SURVEYS = [
    # date, customer, score, scale, reliability, empathy
    ("2025-03-01", "acme", 5, "csat", 4, 5),
    ("2025-02-01", "acme", 3, "csat", 2, None),
    ("2025-01-20", "bolt", 4, "csat", None, 3),
    ("2025-03-02", "acme", 10, "nps", None, None),
    ("2025-02-15", "bolt", 8, "nps", None, None),
    ("2025-01-05", "cove", 3, "nps", None, None),
    ("2024-12-20", "dora", 6, "nps", None, None),
    ("2024-11-01", "acme", 1, "csat", 1, 1),  # before the churn window
]

COMPLAINTS = [
    # id, opened, closed, customer, category
    ("k1", "2025-03-01", "2025-03-05", "acme", "product_quality"),
    ("k2", "2025-02-20", "2025-03-09", "bolt", "logistics"),
    ("k3", "2025-03-06", None, "cove", "service"),
    ("k4", "2025-03-08", "2025-03-12", "acme", "logistics"),  # closed after as_of
    ("k5", "2025-01-10", "2025-01-12", "dora", "contract"),
    ("k6", "2025-02-01", None, "bolt", "product_quality"),
    ("k7", "2024-11-15", "2024-11-20", "cove", "service"),
]

VISITS = [
    # date, rep, customer, type, purpose, order_amount, collected_amount
    ("2025-03-04", "ann", "acme", "visit", "order", 500, 300),
    ("2025-03-07", "bob", "bolt", "call", "collection", None, None),
    ("2025-03-08", "bob", "bolt", "visit", "service", None, None),
    ("2025-02-15", "bob", "cove", "visit", "other", None, None),
    ("2024-09-01", "ann", "dora", "visit", "new_customer", None, None),
]


def insert_shop(con: duckdb.DuckDBPyConnection) -> None:
    """Write the shop above with parameterised INSERTs."""
    con.executemany(
        "insert into customers (customer, segment, tier, region, rep) values (?, ?, ?, ?, ?)",
        CUSTOMERS,
    )
    con.executemany(
        "insert into sales (date, customer, kind, amount, product, rep, region)"
        " values (?, ?, ?, ?, ?, ?, ?)",
        SALES,
    )
    con.executemany(
        "insert into targets (period, period_start, period_end, target, rep, region, product)"
        " values (?, ?, ?, ?, ?, ?, ?)",
        TARGETS,
    )
    con.executemany(
        "insert into surveys (date, customer, score, scale, reliability, empathy)"
        " values (?, ?, ?, ?, ?, ?)",
        SURVEYS,
    )
    con.executemany(
        "insert into complaints (id, opened, closed, customer, category) values (?, ?, ?, ?, ?)",
        COMPLAINTS,
    )
    con.executemany(
        "insert into visits (date, rep, customer, type, purpose, order_amount, collected_amount)"
        " values (?, ?, ?, ?, ?, ?, ?)",
        VISITS,
    )


@pytest.fixture
def empty() -> Iterator[duckdb.DuckDBPyConnection]:
    """A workspace with every table and no rows."""
    con = duckdb.connect()
    store.ensure_schema(con)
    yield con
    con.close()


@pytest.fixture
def shop(empty: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """The hand-computed shop of this module's docstring."""
    insert_shop(empty)
    return empty


@pytest.fixture(scope="module")
def shop_readonly() -> Iterator[duckdb.DuckDBPyConnection]:
    """The shop, shared by a module's tests that only read (building it costs ~50 ms)."""
    con = duckdb.connect()
    store.ensure_schema(con)
    insert_shop(con)
    yield con
    con.close()


@pytest.fixture(scope="module")
def empty_readonly() -> Iterator[duckdb.DuckDBPyConnection]:
    """An empty workspace shared by a module's tests that only read."""
    con = duckdb.connect()
    store.ensure_schema(con)
    yield con
    con.close()
