"""Every queries/*.sql file tells the truth in its header, runs, and is documented."""

from __future__ import annotations

import re

import duckdb
import pytest

from salesdash import queries
from salesdash.config import PROJECT_ROOT
from tests.queries.frames import AS_OF

NAMES = sorted(queries.queries())
PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


def test_there_are_query_files_for_every_area_of_the_spec():
    assert len(NAMES) >= 25
    for expected in ("kpi_cards", "attainment", "customer_churn", "satisfaction",
                     "complaints_summary", "visit_summary", "slow_moving_stock"):  # fmt: skip
        assert expected in NAMES


@pytest.mark.parametrize("name", NAMES)
def test_declared_params_are_exactly_the_ones_the_sql_uses(name: str):
    query = queries.queries()[name]
    body = "\n".join(line for line in query.sql.splitlines() if not line.strip().startswith("--"))
    assert sorted(set(PARAM.findall(body))) == sorted(query.params)


@pytest.mark.parametrize("name", NAMES)
def test_returned_columns_are_the_declared_ones(
    shop_readonly: duckdb.DuckDBPyConnection, name: str
):
    frame = queries.run(shop_readonly, name, as_of=AS_OF)
    assert list(frame.columns) == list(queries.queries()[name].columns)


@pytest.mark.parametrize("name", NAMES)
def test_every_query_runs_on_an_empty_workspace(
    empty_readonly: duckdb.DuckDBPyConnection, name: str
):
    frame = queries.run(empty_readonly, name)
    assert list(frame.columns) == list(queries.queries()[name].columns)


@pytest.mark.parametrize("name", NAMES)
def test_every_query_runs_with_every_filter_set(
    shop_readonly: duckdb.DuckDBPyConnection, name: str
):
    frame = queries.run(
        shop_readonly, name, as_of=AS_OF, regions=["west"], reps=["bob"], segments=["C"],
        products=["p2"], customers=["bolt"],
    )  # fmt: skip
    assert list(frame.columns) == list(queries.queries()[name].columns)


@pytest.mark.parametrize("name", NAMES)
def test_every_header_states_meaning_grain_and_needs(name: str):
    query = queries.queries()[name]
    assert query.description.startswith(f"{name}:") or query.description.startswith(name)
    assert query.grain.startswith("one row")
    assert set(query.needs) <= set(queries.NEED_REASONS)


@pytest.mark.parametrize("name", NAMES)
def test_every_query_file_is_short_and_ends_with_select_from_final(name: str):
    sql = queries.queries()[name].sql
    body = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    assert len(body) <= 80, f"{name}.sql has {len(body)} lines of SQL"
    assert re.search(r"select \* from final\b", sql)
    assert sql == sql.replace("SELECT ", "select ").replace("FROM ", "from ")


@pytest.mark.parametrize("name", NAMES)
def test_every_query_is_documented_in_docs_metrics(name: str):
    docs = (PROJECT_ROOT / "docs" / "metrics.md").read_text(encoding="utf-8")
    assert f"queries/{name}.sql" in docs


def test_queries_read_the_staging_macros_never_the_raw_tables():
    raw = re.compile(
        r"\b(from|join)\s+(main\.)?(sales|targets|visits|complaints|surveys|customers)\b"
    )
    for name in NAMES:
        assert not raw.search(queries.queries()[name].sql), name


def test_an_unknown_parameter_name_is_refused(shop: duckdb.DuckDBPyConnection):
    with pytest.raises(TypeError, match="window_dayz"):
        queries.run(shop, "kpi_cards", window_dayz=7)


def test_parameters_a_query_does_not_declare_are_ignored(shop: duckdb.DuckDBPyConnection):
    frame = queries.run(shop, "satisfaction", as_of=AS_OF, window_days=7, sla_days=3)
    assert len(frame) == 1


def test_a_breakdown_dimension_outside_the_list_is_refused(shop: duckdb.DuckDBPyConnection):
    with pytest.raises(ValueError, match="dimension"):
        queries.run(shop, "sales_breakdown", dimension="amount; drop table sales")


def test_default_as_of_is_the_latest_sales_date(shop: duckdb.DuckDBPyConnection):
    assert queries.default_as_of(shop) == AS_OF


def test_missing_reason_names_the_dataset_to_load(empty: duckdb.DuckDBPyConnection):
    assert queries.missing_reason(empty, "attainment") == "no targets loaded"
    empty.execute(
        "insert into sales (date, customer, amount, kind) values ('2025-01-01', 'x', 1, 'sell_in')"
    )
    assert queries.missing_reason(empty, "slow_moving_stock").startswith("no sell-out data")
    assert queries.missing_reason(empty, "kpi_cards") is None


def test_a_load_after_a_query_is_seen_by_the_next_query(shop: duckdb.DuckDBPyConnection):
    before = queries.run(shop, "kpi_cards", as_of=AS_OF).set_index("kpi")["current_value"]
    shop.execute(
        "insert into sales (date, customer, kind, amount) values (?, ?, ?, ?)",
        [AS_OF, "zeta", "sell_in", 5.0],
    )
    after = queries.run(shop, "kpi_cards", as_of=AS_OF).set_index("kpi")["current_value"]
    assert after["gross_sales"] == before["gross_sales"] + 5
    assert after["active_customers"] == before["active_customers"] + 1
