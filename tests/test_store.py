"""The workspace says how fresh it is: sales span and the last upload."""

from __future__ import annotations

import datetime as dt

from salesdash import load, store
from tests.fixtures import write_csv


def test_an_empty_workspace_has_no_dates_and_no_uploads(con):
    assert store.freshness(con) == {
        "first_sales_date": None,
        "latest_sales_date": None,
        "last_upload_at": None,
        "uploads": 0,
    }


def test_freshness_gives_the_sales_span_and_the_newest_upload(con, tmp_path):
    before = dt.datetime.now().replace(microsecond=0)
    sales = write_csv(
        tmp_path / "sales.csv",
        [
            ("date", "customer", "amount"),
            ("2025-03-01", "acme", 100),
            ("2025-03-09", "bolt", 200),
            ("2025-02-14", "acme", 50),
        ],
    )
    visits = write_csv(
        tmp_path / "visits.csv",
        [("date", "rep", "customer"), ("2025-04-01", "ann", "acme")],
    )
    load.load_file(con, sales)
    load.load_file(con, visits)

    fresh = store.freshness(con)

    assert fresh["first_sales_date"] == dt.date(2025, 2, 14)
    assert fresh["latest_sales_date"] == dt.date(2025, 3, 9)  # visits do not move it
    assert fresh["uploads"] == 2
    assert before <= fresh["last_upload_at"] <= dt.datetime.now()
