"""Workspaces for the report tests: the hand-computed shop of tests/queries, and a hostile one.

The shop (tests/queries/conftest.py) is at 2025-03-10 with a 7-day review
window; its figures are worked out by hand there and in the tests here.

The hostile workspace holds customers and a rep whose names a spreadsheet
would run as formulas or a browser as markup. Every customer is in tier A
and none was ever visited (the only visit is to `plain`), so all of them
are on the overdue-visits list; the rep `<script>rep</script>` has a March
target and no sales, so he is behind pace and his name is on the chart.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from salesdash import store
from tests.queries.conftest import AS_OF, empty, insert_shop, shop, shop_readonly

__all__ = ["AS_OF", "empty", "hostile", "shop", "shop_db", "shop_readonly"]

HOSTILE_NAMES = (
    '=HYPERLINK("http://evil.example","click")',
    "+1",
    "-2",
    "@x",
    "\tTab",
    "\rCR",
    "<script>alert(1)</script>",
)
HOSTILE_REP = "<script>rep</script>"


def insert_hostile(con: duckdb.DuckDBPyConnection) -> None:
    con.executemany(
        "insert into customers (customer, tier, region, rep) values (?, 'A', 'east', 'ann')",
        [(name,) for name in (*HOSTILE_NAMES, "plain")],
    )
    con.executemany(
        "insert into sales (date, customer, kind, amount) values ('2025-03-05', ?, 'sell_in', ?)",
        [(name, 100 * (i + 1)) for i, name in enumerate(HOSTILE_NAMES)],
    )
    con.execute(
        "insert into visits (date, rep, customer, type) values ('2025-03-04', 'ann', 'plain', 'visit')"
    )
    con.execute(
        "insert into targets (period, period_start, period_end, target, rep)"
        " values ('2025-03', '2025-03-01', '2025-03-31', 1000, ?)",
        [HOSTILE_REP],
    )


@pytest.fixture(scope="module")
def hostile() -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect()
    store.ensure_schema(con)
    insert_hostile(con)
    yield con
    con.close()


@pytest.fixture
def shop_db(tmp_path: Path) -> Path:
    """The shop as a workspace file, for the command line."""
    path = tmp_path / "shop.duckdb"
    con = store.connect(path)
    insert_shop(con)
    con.close()
    return path
