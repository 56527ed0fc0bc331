"""The metrics runner: named SQL files in `queries/`, run with bound parameters.

Every number on a page, in the CLI and in the tests comes from one of the
`queries/<name>.sql` files, asked for by name (`run(con, "attainment")`), so a
definition lives in one file and every caller sees the same figure.

Each file starts with a header of `--` lines: free text saying what the
metric means, then `grain:`, `params:`, `columns:` and `needs:` lines. The
runner parses them so it binds exactly the parameters a query declares and a
test can check that each header tells the truth.

Filters (regions, reps, segments, products, customers) and the SPEC's
fill-in rules (region and rep from the customers dataset, segment falling
back to tier then ABC class) live in one place: the table macros of
`queries/_staging.sql` and `queries/_intermediate.sql`, which the runner
creates as TEMP macros on each connection. Queries read only from those
macros (`sales_f($as_of, $regions, $reps, $segments, $products, $customers)`),
passing the filter lists as prepared parameters; a value is never formatted
into SQL text. DuckDB inlines table macros, so date predicates in a query
are pushed down into the scan of the raw table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from salesdash.config import PROJECT_ROOT

QUERIES_DIR = PROJECT_ROOT / "queries"
# Macro files run on each connection before any query, in this order
# (intermediate macros use the staging ones).
SETUP_FILES = ("_staging.sql", "_intermediate.sql")

# Page filters. Each is a list of values; None or an empty list means "all".
FILTERS = ("regions", "reps", "segments", "products", "customers")

# Defaults for every parameter a query may declare, besides as_of (which
# defaults to the latest sales date) and the filters (default: all).
DEFAULTS: dict[str, Any] = {
    "window_days": 7,  # the review week
    "churn_days": 90,  # the churn window
    "sla_days": 7,  # complaint service level
    "weeks": 13,  # length of weekly series
    "months": 12,  # length of monthly series and cohort history
    "dimension": "segment",  # breakdown column
    "limit": None,  # rows of a list (largest first); None = all
}

# What a query may break down by (the `dimension` parameter).
DIMENSIONS = ("segment", "rep", "region", "product", "channel", "tier", "customer")

# Why a dataset need is unmet, in words a manager understands.
NEED_REASONS = {
    "sales": "no sales loaded",
    "sell_in": "no sell-in (shipment) data loaded",
    "sell_out": "no sell-out data loaded (distributor sales to the market, 流向)",
    "cost": "sales carry no cost or margin column",
    "targets": "no targets loaded",
    "visits": "no visits loaded",
    "complaints": "no complaints loaded",
    "surveys": "no surveys loaded",
    "customers": "no customers dataset loaded",
}

_HEADER_KEYS = ("grain", "params", "columns", "needs")
_PARAM_RE = re.compile(r"\$([a-z_][a-z0-9_]*)")


@dataclass(frozen=True)
class Query:
    """One metric file: its SQL and what its header declares."""

    name: str
    path: Path
    sql: str
    description: str
    grain: str
    params: tuple[str, ...]
    columns: tuple[str, ...]
    needs: tuple[str, ...]


def parse_header(sql: str) -> dict[str, str]:
    """The leading `--` comment block as {key: value}; free text under 'description'."""
    fields: dict[str, str] = {}
    text: list[str] = []
    for line in sql.splitlines():
        stripped = line.strip()
        if not stripped.startswith("--"):
            break
        body = stripped[2:].strip()
        key, sep, value = body.partition(":")
        if sep and key in _HEADER_KEYS:
            fields[key] = value.strip()
        else:
            text.append(body)
    fields["description"] = " ".join(t for t in text if t)
    return fields


def _split_list(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


def load_query(path: Path) -> Query:
    sql = path.read_text(encoding="utf-8")
    header = parse_header(sql)
    missing = [k for k in ("grain", "params", "columns") if k not in header]
    if missing:
        raise ValueError(f"{path.name}: header lacks {', '.join(missing)}")
    return Query(
        name=path.stem,
        path=path,
        sql=sql,
        description=header["description"],
        grain=header["grain"],
        params=_split_list(header["params"]),
        columns=_split_list(header["columns"]),
        needs=_split_list(header.get("needs", "")),
    )


@cache
def queries(directory: Path = QUERIES_DIR) -> dict[str, Query]:
    """Every metric query by name, read once per process."""
    return {
        p.stem: load_query(p) for p in sorted(directory.glob("*.sql")) if not p.stem.startswith("_")
    }


@cache
def _setup_sql(directory: Path = QUERIES_DIR) -> tuple[tuple[str, ...], str]:
    """The staging and intermediate statements, in file order, and a hash naming that version.

    Split into single statements because DuckDB binds a multi-statement
    string before running it, so a macro could not use one defined above it.
    """
    text = "\n".join((directory / f).read_text(encoding="utf-8") for f in SETUP_FILES)
    statements = tuple(s for s in re.split(r";\s*$", text, flags=re.MULTILINE) if _has_code(s))
    return statements, hashlib.sha1(text.encode()).hexdigest()[:12]


def _has_code(statement: str) -> bool:
    return any(
        line.strip() and not line.strip().startswith("--") for line in statement.splitlines()
    )


def prepare(con: duckdb.DuckDBPyConnection) -> None:
    """Create the staging macros on this connection unless this version is already there.

    TEMP macros belong to one connection (a `con.cursor()` is a new one), so
    the runner checks a version marker before every query: one tiny query
    when present, the full set of CREATE statements when not.
    """
    statements, version = _setup_sql()
    try:
        current = con.execute("select salesdash_staging_version()").fetchone()
    except duckdb.Error:
        current = None
    if current and current[0] == version:
        return
    for statement in statements:
        con.execute(statement)
    # The version is a hex digest computed above, not user input, and macros
    # cannot hold parameters, so it is written into the statement.
    if not re.fullmatch(r"[0-9a-f]+", version):
        raise ValueError(f"bad staging version {version!r}")
    con.execute(f"create or replace temp macro salesdash_staging_version() as '{version}'")


# Customer dimensions kept per connection (one per as_of asked for).
_DIM_CACHE_SIZE = 8


def refresh_caches(con: duckdb.DuckDBPyConnection, as_of: dt.date | None) -> None:
    """Make `data_present()` and `customer_dim(as_of)` current for this connection.

    Both scan or group every sales row (which kinds exist; each customer's
    segment with its tier / ABC fallback) and every query reads them, often
    several times. So they are built once into TEMP tables, stamped with
    `data_fingerprint()` (row counts and the upload history, which every
    load and removal changes), and rebuilt when that changes. Rows changed
    behind the loader's back (an UPDATE on the same connection) need
    `clear_caches(con)`.
    """
    key: dict[str, Any] = {"fingerprint": con.execute("select data_fingerprint()").fetchone()[0]}
    fresh = con.execute(
        "select count(*) from data_present_cache where fingerprint = $fingerprint", key
    ).fetchone()[0]
    if not fresh:
        clear_caches(con)
        source = (
            f"select * from {PERSISTED_PRESENT} where fingerprint = $fingerprint"
            if _persisted(con, PERSISTED_PRESENT, key)
            else "select $fingerprint, * from data_present_build()"
        )
        con.execute(f"insert into data_present_cache {source}", key)
    if as_of is None:
        return
    key["as_of"] = as_of
    built, kept = con.execute(
        "select count(*) filter (where dim_as_of = $as_of and fingerprint = $fingerprint),"
        " count(*) from customer_dim_state",
        key,
    ).fetchone()
    if built:
        return
    if kept >= _DIM_CACHE_SIZE:
        con.execute("delete from customer_dim_cache")
        con.execute("delete from customer_dim_state")
    source = (
        f"select * from {PERSISTED_DIM} where fingerprint = $fingerprint and dim_as_of = $as_of"
        if _persisted(con, PERSISTED_DIM, key)
        else "select $as_of, $fingerprint, * from customer_dim_build($as_of)"
    )
    con.execute(f"insert into customer_dim_cache {source}", key)
    con.execute("insert into customer_dim_state values ($as_of, $fingerprint)", key)


# Copies of the two caches kept in the workspace file by whoever last wrote it,
# for the default review date: a page run opens the file afresh (see
# salesdash.workspace) and would otherwise rebuild them every time.
PERSISTED_PRESENT = "main.salesdash_cache_present"
PERSISTED_DIM = "main.salesdash_cache_customer_dim"


def _persisted(con: duckdb.DuckDBPyConnection, table: str, key: Mapping[str, Any]) -> bool:
    """Whether `table` exists in the file and holds rows for this fingerprint (and as_of)."""
    exists = con.execute(
        "select count(*) from duckdb_tables() where database_name = current_database()"
        " and schema_name = 'main' and table_name = $name",
        {"name": table.removeprefix("main.")},
    ).fetchone()[0]
    if not exists:
        return False
    where = "fingerprint = $fingerprint" + (" and dim_as_of = $as_of" if "as_of" in key else "")
    return bool(
        con.execute(f"select exists (select 1 from {table} where {where})", key).fetchone()[0]
    )


def persist_caches(con: duckdb.DuckDBPyConnection) -> None:
    """After a change, store the caches for the latest sales date in the workspace file.

    The writer pays once (about a second at 5M sales rows) so that every page
    run after it starts warm. Stamped with the fingerprint, so a copy left by
    an older version or a change made outside the loader is simply ignored.
    """
    prepare(con)
    key = {
        "fingerprint": con.execute("select data_fingerprint()").fetchone()[0],
        "as_of": default_as_of(con),
    }
    con.execute(
        f"create or replace table {PERSISTED_PRESENT} as select * from data_present_cache limit 0"
    )
    con.execute(
        f"insert into {PERSISTED_PRESENT} select $fingerprint, * from data_present_build()",
        {"fingerprint": key["fingerprint"]},
    )
    con.execute(
        f"create or replace table {PERSISTED_DIM} as select * from customer_dim_cache limit 0"
    )
    if key["as_of"] is not None:
        con.execute(
            f"insert into {PERSISTED_DIM}"
            " select $as_of, $fingerprint, * from customer_dim_build($as_of)",
            key,
        )


def clear_caches(con: duckdb.DuckDBPyConnection) -> None:
    """Forget the cached tables; the next query rebuilds them."""
    prepare(con)
    for table in ("data_present_cache", "customer_dim_cache", "customer_dim_state"):
        con.execute(f"delete from {table}")  # names fixed here, not user input


def default_as_of(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The review date when none is given: the latest sales date, never the wall clock."""
    row = con.execute("select max(date) from sales").fetchone()
    return row[0] if row else None


def _as_date(value: Any) -> dt.date:
    """A date from a date, datetime / Timestamp or ISO string ("2025-03-10")."""
    if isinstance(value, dt.datetime):  # pd.Timestamp included
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _as_filter(value: Any) -> list[str] | None:
    """A filter as a list of strings; None for "all" (None, empty list, no values)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = [value]
    values = [str(v) for v in value if v is not None]
    return values or None


def known_params() -> set[str]:
    """Every parameter name some query declares."""
    return {p for q in queries().values() for p in q.params}


def bind_params(con: duckdb.DuckDBPyConnection, query: Query, given: Mapping[str, Any]) -> dict:
    """Values for exactly the parameters `query` declares, defaults filled in.

    Callers may pass one shared set of page parameters to every query; those
    a query does not declare are left out (DuckDB refuses unused names). A
    name no query declares at all is a typo and raises.
    """
    unknown = set(given) - known_params() - set(DEFAULTS) - set(FILTERS) - {"as_of"}
    if unknown:
        raise TypeError(f"unknown metric parameter(s): {', '.join(sorted(unknown))}")
    bound: dict[str, Any] = {}
    for name in query.params:
        value = given.get(name, DEFAULTS.get(name))
        if name == "as_of":
            value = _as_date(value) if value is not None else default_as_of(con)
        elif name in FILTERS:
            value = _as_filter(value)
        elif name == "dimension":
            if value not in DIMENSIONS:
                raise ValueError(f"dimension must be one of {', '.join(DIMENSIONS)}")
        elif name == "limit" and value is None:
            pass
        elif name in DEFAULTS:
            value = int(value)
            if value <= 0:
                raise ValueError(f"{name} must be a positive whole number, got {value}")
        bound[name] = value
    return bound


# A region no row has: what a scoped user's region filter becomes when it
# keeps none of their regions (an empty list would mean "all").
OUTSIDE_SCOPE = "\x00outside-scope"


def scoped(query: Query, params: Mapping[str, Any], scope: Sequence[str] | None) -> dict:
    """`params` with the regions filter narrowed to `scope` (the regions a sign-in may see).

    Applied here, under every query, rather than by the pages, so totals,
    lists, charts and exports of a regional manager count their regions only:
    their figures are the unscoped ones filtered to those regions.
    """
    if scope is None:
        return dict(params)
    if "regions" not in query.params:
        raise PermissionError(f"query {query.name!r} cannot be limited to regions")
    wanted = _as_filter(params.get("regions")) or list(scope)
    allowed = [r for r in wanted if r in set(scope)]
    return {**params, "regions": allowed or [OUTSIDE_SCOPE]}


def run(
    con: duckdb.DuckDBPyConnection,
    name: str,
    scope: Sequence[str] | None = None,
    **params: Any,
) -> pd.DataFrame:
    """Run the metric query `name` and return its rows as a DataFrame.

    `params` may hold as_of (date or ISO string; default: latest sales
    date), window_days, churn_days, sla_days, weeks, months, dimension,
    limit (lists: how many rows, largest first; default all) and the
    filter lists regions, reps, segments, products, customers. Only those the query declares are bound.
    `scope`: the regions the asking user is limited to (None: all), see `scoped`.
    """
    try:
        query = queries()[name]
    except KeyError:
        raise KeyError(f"no query named {name!r}; known: {', '.join(sorted(queries()))}") from None
    prepare(con)
    bound = bind_params(con, query, scoped(query, params, scope))
    refresh_caches(con, bound.get("as_of"))
    return con.execute(query.sql, bound).df()


def describe() -> list[dict[str, Any]]:
    """What each query is, needs and returns, for docs, pages and tests."""
    return [
        {
            "name": q.name,
            "description": q.description,
            "grain": q.grain,
            "params": list(q.params),
            "columns": list(q.columns),
            "needs": list(q.needs),
        }
        for q in queries().values()
    ]


def data_present(con: duckdb.DuckDBPyConnection) -> dict[str, bool]:
    """Which needs (see NEED_REASONS) the workspace meets, ignoring filters and dates."""
    prepare(con)
    refresh_caches(con, None)
    names = tuple(NEED_REASONS)
    columns = ", ".join(f"has_{n}" for n in names)  # names fixed in NEED_REASONS
    row = con.execute(f"select {columns} from data_present()").fetchone()
    return dict(zip(names, map(bool, row), strict=True))


def missing_reason(
    con: duckdb.DuckDBPyConnection, name: str, present: Mapping[str, bool] | None = None
) -> str | None:
    """Why query `name` has nothing to show, or None when its data is loaded."""
    have = present if present is not None else data_present(con)
    for need in queries()[name].needs:
        if not have.get(need, False):
            return NEED_REASONS[need]
    return None
