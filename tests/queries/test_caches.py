"""The cached building blocks give exactly what computing from the sales rows gives.

Stock positions, purchase windows, target actuals, last contacts and weekly
sales are built once per data version into salesdash_cache_* tables (a writer
stores them in the workspace file) and re-added under the page filters. Here each is checked
against the definition written straight over the staging macros, under every
filter, on the shop plus rows whose own region and rep differ from their
customer's (so a region or rep filter keeps only part of a position); and
every query is checked to give the same rows from a writer's stored copies
as from a connection that builds its own, and never a stale copy.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from salesdash import queries, store, workspace
from tests.queries.conftest import SALES, TARGETS, VISITS, insert_shop
from tests.queries.frames import AS_OF

EARLIER = dt.date(2025, 2, 28)

# Rows whose region and rep are their own, not their customer's (acme is
# east / ann, bolt west / bob), and rows with quantities.
SPLIT_SALES = [
    # date, customer, kind, amount, quantity, product, rep, region
    ("2025-02-20", "acme", "sell_in", 500, 5, "p1", "bob", "west"),
    ("2025-03-09", "acme", "sell_out", 120, 1, "p1", "bob", "west"),
    ("2025-01-20", "bolt", "sell_out", 40, 2, "p2", "ann", None),
    ("2025-01-05", "cove", "sell_in", 90, 3, "p2", None, None),
    ("2024-12-15", "acme", "sell_in", 700, 7, "p3", None, "west"),
]

FILTER_SETS = [
    {},
    {"regions": ["west"]},
    {"regions": ["east"]},
    {"reps": ["bob"]},
    {"reps": ["ann"]},
    {"products": ["p1"]},
    {"segments": ["KA"]},
    {"segments": ["C"]},
    {"customers": ["acme", "bolt"]},
    {"regions": ["west"], "products": ["p1"]},
    {"regions": ["nowhere"]},
]


def insert_split_shop(con: duckdb.DuckDBPyConnection) -> None:
    insert_shop(con)
    con.executemany(
        "insert into sales (date, customer, kind, amount, quantity, product, rep, region)"
        " values (?, ?, ?, ?, ?, ?, ?, ?)",
        SPLIT_SALES,
    )


@pytest.fixture(scope="module")
def split_shop():
    con = duckdb.connect()
    store.ensure_schema(con)
    insert_split_shop(con)
    yield con
    con.close()


def bind(as_of: dt.date, filters: dict, **more) -> dict:
    return {f: filters.get(f) for f in queries.FILTERS} | {"as_of": as_of} | more


def frame(con, sql: str, params: dict, order: str, via: str) -> pd.DataFrame:
    """The rows of `sql`, once the runner has made the caches query `via` reads readable."""
    queries.run(con, via, as_of=params["as_of"], churn_days=params.get("days", 90))
    return con.execute(f"select * from ({sql}) order by {order}", params).df()


def same(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Equal up to the order floating-point sums are added in."""
    pd.testing.assert_frame_equal(
        got.reset_index(drop=True), expected.reset_index(drop=True), check_dtype=False, rtol=1e-9
    )


FILTER_ARGS = "$as_of, $regions, $reps, $segments, $products, $customers"

# The definitions as they read before the caches: straight over sales_f.
DIRECT_POSITIONS = f"""
with positions as (
    select
        customer,
        product,
        sum(stock_change(kind, amount)) as stock_amount,
        sum(stock_change(kind, quantity)) as stock_units,
        coalesce(sell_out_amount(
            kind, case when date > $as_of::date - 56 then amount end
        ), 0) as sell_out_8w_amount,
        max(date) filter (where kind = 'sell_out') as last_sell_out_date
    from sales_f({FILTER_ARGS})
    where (select has_sell_out from data_present())
    group by customer, product
)
select
    *,
    max(last_sell_out_date) over (partition by customer) is not null as reports_sell_out
from positions
"""
CACHED_POSITIONS = f"""
select customer, product, stock_amount, stock_units, sell_out_8w_amount, last_sell_out_date,
    reports_sell_out
from stock_positions({FILTER_ARGS})
"""

DIRECT_WINDOWS = f"""
select
    customer,
    coalesce(sum(amount) filter (where date > $as_of::date - $days), 0) as current_amount,
    coalesce(sum(amount) filter (
        where date > $as_of::date - 2 * $days and date <= $as_of::date - $days
    ), 0) as previous_amount,
    min(date) as first_purchase_date,
    max(date) as last_purchase_date
from purchases_f({FILTER_ARGS})
group by customer
"""
CACHED_WINDOWS = """
select customer, current_amount, previous_amount, first_purchase_date, last_purchase_date
from customer_windows($as_of, $days, $regions, $reps, $segments, $products, $customers)
"""

DIRECT_ACTUALS = f"""
select
    t.target_id,
    (select coalesce(sum(s.amount), 0) from sales_f($as_of, null, null, null, null, null) s
        where s.kind = 'sell_in' and s.amount > 0 and s.date >= t.period_start
            and (t.rep is null or s.rep = t.rep) and (t.region is null or s.region = t.region)
            and (t.product is null or s.product = t.product)
            and (t.customer is null or s.customer = t.customer)) as actual,
    (select coalesce(sum(s.amount), 0) from sales_f($as_of, null, null, null, null, null) s
        where s.kind = 'sell_out' and s.date >= t.period_start
            and (t.rep is null or s.rep = t.rep) and (t.region is null or s.region = t.region)
            and (t.product is null or s.product = t.product)
            and (t.customer is null or s.customer = t.customer)) as actual_net
from targets_f({FILTER_ARGS}) t
where t.period_start <= $as_of::date and t.period_end >= $as_of::date
"""
CACHED_ACTUALS = f"select target_id, actual, actual_net from target_actuals({FILTER_ARGS})"


@pytest.mark.parametrize("as_of", [AS_OF, EARLIER])
@pytest.mark.parametrize("filters", FILTER_SETS, ids=str)
def test_stock_positions_are_the_sales_rows_the_filters_keep_added_up(split_shop, as_of, filters):
    params = bind(as_of, filters)
    order = "customer, product"
    same(
        frame(split_shop, CACHED_POSITIONS, params, order, "channel_stock"),
        frame(split_shop, DIRECT_POSITIONS, params, order, "channel_stock"),
    )


def test_a_region_filter_keeps_only_the_part_of_a_position_sold_in_that_region(split_shop):
    params = bind(AS_OF, {"regions": ["west"]})
    west = frame(split_shop, CACHED_POSITIONS, params, "product", "channel_stock")
    acme = west[west["customer"] == "acme"]
    # acme (east) has two p1 rows carrying west: +500 in, -120 out; and p3's 700 in.
    assert list(zip(acme["product"], acme["stock_amount"], strict=True)) == [
        ("p1", 380),
        ("p3", 700),
    ]


@pytest.mark.parametrize("days", [90, 30])
@pytest.mark.parametrize("as_of", [AS_OF, EARLIER])
@pytest.mark.parametrize("filters", FILTER_SETS, ids=str)
def test_customer_windows_are_the_purchases_the_filters_keep_added_up(
    split_shop, as_of, filters, days
):
    params = bind(as_of, filters, days=days)
    same(
        frame(split_shop, CACHED_WINDOWS, params, "customer", "customer_churn"),
        frame(split_shop, DIRECT_WINDOWS, params, "customer", "customer_churn"),
    )


@pytest.mark.parametrize("as_of", [AS_OF, EARLIER])
@pytest.mark.parametrize("filters", FILTER_SETS, ids=str)
def test_target_actuals_are_their_scopes_sales_whatever_the_filters(split_shop, as_of, filters):
    params = bind(as_of, filters)
    same(
        frame(split_shop, CACHED_ACTUALS, params, "target_id", "attainment"),
        frame(split_shop, DIRECT_ACTUALS, params, "target_id", "attainment"),
    )


@pytest.mark.parametrize("weeks", [13, 40])
@pytest.mark.parametrize("as_of", [AS_OF, EARLIER])
@pytest.mark.parametrize("filters", FILTER_SETS, ids=str)
def test_weekly_sales_are_the_weeks_of_the_rows_the_filters_keep(split_shop, as_of, filters, weeks):
    # 13 weeks unfiltered come from the cached 26; 40 weeks, or any filter, from the rows.
    params = bind(as_of, filters)
    params["since"] = as_of - dt.timedelta(days=as_of.weekday() + 7 * (weeks - 1))
    args = "$as_of, $since, $regions, $reps, $segments, $products, $customers"
    same(
        frame(
            split_shop, f"select * from weekly_sales({args})", params, "week_start", "sales_weekly"
        ),
        frame(
            split_shop,
            f"select * from weekly_sales_build({args})",
            params,
            "week_start",
            "sales_weekly",
        ),
    )


@pytest.mark.parametrize("as_of", [AS_OF, EARLIER])
def test_last_contacts_are_those_of_all_visits_up_to_as_of(split_shop, as_of):
    params = {"as_of": as_of}
    direct = """
        select customer, max(date) filter (where type = 'visit') as last_visit_date,
            max(date) as last_contact_date
        from visits_f($as_of, null, null, null, null, null) group by customer
    """
    same(
        frame(
            split_shop,
            "select * from customer_contacts($as_of)",
            params,
            "customer",
            "overdue_visits",
        ),
        frame(split_shop, direct, params, "customer", "overdue_visits"),
    )


def test_filter_options_count_the_sales_rows_carrying_each_value(split_shop):
    direct = split_shop.execute(
        """
        with rows as (select region, rep, segment, product
                      from sales_f($as_of, $regions, null, null, null, null))
        select 'product' as dimension, product as value, count(*) as rows from rows
        where product is not null group by all
        union all select 'region', region, count(*) from rows where region is not null group by all
        union all select 'rep', rep, count(*) from rows where rep is not null group by all
        union all select 'segment', segment, count(*) from rows
        where segment is not null group by all
        order by dimension, rows desc, value
        """,
        {"as_of": AS_OF, "regions": ["west"]},
    ).df()
    same(queries.run(split_shop, "filter_options", as_of=AS_OF, regions=["west"]), direct)


# The writer's stored copies ------------------------------------------------------


# How the writer stores the parts: always, or never (the readers then add up
# the sales rows). Which one it picks is tested below on its own.
PARTS_STORED = {"parts stored": float("inf"), "rows added up": 0.0}


@pytest.fixture(scope="module", params=sorted(PARTS_STORED))
def stored(tmp_path_factory, request):
    """The split shop in a workspace file, written the way a load writes (caches stored)."""
    db = tmp_path_factory.mktemp("stored") / "w.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(queries, "PARTS_SHARE", PARTS_STORED[request.param])
        with workspace.writing(db) as con:
            insert_split_shop(con)
    with duckdb.connect(str(db), read_only=True) as raw:
        parts = raw.execute("select count(*) from salesdash_cache_parts").fetchone()[0]
    assert (parts > 0) == (request.param == "parts stored")
    return db


@pytest.fixture(scope="module")
def page(stored):
    """A page's connection to that file: read-only, opened afresh."""
    with workspace.reading(stored) as con:
        yield con


def uses_stored_copies(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the connection reads the file's caches (no TEMP table of its own hides them)."""
    return not con.execute(
        "select count(*) from duckdb_tables() where temporary"
        " and table_name like 'salesdash_cache_%'"
    ).fetchone()[0]


PAGE_VIEWS = [{}, {"regions": ["west"]}, {"products": ["p1"]}, {"segments": ["KA"]}]


@pytest.mark.parametrize("view", PAGE_VIEWS, ids=str)
@pytest.mark.parametrize("name", sorted(queries.queries()))
def test_every_query_gives_the_same_rows_from_the_stored_caches_as_from_its_own(
    page, split_shop, name, view
):
    from_file = queries.run(page, name, **view)
    assert uses_stored_copies(page)
    same(from_file, queries.run(split_shop, name, **view))


def test_a_page_reading_the_stored_copies_creates_no_macro_and_builds_nothing(stored):
    with workspace.reading(stored) as con:
        queries.run(con, "slow_moving_by_customer")
        queries.run(con, "customer_churn")
        temporary = con.execute(
            "select count(*) from duckdb_functions() where function_name = 'sales_f'"
            " and database_name = 'temp'"
        ).fetchone()[0]
        assert temporary == 0
        assert uses_stored_copies(con)


def test_another_date_than_the_stored_one_is_built_for_it(stored, split_shop):
    with workspace.reading(stored) as con:
        earlier = queries.run(con, "slow_moving_stock", as_of=EARLIER)
        latest = queries.run(con, "slow_moving_stock")
    same(earlier, queries.run(split_shop, "slow_moving_stock", as_of=EARLIER))
    same(latest, queries.run(split_shop, "slow_moving_stock"))


def test_stored_copies_are_read_and_ignored_once_the_data_change(tmp_path):
    db = tmp_path / "w.duckdb"
    with workspace.writing(db) as con:
        insert_split_shop(con)
    # Mark the stored copy, as if the writer had found a stock of its own.
    with duckdb.connect(str(db)) as raw:
        raw.execute(
            "update salesdash_cache_position_totals set stock_amount = 123456"
            " where customer = 'bolt'"
        )

    def bolt_stock() -> float:
        with workspace.reading(db) as con:
            positions = queries.run(con, "channel_stock", customers=["bolt"])
        return positions["stock_amount"].sum()

    assert bolt_stock() == 123456  # read, not rebuilt
    with duckdb.connect(str(db)) as raw:  # a change the loader did not make: new fingerprint
        raw.execute(
            "insert into sales (date, customer, kind, amount, product)"
            " values ('2025-03-01', 'bolt', 'sell_in', 5, 'p2')"
        )
    # bolt's p2: 3000 + 500 + 600 + 5 in, 50 back, 100 + 40 out
    assert bolt_stock() == 3915


def test_stored_copies_of_another_sql_version_are_ignored(tmp_path, split_shop):
    db = tmp_path / "w.duckdb"
    with workspace.writing(db) as con:
        insert_split_shop(con)
    with duckdb.connect(str(db)) as raw:
        raw.execute("update salesdash_cache_stamp set version = 'older'")
        raw.execute("update salesdash_cache_window_totals set current_amount = 0")
    with workspace.reading(db) as con:
        churn = queries.run(con, "customer_churn")
        assert not uses_stored_copies(con)
    same(churn, queries.run(split_shop, "customer_churn"))


def test_a_write_that_changes_nothing_keeps_the_stored_copies(tmp_path):
    db = tmp_path / "w.duckdb"
    with workspace.writing(db) as con:
        insert_split_shop(con)
    with duckdb.connect(str(db)) as raw:
        raw.execute("update salesdash_cache_contacts set last_visit_date = date '2025-03-09'")
    with workspace.writing(db):
        pass  # a duplicate file: nothing loaded
    with duckdb.connect(str(db)) as raw:
        kept = raw.execute("select count(*) from salesdash_cache_contacts").fetchone()[0]
        marked = raw.execute(
            "select count(*) from salesdash_cache_contacts where last_visit_date = '2025-03-09'"
        ).fetchone()[0]
    assert marked == kept > 0


def test_without_targets_or_visits_their_caches_are_stored_empty_and_filled_once_loaded(tmp_path):
    db = tmp_path / "w.duckdb"
    built = duckdb.connect()  # the same rows; its caches built on the connection
    store.ensure_schema(built)
    with workspace.writing(db) as con:  # a sales-only workspace
        for target in (con, built):
            target.executemany(
                "insert into sales (date, customer, kind, amount, product, rep, region)"
                " values (?, ?, ?, ?, ?, ?, ?)",
                SALES,
            )

    def stored_rows() -> tuple[int, int]:
        with duckdb.connect(str(db), read_only=True) as raw:
            return raw.execute(
                "select (select count(*) from salesdash_cache_target_actuals),"
                " (select count(*) from salesdash_cache_contacts)"
            ).fetchone()

    assert stored_rows() == (0, 0)
    with workspace.writing(db) as con:
        for target in (con, built):
            target.executemany(
                "insert into targets (period, period_start, period_end, target, rep, region,"
                " product) values (?, ?, ?, ?, ?, ?, ?)",
                TARGETS,
            )
            target.executemany(
                "insert into visits (date, rep, customer, type, purpose, order_amount,"
                " collected_amount) values (?, ?, ?, ?, ?, ?, ?)",
                VISITS,
            )
    # Four target scopes in force on 2025-03-10 (2025-04 has not started); four
    # customers visited or called (acme, bolt, cove, dora).
    assert stored_rows() == (4, 4)
    with workspace.reading(db) as con:
        attainment = queries.run(con, "attainment")
        compliance = queries.run(con, "visit_compliance")
        assert uses_stored_copies(con)
    same(attainment, queries.run(built, "attainment"))
    same(compliance, queries.run(built, "visit_compliance"))
    built.close()


def test_clear_caches_forgets_the_stored_copies_too(tmp_path):
    db = tmp_path / "w.duckdb"
    with workspace.writing(db) as con:
        insert_split_shop(con)
    with workspace.writing(db) as con:
        # A change the fingerprint cannot see: same row counts, same uploads.
        con.execute("update sales set amount = 10000 where customer = 'cove' and kind = 'sell_in'")
        before = queries.run(con, "customer_churn")["previous_purchases"].iloc[0]
        queries.clear_caches(con)
        after = queries.run(con, "customer_churn")["previous_purchases"].iloc[0]
    # cove's 300 on 2024-12-01 is in the previous window; now it counts 10,000.
    assert after - before == 10000 - 300


def test_caches_left_by_an_older_version_without_a_stamp_are_not_read(tmp_path, split_shop):
    db = tmp_path / "w.duckdb"
    with duckdb.connect(str(db)) as raw:
        store.ensure_schema(raw)
        insert_split_shop(raw)
        # What the previous version left: its own columns, no stamp.
        raw.execute(
            "create table salesdash_cache_present as select 'x' as fingerprint, false as has_sales"
        )
    with duckdb.connect(str(db), read_only=True) as con:
        cards = queries.run(con, "kpi_cards")
    same(cards, queries.run(split_shop, "kpi_cards"))


def parts_stored(db) -> int:
    with duckdb.connect(str(db), read_only=True) as raw:
        return raw.execute("select count(*) from salesdash_cache_parts").fetchone()[0]


def test_parts_are_stored_only_where_they_are_fewer_than_half_the_sales_rows(tmp_path):
    # 40 rows of one customer, product, region and rep: one part.
    repeat = tmp_path / "repeat.duckdb"
    with workspace.writing(repeat) as con:
        con.executemany(
            "insert into sales (date, customer, kind, amount, product, rep, region)"
            " values (?, 'acme', 'sell_in', ?, 'p1', 'ann', 'east')",
            [(dt.date(2025, 1, 1) + dt.timedelta(days=i), 10 + i) for i in range(40)],
        )
    # 40 rows of 40 customers: as many parts as rows, read by adding up the rows.
    spread = tmp_path / "spread.duckdb"
    with workspace.writing(spread) as con:
        con.executemany(
            "insert into sales (date, customer, kind, amount, product, rep, region)"
            " values ('2025-01-01', ?, 'sell_in', 10, 'p1', 'ann', 'east')",
            [(f"c{i}",) for i in range(40)],
        )
    assert parts_stored(repeat) == 1
    assert parts_stored(spread) == 0
    with workspace.reading(spread) as con:
        options = queries.run(con, "filter_options", regions=["east"])
        assert uses_stored_copies(con)  # nothing built: the rows were added up
    assert options.query("dimension == 'rep'")["rows"].tolist() == [40]
