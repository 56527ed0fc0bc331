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
`queries/_staging.sql` and `queries/_intermediate.sql`, which every writer
stores in the workspace file and the runner otherwise creates as TEMP macros
on a connection. Queries read only from those macros
(`sales_f($as_of, $regions, $reps, $segments, $products, $customers)`),
passing the filter lists as prepared parameters; a value is never formatted
into SQL text. DuckDB inlines table macros, so date predicates in a query
are pushed down into the scan of the raw table, and filters on parameters
left NULL fold away when the query is planned.

What would group every sales row on each query (customer dimension, stock
and purchase parts, target actuals, last contacts) is cached: see "caches"
below.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from salesdash.config import PROJECT_ROOT
from salesdash.store import quote_ident

if TYPE_CHECKING:  # the load command imports this module and never needs pandas
    import pandas as pd

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

    A writer stores the macros in the workspace file (`persist_caches`), so a
    page run finds them there and this is one tiny query. Otherwise (an
    in-memory workspace, a file written by another version) they are created
    as TEMP macros, which belong to one connection (a `con.cursor()` is a new
    one) and hide the file's; so do the TEMP cache tables created with them.
    """
    statements, version = _setup_sql()
    if _version_here(con) == version:
        return
    for statement in statements:
        con.execute(statement)
    con.execute(_version_macro(version, temp=True))
    state = _state(con)
    state.fingerprint = None
    state.hidden = {c.name for c in CACHES}
    state.ready = {}


def _version_here(con: duckdb.DuckDBPyConnection) -> str | None:
    """The version of the macros this connection reads (TEMP or the file's), None if none."""
    try:
        return con.execute("select salesdash_staging_version()").fetchone()[0]
    except duckdb.Error:
        return None


def _version_macro(version: str, temp: bool) -> str:
    # The version is a hex digest computed here, not user input, and macros
    # cannot hold parameters, so it is written into the statement.
    if not re.fullmatch(r"[0-9a-f]+", version):
        raise ValueError(f"bad staging version {version!r}")
    kind = "temp macro" if temp else "macro"
    return f"create or replace {kind} salesdash_staging_version() as '{version}'"


# ---- caches ---------------------------------------------------------------
#
# Whatever groups every sales row is built once into a table
# salesdash_cache_<name> and read through a macro that picks its key (see the
# head of queries/_staging.sql). A writer stores them in the workspace file
# for the latest sales date (`persist_caches`), so a page run, which opens the
# file afresh, starts warm. A connection that asks for another key, or finds
# the file's copies stale, builds its own into a TEMP table of the same name.


@dataclass(frozen=True)
class Cache:
    """One cached table: the macro that builds it, what it is keyed by, who reads it."""

    name: str  # the table is salesdash_cache_<name>
    build: str  # the *_build table macro giving its rows for one key
    keys: tuple[str, ...]  # "as_of" (a date), "days" (the churn window)
    readers: tuple[str, ...]  # macros whose use in a query reads it; () = every query
    keep: int  # keys a connection keeps before emptying its TEMP copy


_STOCK = ("stock_positions", "stock_by_position")
# In build order: each reads only those above it.
CACHES = (
    Cache("present", "data_present_build", (), (), 1),
    Cache("customer_dim", "customer_dim_build", ("as_of",), (), 8),
    Cache(
        "parts", "parts_build", ("as_of", "days"), (*_STOCK, "sales_parts_f", "customer_windows"), 2
    ),
    Cache("position_totals", "position_totals_build", ("as_of",), _STOCK, 2),
    Cache("window_totals", "window_totals_build", ("as_of", "days"), ("customer_windows",), 2),
    Cache("weekly", "weekly_totals_build", ("as_of",), ("weekly_sales",), 8),
    Cache("target_actuals", "target_actuals_build", ("as_of",), ("target_actuals",), 8),
    Cache("contacts", "contacts_build", ("as_of",), ("contact_status",), 8),
)
_KEY_SQL = {"as_of": "$as_of::date", "days": "$days::integer"}
# A stored copy as a DuckDB client without TEMP tables names it.
PERSISTED_DIM = "main.salesdash_cache_customer_dim"


def _table(cache: Cache | str, temp: bool = False) -> str:
    """The quoted name of a cache's table (in the file, or this connection's TEMP copy)."""
    name = quote_ident(f"salesdash_cache_{cache if isinstance(cache, str) else cache.name}")
    return f"temp.main.{name}" if temp else name


STAMP = _table("stamp")  # what the stored copies are for (fingerprint, SQL version, key)


def _rows_sql(cache: Cache) -> str:
    """SELECT of the cache's rows for the key in $as_of / $days, key columns first."""
    keys = [f"{_KEY_SQL[k]} as cache_{k}" for k in cache.keys]
    args = ", ".join(f"${k}" for k in cache.keys)
    return f"select {', '.join([*keys, '*'])} from {quote_ident(cache.build)}({args})"


@cache
def _shadow_sql() -> dict[str, str]:
    """Per cache, the setup statement creating the connection's own empty TEMP table."""
    statements, _ = _setup_sql()
    found = {}
    for statement in statements:
        m = re.search(r"create or replace temp table salesdash_cache_(\w+) as", statement)
        if m:
            found[m.group(1)] = statement
    missing = {c.name for c in CACHES} - set(found)
    if missing:
        raise ValueError(f"setup SQL lacks the TEMP table of cache(s) {', '.join(missing)}")
    return found


@dataclass
class _Connection:
    """What the runner knows of one connection's caches (TEMP tables are per connection)."""

    fingerprint: str | None = None  # of the data when last looked; None: look again
    read_only: bool = False  # then the data cannot change while it is open
    latest: dt.date | None = None  # latest sales date, the default as_of
    hidden: set[str] = field(default_factory=set)  # caches read from the TEMP table
    ready: dict[str, set[tuple]] = field(default_factory=dict)  # keys each cache holds
    ignore_file_at: str | None = None  # fingerprint at which the file's copies are distrusted
    inline_parts: bool = False  # the file's macros add up sales rows: no parts to build


_STATES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

# Separate statements: together, max(date) no longer comes from the column statistics.
_STATE_SQL = (
    "select data_fingerprint()",
    "select max(date) from main.sales",
    "select readonly from duckdb_databases() where database_name = current_database()",
)


def _state(con: duckdb.DuckDBPyConnection) -> _Connection:
    state = _STATES.get(con)
    if state is None:
        state = _STATES[con] = _Connection()
    return state


def _current(con: duckdb.DuckDBPyConnection) -> _Connection:
    """The connection's cache state, made current with the data.

    A read-only connection looks once: while it is open nobody can write the
    file. A writable one compares `data_fingerprint()` (row counts and the
    upload history, which every load and removal changes) before every query.
    """
    state = _STATES.get(con)
    if state is not None and state.read_only and state.fingerprint is not None:
        return state
    prepare(con)
    state = _state(con)
    fingerprint, latest, read_only = (con.execute(sql).fetchone()[0] for sql in _STATE_SQL)
    state.latest, state.read_only = latest, bool(read_only)
    if fingerprint != state.fingerprint:
        _restart(con, state, fingerprint)
    return state


def _stored_key(con: duckdb.DuckDBPyConnection, fingerprint: str) -> tuple | None:
    """(as_of, churn days, parts inline) of the file's copies when for these data and SQL."""
    try:
        return con.execute(
            f"select cache_as_of, cache_days, parts_inline from {STAMP}"
            " where fingerprint = $fingerprint and version = $version",
            {"fingerprint": fingerprint, "version": _setup_sql()[1]},
        ).fetchone()
    except (duckdb.CatalogException, duckdb.BinderException):
        return None  # no writer of this version has stored into the workspace


def _restart(con: duckdb.DuckDBPyConnection, state: _Connection, fingerprint: str) -> None:
    """Forget what was built for other data; read the file's copies when they are for this data."""
    built, state.fingerprint, state.ready = state.ready, fingerprint, {}
    stored = _stored_key(con, fingerprint) if state.ignore_file_at != fingerprint else None
    state.inline_parts = bool(stored and stored[2])
    if stored is None:
        for name, statement in _shadow_sql().items():  # create, or empty, the TEMP tables
            if name not in state.hidden or built.get(name):
                con.execute(statement)
        state.hidden = {c.name for c in CACHES}
        return
    _unhide(con, state)
    values = {"as_of": stored[0], "days": stored[1]}
    state.ready = {c.name: {tuple(values[k] for k in c.keys)} for c in CACHES}


def _unhide(con: duckdb.DuckDBPyConnection, state: _Connection) -> None:
    """Drop the connection's TEMP copies, so its queries read the file's tables again."""
    for name in sorted(state.hidden):
        con.execute(f"drop table if exists {_table(name, temp=True)}")  # a quoted cache name
    state.hidden = set()


def _ensure(
    con: duckdb.DuckDBPyConnection,
    state: _Connection,
    wanted: Sequence[Cache],
    as_of: dt.date | None,
    days: int | None = None,
) -> None:
    """Build the rows of `wanted` caches for this key that the connection cannot read yet."""
    for item in wanted:
        if item.name == "parts" and state.inline_parts:
            continue
        ready = state.ready.get(item.name, set())
        if days is None and "days" in item.keys:
            # A query without a churn window reads the parts' stock, the same for any window.
            if any(k[0] == as_of for k in ready):
                continue
            values = {"as_of": as_of, "days": int(DEFAULTS["churn_days"])}
        else:
            values = {"as_of": as_of, "days": days}
        key = tuple(values[k] for k in item.keys)
        if None in key or key in ready:
            continue  # no sales (no as_of): the queries find no rows for a NULL key anyway
        if item.name not in state.hidden:  # the file's copy is for another key: use our own
            con.execute(_shadow_sql()[item.name])
            state.hidden.add(item.name)
            state.ready[item.name] = set()
        ready = state.ready.setdefault(item.name, set())
        if len(ready) >= item.keep:
            con.execute(f"delete from {_table(item, temp=True)}")
            ready.clear()
        params = {k: values[k] for k in item.keys}
        con.execute(f"insert into {_table(item, temp=True)} {_rows_sql(item)}", params)
        ready.add(key)


@cache
def _read_by(name: str) -> tuple[Cache, ...]:
    """The caches query `name` reads, in build order."""
    sql = queries()[name].sql
    return tuple(
        c for c in CACHES if not c.readers or any(re.search(rf"\b{r}\(", sql) for r in c.readers)
    )


def refresh_caches(con: duckdb.DuckDBPyConnection, as_of: dt.date | None) -> None:
    """Make `data_present()` and `customer_dim(as_of)` readable on this connection."""
    _ensure(con, _current(con), CACHES[:2], as_of)


def persist_caches(con: duckdb.DuckDBPyConnection) -> None:
    """After a change, store the macros and every cache for the latest sales date in the file.

    The writer pays once (a few seconds at 5M sales rows) so that a page run,
    which opens the file afresh, creates no macro and groups no history.
    Stamped with the data fingerprint and the SQL version, so copies left by
    another version or before a change made outside the loader are ignored.
    Nothing is rebuilt when the file already holds this stamp (a duplicate
    load). The setup statements run once, in the file: each macro as a stored
    one, each cache table filled where its empty TEMP copy would be made.
    """
    statements, version = _setup_sql()
    state = _state(con)
    values = {
        "as_of": con.execute("select max(date) from main.sales").fetchone()[0],
        "days": int(DEFAULTS["churn_days"]),
    }
    if _version_here(con) == version:
        fingerprint = con.execute("select data_fingerprint()").fetchone()[0]
        stored = _stored_key(con, fingerprint)
        if (
            state.ignore_file_at != fingerprint
            and stored
            and stored[:2] == (values["as_of"], values["days"])
        ):
            return
    inline = _parts_inline(con)
    _unhide(con, state)  # build from, and into, the file's tables
    state.ready, state.fingerprint, state.ignore_file_at = {}, None, None
    tables = {statement: name for name, statement in _shadow_sql().items()}
    caches = {c.name: c for c in CACHES}
    con.execute("begin transaction")
    try:
        con.execute(
            f"create or replace table {STAMP} (fingerprint varchar, version varchar,"
            " cache_as_of date, cache_days integer, parts_inline boolean)"
        )
        for statement in statements:
            if statement in tables:
                item = caches[tables[statement]]
                params = {k: values[k] for k in item.keys}
                rows = _rows_sql(item)
                if item.name in _EMPTY_WITHOUT and not _present(con, _EMPTY_WITHOUT[item.name]):
                    rows += " limit 0"  # its table, without a scan of every sales row
                elif item.name == "parts" and inline:
                    rows += " limit 0"  # read through the _inline macros instead
                con.execute(f"create or replace table {_table(item)} as {rows}", params)
            elif _TEMP_MACRO in statement:
                name = re.search(rf"{_TEMP_MACRO} (\w+)\(", statement).group(1)
                if inline and name in _INLINE_PARTS:
                    statement = _INLINE_PARTS[name]
                con.execute(statement.replace(_TEMP_MACRO, "create or replace macro", 1))
            else:
                raise ValueError(f"setup statement is neither a macro nor a cache: {statement}")
        con.execute(_version_macro(version, temp=False))
        fingerprint = con.execute("select data_fingerprint()").fetchone()[0]
        con.execute(
            f"insert into {STAMP} values ($fingerprint, $version, $as_of, $days, $inline)",
            {"fingerprint": fingerprint, "version": version, **values, "inline": inline},
        )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


_TEMP_MACRO = "create or replace temp macro"
# Where the sales hold nearly as many customer x product x region x rep parts as
# rows, storing the parts would copy the sales table for no gain: a writer
# then stores these in place of the macros reading the parts table, and
# readers add up the sales rows themselves (same sums, see part_rows).
PARTS_SHARE = 0.5  # parts stored when at most this share of the sales rows
_INLINE_PARTS = {
    "sales_parts": f"{_TEMP_MACRO} sales_parts(as_of) as table"
    " select * from sales_parts_inline(as_of)",
    "window_parts": f"{_TEMP_MACRO} window_parts(as_of, days) as table"
    " select * from window_parts_inline(as_of, days)",
}


def _parts_inline(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the sales would make more parts than PARTS_SHARE of their rows (estimated)."""
    rows, parts = con.execute(
        "select count(*), approx_count_distinct(hash(customer, product, region, rep))"
        " from main.sales"
    ).fetchone()
    return parts > PARTS_SHARE * rows


# Caches that hold no rows while the workspace lacks a dataset (the flag of
# data_present naming it): a writer stores them empty without building them.
_EMPTY_WITHOUT = {"target_actuals": "has_targets", "contacts": "has_visits"}


def _present(con: duckdb.DuckDBPyConnection, flag: str) -> bool:
    """A flag of the data_present cache the writer has just stored (built before the others)."""
    return _named_row(con.execute("select * from main.salesdash_cache_present"))[flag]


def _named_row(result: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """A one-row result by column name: columns picked here, not written into the SQL."""
    row = result.fetchone()
    return dict(zip((d[0] for d in result.description), row, strict=True))


def clear_caches(con: duckdb.DuckDBPyConnection) -> None:
    """Forget the cached rows, the file's copies included; the next query rebuilds them.

    For rows changed behind the loader's back (an UPDATE), which the data
    fingerprint does not see. The file's copies are trusted again once the
    fingerprint changes (the next load stores new ones).
    """
    state = _current(con)
    state.ignore_file_at, state.fingerprint = state.fingerprint, None
    _current(con)


def default_as_of(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The review date when none is given: the latest sales date, never the wall clock."""
    return _current(con).latest


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
    state = _current(con)
    bound = bind_params(con, query, scoped(query, params, scope))
    _ensure(con, state, _read_by(name), bound.get("as_of"), bound.get("churn_days"))
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
    _ensure(con, _current(con), CACHES[:1], None)
    flags = _named_row(con.execute("select * from data_present()"))
    return {need: bool(flags[f"has_{need}"]) for need in NEED_REASONS}


def missing_reason(
    con: duckdb.DuckDBPyConnection, name: str, present: Mapping[str, bool] | None = None
) -> str | None:
    """Why query `name` has nothing to show, or None when its data is loaded."""
    have = present if present is not None else data_present(con)
    for need in queries()[name].needs:
        if not have.get(need, False):
            return NEED_REASONS[need]
    return None
