"""Turn one sheet into a typed staging table in DuckDB, with its rejected rows explained.

The raw cells go into a temp table of text columns; one SELECT then parses
every mapped column with the expressions from `values.py`, drops totals rows
and records, per row and column, why a value could not be read. All of it runs
vectorised inside DuckDB, so a million-row file costs well under a second,
not a Python loop per cell. Every value that is not our own SQL is bound as a
parameter.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from salesdash import values
from salesdash.header import Header
from salesdash.mapping import normalize
from salesdash.read import Sheet
from salesdash.schema import DATASETS, DATE, NUMBER, PERIOD, TEXT, Column
from salesdash.store import execute
from salesdash.store import quote_ident as q

# Whole-cell labels of totals rows: "合计", "小计:", "华东 小计", "Grand Total", "Total (CNY)",
# and what Excel's Subtotal command writes: "East Total", "华东 汇总".
TOTALS_RE = (
    r"(?i)^\s*(合\s*计|总\s*计|小\s*计|总合计|共\s*计|汇\s*总|grand\s*total|sub\s*-?\s*total|total|sum)"
    r"\s*([:：(（].*)?$|^.{0,20}(小计|合计|总计|汇总)\s*[:：]?\s*$"
    r"|^.{1,40}\s(sub\s*-?\s*total|total)\s*[:：]?\s*$"
)
YEAR_LAST_RE = r"^\s*\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}"
# Transaction dates before this are typos (a stray serial, 1900), not sales.
EVENT_DATE_COLUMNS = {"sales": "date", "visits": "date", "complaints": "opened", "surveys": "date"}
EARLIEST_EVENT = "1990-01-01"
SCALES = {"csat": (1, 5), "nps": (0, 10)}
NPS_WORDS = ("nps", "recommend", "推荐", "0-10", "0~10")
# Unknown words in these columns reject the row: guessing would move money or contacts.
STRICT_CATEGORIES = {"kind"}

_counter = itertools.count(1)


@dataclass
class Staged:
    """A parsed sheet waiting in temp tables to be committed (or dropped)."""

    table: str  # temp table: stored columns, source_row, _ok
    rejects_table: str  # row, column_name, value, reason
    data_rows: int
    rejected: int
    totals_rows: list[int]
    notes: list[str] = field(default_factory=list)


@dataclass
class _Query:
    """The SELECT being assembled: output expressions, error checks, bound parameters."""

    params: dict[str, object] = field(default_factory=dict)
    select: dict[str, str] = field(default_factory=dict)
    checks: list[tuple[str, str, str]] = field(default_factory=list)  # label, raw col, reason sql
    notes: list[str] = field(default_factory=list)

    def bind(self, value: object) -> str:
        key = f"p{len(self.params)}"
        self.params[key] = value
        return f"${key}"

    def check(self, label: str, raw_col: str, condition: str, reason: str) -> None:
        self.checks.append((label, raw_col, f"case when {condition} then {self.bind(reason)} end"))


def load_raw(con: duckdb.DuckDBPyConnection, sheet: Sheet, header: Header) -> tuple[str, int]:
    """Copy the sheet's rows below the header into a text temp table; returns (name, width).

    Rows go in in file order, so a row's number in the file is its rowid plus
    the header's position (`Header.data_start + 1`).
    """
    name = f"_raw_{next(_counter)}"
    start = header.data_start
    if sheet.grid is not None:
        rows = sheet.grid[start:]
        width = max([len(header.candidates), *(len(r) for r in rows)])
        arrays = {
            f"c{i}": pa.array([r[i] if i < len(r) else None for r in rows], type=pa.string())
            for i in range(width)
        }
        con.register("_arrow_src", pa.table(arrays))
        try:
            con.execute(f"create temp table {name} as select * from _arrow_src")
        finally:
            con.unregister("_arrow_src")
        return name, width
    width = max([len(header.candidates), *(len(r) for r in sheet.preview)])
    params = {
        "path": str(sheet.csv_path),
        "delim": sheet.delimiter,
        "skip": start,
        "columns": {f"c{i}": "VARCHAR" for i in range(width)},
    }
    sql = (
        f"create temp table {name} as select * "
        "from read_csv($path, delim = $delim, quote = '\"', escape = '\"', header = false, "
        "skip = $skip, auto_detect = false, columns = $columns, null_padding = true, "
        "strict_mode = false{parallel})"
    )
    try:
        con.execute(sql.format(parallel=""), params)
    except duckdb.Error:
        # Line breaks inside quoted cells need the single-threaded scanner.
        con.execute(sql.format(parallel=", parallel = false"), params)
    return name, width


def stage_sheet(
    con: duckdb.DuckDBPyConnection,
    raw: str,
    width: int,
    dataset: str,
    header: Header,
    kind: str | None = None,
) -> Staged:
    """Parse the raw table into `dataset`'s stored columns; nothing touches the workspace."""
    query = _Query()
    row_no = f"(rowid + {query.bind(header.data_start + 1)})::integer"
    matches = header.mapping.matches
    for column in DATASETS[dataset].columns:
        match = matches.get(column.name)
        if match is None:
            _absent(query, column, kind)
        else:
            _parse_column(con, raw, query, column, q(f"c{match.index}"), f"{match.header}", kind)
    if dataset == "targets" and "period" not in matches:
        # A target given by start and end dates gets its period label from them.
        start, end = query.select["start"], query.select["end"]
        query.select["period"] = values.period_from_dates_sql(start, end)
        query.select["period_start"] = start
        query.select["period_end"] = end
    if dataset == "surveys":
        m = matches["score"]
        _survey_scale(con, raw, query, m.header, q(f"c{m.index}"))
    date_col = EVENT_DATE_COLUMNS.get(dataset)
    if date_col in matches:
        m = matches[date_col]
        parsed = query.select[date_col]
        query.check(
            m.header,
            q(f"c{m.index}"),
            f"{parsed} < {query.bind(EARLIEST_EVENT)}::date",
            "is before 1990",
        )
    for name in ("start", "end"):
        query.select.pop(name, None)

    blank_row = " and ".join(values.is_blank_sql(q(f"c{i}")) for i in range(width)) or "true"
    scanned = sorted({0, 1, 2, *(m.index for m in matches.values())} & set(range(width)))
    totals_re = query.bind(TOTALS_RE)
    is_total = " or ".join(
        f"coalesce(regexp_full_match(trim({q(f'c{i}')}), {totals_re}), false)" for i in scanned
    )
    totals = execute(
        con,
        f"select {row_no} as r from {raw} where ({is_total}) and not ({blank_row}) order by r",
        query.params,
    ).fetchall()

    outputs = [f"{expr} as {q(name)}" for name, expr in query.select.items()]
    outputs += [f"{sql} as _err{i}" for i, (_, _, sql) in enumerate(query.checks)]
    outputs += [f"{rc} as _rawv{i}" for i, (_, rc, _) in enumerate(query.checks)]
    ok = " and ".join(f"_err{i} is null" for i in range(len(query.checks))) or "true"
    table = f"_staged_{next(_counter)}"
    execute(
        con,
        f"create temp table {table} as select *, {ok} as _ok from ("
        f"select {', '.join(outputs)}, {row_no} as source_row from {raw} "
        f"where not ({blank_row}) and not ({is_total})) as parsed",
        query.params,
    )
    rejects = f"_rejects_{next(_counter)}"
    labels = {}
    parts = []
    for i, (label, _, _) in enumerate(query.checks):
        labels[f"l{i}"] = label
        parts.append(
            f"select source_row as row, $l{i}::varchar as column_name, _rawv{i} as value, "
            f"_err{i} as reason from {table} where _err{i} is not null"
        )
    union = " union all ".join(parts) or (
        "select null::integer as row, null::varchar as column_name, "
        "null::varchar as value, null::varchar as reason where false"
    )
    con.execute(
        f"create temp table {rejects} as select * from ({union}) order by row, column_name", labels
    )
    data_rows, rejected = con.execute(
        f"select count(*), count(*) filter (where not _ok) from {table}"
    ).fetchone()
    return Staged(table, rejects, data_rows, rejected, [r[0] for r in totals], query.notes)


def _absent(query: _Query, column: Column, kind: str | None) -> None:
    default = kind if column.name == "kind" and kind else column.default
    if default is not None:
        query.select[column.name] = f"{query.bind(default)}::varchar"
    elif column.stored:
        query.select[column.name] = (
            f"null::{ {NUMBER: 'double', DATE: 'date'}.get(column.kind, 'varchar') }"
        )


def _parse_column(
    con: duckdb.DuckDBPyConnection,
    raw: str,
    query: _Query,
    column: Column,
    raw_col: str,
    header: str,
    kind: str | None,
) -> None:
    blank = values.is_blank_sql(raw_col)
    if column.required:
        query.check(header, raw_col, blank, "is missing")
    if column.kind == TEXT:
        query.select[column.name] = f"case when {blank} then null else trim({raw_col}) end"
        return
    if column.kind == NUMBER:
        expr, reason = values.number_sql(raw_col), "is not a number"
    elif column.kind == DATE:
        order, why = values.detect_date_order(_year_last_samples(con, raw, raw_col))
        if why:
            query.notes.append(f"{header}: {why}")
        expr, reason = values.date_sql(raw_col, order), "is not a date"
    elif column.kind == PERIOD:
        expr, start, end = values.period_sql(raw_col)
        query.select["period_start"] = start
        query.select["period_end"] = end
        reason = "is not a period (expected e.g. 2025-03, 2025-Q1 or 2025)"
    else:
        expr, reason = _category(con, raw, query, column, raw_col, header, kind)
        if not reason:
            query.select[column.name] = expr
            return
    query.select[column.name] = expr
    query.check(header, raw_col, f"not ({blank}) and {expr} is null", reason)


def _year_last_samples(con: duckdb.DuckDBPyConnection, raw: str, col: str) -> list[str]:
    rows = con.execute(
        f"select distinct {col} from {raw} where regexp_matches({col}, $re) limit 5000",
        {"re": YEAR_LAST_RE},
    ).fetchall()
    return [r[0] for r in rows]


def _category(
    con: duckdb.DuckDBPyConnection,
    raw: str,
    query: _Query,
    column: Column,
    raw_col: str,
    header: str,
    kind: str | None,
) -> tuple[str, str]:
    """Map the column's distinct words once in Python, then look them up in SQL as bound lists.

    Returns (expression, reason for rejects or '' when unknown words fall back to a default).
    """
    from salesdash.mapping import map_value

    words = [
        r[0]
        for r in con.execute(
            f"select distinct trim({raw_col}) from {raw} where {raw_col} is not null limit 20000"
        ).fetchall()
    ]
    keys, vals, unknown = [], [], []
    for word in words:
        mapped = map_value(word, column.values)
        if mapped is None:
            if word.strip().lower() not in values.BLANK_TOKENS:
                unknown.append(word)
        else:
            keys.append(word)
            vals.append(mapped)
    default = (kind if column.name == "kind" and kind else None) or column.default
    lookup = (
        f"list_extract({query.bind(vals)}::varchar[], "
        f"list_position({query.bind(keys)}::varchar[], trim({raw_col})))"
    )
    blank = values.is_blank_sql(raw_col)
    when_blank = f"{query.bind(default)}::varchar" if default else "null::varchar"
    if column.name in STRICT_CATEGORIES:
        expected = " / ".join(column.values)
        return (
            f"case when {blank} then {when_blank} else {lookup} end",
            f"is not a known {column.name} ({expected})",
        )
    if unknown:
        shown = ", ".join(repr(u) for u in unknown[:5])
        query.notes.append(f"{header}: unrecognised values {shown} read as {default or 'empty'}")
    return f"case when {blank} then {when_blank} else coalesce({lookup}, {when_blank}) end", ""


def _survey_scale(
    con: duckdb.DuckDBPyConnection, raw: str, query: _Query, header: str, raw_col: str
) -> None:
    """CSAT (1-5) or NPS (0-10): the header says so, else the range of the scores does."""
    text = normalize(header)
    if any(w in text for w in NPS_WORDS):
        scale, why = "nps", f"{header}: read as NPS (0-10), as the header says"
    else:
        sql = f"select max({query.select['score']}) from {raw}"
        top = execute(con, sql, query.params).fetchone()[0]
        if top is not None and top > 5:
            scale, why = "nps", f"{header}: scores up to {top:g}, read as NPS (0-10)"
        else:
            scale, why = "csat", f"{header}: scores within 1-5, read as CSAT"
    query.notes.append(why)
    query.select["scale"] = f"{query.bind(scale)}::varchar"
    low, high = SCALES[scale]
    score = query.select["score"]
    query.check(
        header,
        raw_col,
        f"{score} not between {query.bind(low)} and {query.bind(high)}",
        f"is outside the {low}-{high} scale",
    )
