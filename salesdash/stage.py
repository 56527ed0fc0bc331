"""Turn one sheet into a typed staging table in DuckDB, with its rejected rows explained.

The raw cells go into a temp table of text columns; one SELECT then parses
every mapped column with the expressions from `values.py`, drops totals rows
and records, per row and column, why a value could not be read. All of it runs
vectorised inside DuckDB, so a million-row file costs well under a second,
not a Python loop per cell. Every value that is not our own SQL is bound as a
parameter.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import duckdb

from salesdash import i18n, values
from salesdash.header import Header
from salesdash.mapping import column_letter, normalize
from salesdash.read import ReadError, Sheet, fix_blank_lines, utf8_copy
from salesdash.schema import DATASETS, DATE, EVENT_DATE_COLUMNS, NUMBER, PERIOD, TEXT, Column
from salesdash.store import execute
from salesdash.store import quote_ident as q

# Whole-cell labels of totals rows: "合计", "小计:", "华东 小计", "Grand Total", "Total (CNY)",
# and what Excel's Subtotal command writes: "East Total", "华东 汇总".
TOTALS_RE = (
    r"(?i)^\s*(合\s*计|总\s*计|小\s*计|总合计|共\s*计|汇\s*总|grand\s*total|sub\s*-?\s*total|total|sum)"
    r"\s*([:：(（].*)?$|^.{0,20}(小计|合计|总计|汇总)\s*[:：]?\s*$"
    r"|^.{1,40}\s(sub\s*-?\s*total|total)\s*[:：]?\s*$"
    # record counts under the data: "共 25 条记录", "合计：25笔", "Total: 25 records"
    r"|^\s*(共|合\s*计|总\s*计)\s*[:：]?\s*[\d,]+\s*(条|行|笔|项|个)(记录|数据)?\s*[。.]?$"
    r"|^\s*(total\s*[:：]?\s*)?[\d,]+\s+(records?|rows?|entries)\s*\.?$"
)
TOTALS_HINT = r"(?i)计|汇|共|total|sum|record|rows|entries"
YEAR_LAST_RE = r"^\s*\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}"
# Transaction dates before this are typos (a stray serial, 1900), not sales.
EARLIEST_EVENT = "1990-01-01"
# Events that cannot have happened yet: a sale dated next year is a typo that would
# also move the review date (the latest sale) into the future. Visits may be planned.
NO_FUTURE = {"sales", "complaints", "surveys"}
SCALES = {"csat": (1, 5), "nps": (0, 10)}
MONEY_COLUMNS = {"amount", "target", "cost", "margin", "order_amount", "collected_amount"}
# Units a header may state for its amounts: "任务额（万元）", "Sales (in thousands)".
_HEADER_UNITS = (
    (re.compile(r"亿"), 100_000_000, "亿"),
    (re.compile(r"百万|million|\bmn\b|\bmm\b", re.I), 1_000_000, "millions"),
    (re.compile(r"万"), 10_000, "万"),
    (
        re.compile(r"千元|thousand|'000|\(000\)|\bk\b|\bk(?:usd|rmb|cny)\b", re.I),
        1_000,
        "thousands",
    ),
)


def header_scale(header: str) -> tuple[int, str]:
    """The factor a header's unit puts on its amounts: 120 under "任务额（万元）" is 1,200,000."""
    for pattern, factor, unit in _HEADER_UNITS:
        if pattern.search(header):
            return factor, unit
    return 1, ""


NPS_WORDS = ("nps", "recommend", "推荐", "0-10", "0~10")
# Unknown words in these columns reject the row: guessing would move money or contacts.
STRICT_CATEGORIES = {"kind"}

_counter = itertools.count(1)
# Longest CSV line read (DuckDB's default is 2 MB): a notes cell of a million
# Chinese characters is 3 MB.
MAX_LINE_BYTES = 16 * 2**20
# The size of the buffers DuckDB reads a CSV in (it must exceed the line
# limit), set rather than left to DuckDB's default under that limit: a
# million-row (100 MB) export reads in 0.26 s instead of 0.35 s, 3M rows in
# 0.69 s instead of 0.82 s, at the same peak memory; 100k rows as before
# (DuckDB 2.0).
CSV_BUFFER_BYTES = 2 * MAX_LINE_BYTES
# Columns above which a blank row is found from the joined cells (see _blank_row_sql).
WIDE = 64
# Distinct values up to which a column's totals labels and category words are
# found once per value, then looked up per row (see _totals_sql, _category).
FEW_VALUES = 20000
FEW_BYTES = 1024  # and none longer: a column of notes is tested row by row
# Words up to which a category is looked up with CASE rather than a list search.
CASE_WORDS = 32
# A CSV's column past the widest row of its preview, read so that no record's
# cells are dropped unseen: "2025-03-02,B,1,234" under date,customer,amount
# is a thousands separator in an unquoted amount, and its first three cells
# would load 1 instead of 1,234. See _past_header.
EXTRA = "c_extra"


@dataclass
class Staged:
    """A parsed sheet waiting in temp tables to be committed (or dropped)."""

    # Both names are quoted SQL identifiers, generated here (never from a file):
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
    # Helper columns of the inner SELECT: the raw text and blank flag of each parsed column.
    inner: dict[str, str] = field(default_factory=dict)
    checks: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # label, raw column, reason sql
    notes: list[str] = field(default_factory=list)
    lang: str = "en"  # of the reasons and notes users read
    # Column name -> inner helper column holding formulas saved without a result.
    formulas: dict[str, str] = field(default_factory=dict)
    # Raw column -> temp table of its distinct cells, None when more than FEW_VALUES.
    few: dict[str, str | None] = field(default_factory=dict)

    def t(self, key: str, **values: object) -> str:
        return i18n.t(key, self.lang, **values)

    def bind(self, value: object) -> str:
        key = f"p{len(self.params)}"
        self.params[key] = value
        return f"${key}"

    def check(self, label: str, column: str, condition: str, reason: str) -> None:
        """Reject a row where `condition` (over parsed columns) holds; shows `column`'s raw text."""
        raw_name = f"_raw_{column}"
        if column in self.formulas:
            # A formula without a result is reported as such, not as a blank.
            condition = f"{q(self.formulas[column])} is null and ({condition})"
        self.checks.append((label, raw_name, f"case when {condition} then {self.bind(reason)} end"))

    def formula_check(self, label: str, column: str) -> None:
        """Reject a row whose cell in `column` is a formula saved without its result."""
        helper = self.formulas[column]
        reason = self.bind(self.t("load.reason.formula"))
        self.checks.append((label, helper, f"case when {q(helper)} is not null then {reason} end"))


@contextmanager
def load_raw(
    con: duckdb.DuckDBPyConnection, sheet: Sheet, header: Header, lang: str = "en"
) -> Iterator[tuple[str, int]]:
    """The sheet's rows below the header in a text temp table: (name, width) for the block.

    Rows go in in file order, so a row's number in the file is its rowid plus
    the header's position (`Header.data_start + 1`). The table is dropped when
    the block ends, also when staging fails: a million text rows must not
    stay behind in a page session's connection.
    """
    name, width = _copy_raw(con, sheet, header, lang)
    try:
        yield name, width
    finally:
        con.execute(f"drop table if exists {name}")  # quoted where _copy_raw made it


def _copy_raw(
    con: duckdb.DuckDBPyConnection, sheet: Sheet, header: Header, lang: str
) -> tuple[str, int]:
    name = q(f"_raw_{next(_counter)}")  # quoted once, where made: every use is SQL
    start = header.data_start
    if sheet.grid is not None:
        import pyarrow as pa  # only workbooks need it; CSV loads skip the import

        rows = sheet.grid[start:]
        width = max([len(header.candidates), *(len(r) for r in rows)])
        kept = range(width)
        if width > WIDE:
            # Of a wide sheet only the columns staging reads are copied; the
            # rest only tell whether a row is blank, and go in as one flag.
            used = {0, 1, 2} | {m.index for m in header.mapping.matches.values()}
            kept = sorted(used & set(kept))
            rest = sorted(set(range(width)) - set(kept))
            filled = [
                any(r[i] is not None and r[i].strip() for i in rest if i < len(r)) for r in rows
            ]
        arrays = {
            f"c{i}": pa.array([r[i] if i < len(r) else None for r in rows], type=pa.string())
            for i in kept
        }
        if width > WIDE:
            arrays["_rest_filled"] = pa.array(filled, type=pa.bool_())
        # Formulas saved without a result (read as empty) go in beside, as `f<column>`.
        formulas = {(r - start, c): f for (r, c), f in sheet.formulas.items() if r >= start}
        for col in sorted({c for _, c in formulas}):
            cells = [formulas.get((i, col)) for i in range(len(rows))]
            arrays[f"f{col}"] = pa.array(cells, type=pa.string())
        # A caller's unfinished result (a fetchone) would refuse the registration;
        # the statements below would end it anyway.
        con.complete()
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
        # One column more than the header and preview have: DuckDB drops a
        # record's cells past the last column, and a record that has one is
        # rejected (see EXTRA) rather than loaded without it.
        "columns": {f"c{i}": "VARCHAR" for i in range(width)} | {EXTRA: "VARCHAR"},
        "max_line": MAX_LINE_BYTES,
        "buffer": CSV_BUFFER_BYTES,
    }
    sql = (
        f"create temp table {name} as select * "
        "from read_csv($path, delim = $delim, quote = '\"', escape = '\"', header = false, "
        "skip = $skip, auto_detect = false, columns = $columns, null_padding = true, "
        "strict_mode = false, max_line_size = $max_line, buffer_size = $buffer{parallel})"
    )
    try:
        _read_csv(con, sql, params, sheet, lang)
    except duckdb.Error as exc:
        if "unicode" not in str(exc).lower():
            raise
        # UTF-8 in its first megabyte only: decode the whole file and read the copy.
        utf8_copy(sheet, lang=lang)
        params["path"] = str(sheet.csv_path)
        _read_csv(con, sql, params, sheet, lang)
    if sheet.lines is not None:
        records = con.execute(f"select count(*) from {name}").fetchone()[0]
        if records != sheet.lines() - start and fix_blank_lines(sheet):
            con.execute(f"drop table {name}")
            params["path"] = str(sheet.csv_path)
            _read_csv(con, sql, params, sheet, lang)
    return name, width


def _read_csv(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    params: dict[str, object],
    sheet: Sheet,
    lang: str = "en",
) -> None:
    try:
        try:
            con.execute(sql.format(parallel=""), params)
        except duckdb.Error as exc:
            if "parallel" not in str(exc):
                raise
            # Line breaks inside quoted cells need the single-threaded scanner.
            con.execute(sql.format(parallel=", parallel = false"), params)
    except duckdb.Error as exc:
        too_long = re.search(r"(?s)Error on Line: (\d+).*Maximum line size of (\d+)", str(exc))
        if too_long is None:
            raise
        line, limit = int(too_long.group(1)), int(too_long.group(2))
        raise ReadError(
            i18n.t(
                "load.read.line_too_long", lang, label=sheet.label, line=line,
                limit=f"{limit / 2**20:g}",
            )
        ) from None  # fmt: skip


def stage_sheet(
    con: duckdb.DuckDBPyConnection,
    raw: str,
    width: int,
    dataset: str,
    header: Header,
    kind: str | None = None,
    lang: str = "en",
) -> Staged:
    """Parse the raw table into `dataset`'s stored columns; nothing touches the workspace.

    Reject reasons and read notes are in `lang`.
    """
    query = _Query(lang=lang)
    try:
        return _stage(con, raw, dataset, header, kind, query)
    finally:
        for table in query.few.values():
            if table is not None:
                con.execute(f"drop table if exists {table}")


def _stage(
    con: duckdb.DuckDBPyConnection,
    raw: str,
    dataset: str,
    header: Header,
    kind: str | None,
    query: _Query,
) -> Staged:
    row_no = f"(rowid + {query.bind(header.data_start + 1)})::integer"
    matches = header.mapping.matches
    raw_columns = [d[0] for d in con.execute(f"select * from {raw} limit 0").description]
    # `c<i>`: the sheet's column i (a wide workbook's unused ones are left out);
    # `f<i>`: formulas saved without a result in column i (see load_raw).
    cell_cols = {int(n[1:]) for n in raw_columns if n.startswith("c") and n != EXTRA}
    formula_cols = {int(n[1:]) for n in raw_columns if n.startswith("f")}
    for column in DATASETS[dataset].columns:
        match = matches.get(column.name)
        if match is None:
            _absent(query, column, kind)
            continue
        if match.index in formula_cols:
            query.formulas[column.name] = f"_f_{column.name}"
            query.inner[f"_f_{column.name}"] = q(f"f{match.index}")
        _parse_column(con, raw, query, column, q(f"c{match.index}"), f"{match.header}", kind)
        if column.name in query.formulas:
            query.formula_check(match.header, column.name)
    if dataset == "targets" and "period" not in matches:
        # A target given by start and end dates gets its period label from them.
        start, end = query.select["start"], query.select["end"]
        query.select["period"] = values.period_from_dates_sql(start, end)
        query.select["period_start"] = start
        query.select["period_end"] = end
    if dataset == "surveys":
        m = matches["score"]
        _survey_scale(con, raw, query, m.header, q(f"c{m.index}"))
    if EXTRA in raw_columns:  # a CSV: a record's cells past its header's are not data
        _past_header(query, [q(f"c{i}") for i in sorted(cell_cols)] + [q(EXTRA)], header)
    date_col = EVENT_DATE_COLUMNS.get(dataset)
    if date_col in matches:
        query.check(
            matches[date_col].header,
            date_col,
            f"{q(date_col)} < {query.bind(EARLIEST_EVENT)}::date",
            query.t("load.reason.before_1990"),
        )
        if dataset in NO_FUTURE:
            today = dt.date.today()
            query.check(
                matches[date_col].header,
                date_col,
                f"{q(date_col)} > {query.bind(today + dt.timedelta(days=1))}::date",
                query.t("load.reason.future", today=today.isoformat()),
            )

    # Totals labels sit in text columns, never in amounts (see _totals_sql).
    blank_row = _blank_row_sql(raw_columns)
    numeric = {m.index for c, m in matches.items() if DATASETS[dataset].column(c).kind == NUMBER}
    scanned = sorted(({0, 1, 2} | {m.index for m in matches.values()}) - numeric & cell_cols)
    dated = {}  # cell index -> the DATE column parsed from it
    for c, m in matches.items():
        if DATASETS[dataset].column(c).kind == DATE:
            dated[m.index] = None if m.index in dated else c  # read twice: no shortcut
    is_total = _totals_sql(con, raw, query, scanned, {i: c for i, c in dated.items() if c})

    # Parse each cell once (inner), check the parsed values (middle); the table
    # keeps only what is stored. Reasons are recomputed below for the few bad rows.
    inner = [f"{expr} as {q(name)}" for name, expr in query.select.items()]
    inner += [f"{expr} as {q(name)}" for name, expr in query.inner.items()]
    inner += [f"{q(f'c{i}')} as {q(f'_cell{i}')}" for i in scanned]
    inner += [f"{row_no} as source_row"]
    errors = [f"{is_total} as _total"]
    errors += [f"{sql} as _err{i}" for i, (_, _, sql) in enumerate(query.checks)]
    errors += [
        f"case when _err{i} is not null then {q(raw_name)} end as _rawv{i}"
        for i, (_, raw_name, _) in enumerate(query.checks)
    ]
    ok = " and ".join(["not _total", *(f"_err{i} is null" for i in range(len(query.checks)))])

    def checked(where: str) -> str:
        return (
            f"select *, {', '.join(errors)} from ("
            f"select {', '.join(inner)} from {raw} where not ({blank_row}) {where}) as parsed"
        )

    table = q(f"_staged_{next(_counter)}")
    stored = ", ".join(q(n) for n in query.select)
    with _unordered(con):
        execute(
            con,
            f"create temp table {table} as select {stored}, source_row, _total, {ok} as _ok "
            f"from ({checked('')}) as checked",
            query.params,
        )
    data_rows, rejected = con.execute(
        f"select count(*) filter (where not _total), count(*) filter (where not _ok and not _total) "
        f"from {table}"
    ).fetchone()
    rejects = q(f"_rejects_{next(_counter)}")
    bad = f"and {row_no} in (select source_row from {table} where not _ok and not _total)"
    parts = [
        f"select source_row as row, {query.bind(label)}::varchar as column_name, "
        f"_rawv{i} as value, _err{i} as reason from bad where _err{i} is not null"
        for i, (label, _, _) in enumerate(query.checks)
    ]
    empty = (
        "select null::integer as row, null::varchar as column_name, "
        "null::varchar as value, null::varchar as reason where false"
    )
    if rejected and parts:
        execute(
            con,
            f"create temp table {rejects} as with bad as ({checked(bad)}) "
            f"select * from ({' union all '.join(parts)}) order by row, column_name",
            query.params,
        )
    else:  # nothing to explain: no second pass over the file
        con.execute(f"create temp table {rejects} as {empty}")
    totals = con.execute(f"select source_row from {table} where _total order by 1").fetchall()
    return Staged(table, rejects, data_rows, rejected, [r[0] for r in totals], query.notes)


@contextmanager
def _unordered(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Let DuckDB write a table's rows in any order (each row keeps its `source_row`).

    In file order, the rows come in batches of the CSV reader's buffers, each
    ending in a part-filled row group; stored so, the workspace's checkpoint
    then rewrote the whole upload (0.35 s for a million rows). Planning
    connections are private, so the setting changes no one else's reads.
    """
    con.execute("set preserve_insertion_order = false")
    try:
        yield
    finally:
        con.execute("reset preserve_insertion_order")


def _past_header(query: _Query, cells: list[str], header: Header) -> None:
    """Reject a record with a filled cell right of the header's last column (see EXTRA).

    It has no name to be mapped by; one split value ("1,234" unquoted in a
    comma CSV) puts it there and shifts or cuts the cells before it. The
    first such cell is shown; a trailing empty cell is no reason.
    """
    width = len(header.candidates)
    past = cells[width:]
    filled = [f"case when not {values.is_blank_sql(c)} then {c} end" for c in past]
    query.inner["_raw__past"] = f"coalesce({', '.join(filled)})" if len(filled) > 1 else filled[0]
    query.check(
        column_letter(width),
        "_past",
        f"{q('_raw__past')} is not null",
        query.t("load.reason.extra_cell", n=width),
    )


def _totals_sql(
    con: duckdb.DuckDBPyConnection,
    raw: str,
    query: _Query,
    scanned: list[int],
    dated: dict[int, str],
) -> str:
    """BOOLEAN over the checked row: some scanned cell, trimmed, is a totals label (TOTALS_RE).

    The pattern is matched where it is cheapest. A date column is matched
    only where no date was read (no date, nor anything the date parser reads,
    holds a totals word). A column of at most FEW_VALUES distinct values
    (regions, reps, products, customers) is matched once per value, and its
    labels, usually none, looked up per row. The rest (order numbers, notes)
    go through one cheap regex over their joined text, and the exact pattern
    runs only on the rows it picks.
    """
    exact = query.bind(TOTALS_RE)

    def label(cell: str) -> str:
        return f"coalesce(regexp_full_match(trim({cell}), {exact}), false)"

    terms, per_row = [], []
    for i in scanned:
        cell = q(f"_cell{i}")
        if i in dated:
            terms.append(f"case when {q(dated[i])} is null then {label(cell)} else false end")
            continue
        labels = _labels_among_few(con, _few_cells(con, raw, query, q(f"c{i}")))
        if labels is None:
            per_row.append(cell)
        elif labels:
            terms.append(f"coalesce(list_contains({query.bind(labels)}::varchar[], {cell}), false)")
    if per_row:
        joined = per_row[0] if len(per_row) == 1 else f"concat_ws(chr(1), {', '.join(per_row)})"
        hint = f"coalesce(regexp_matches({joined}, {query.bind(TOTALS_HINT)}), false)"
        terms.append(f"case when {hint} then {' or '.join(map(label, per_row))} else false end")
    return f"({' or '.join(terms)})" if terms else "false"


def _labels_among_few(con: duckdb.DuckDBPyConnection, cells: str | None) -> list[str] | None:
    """Which of a column's distinct cells are totals labels; None when the cells are not known."""
    if cells is None:
        return None
    row = con.execute(
        f"select list(v) from {cells} where regexp_full_match(trim(v), $re)", {"re": TOTALS_RE}
    ).fetchone()
    return list(row[0] or [])


def _few_cells(con: duckdb.DuckDBPyConnection, raw: str, query: _Query, col: str) -> str | None:
    """A temp table (`v`) of the column's distinct cells, None when it has more than FEW_VALUES.

    Made once per column and shared: the totals labels, the category words,
    the date order and whether text needs cleaning are all decided on it,
    inside DuckDB (a notes column's long cells never travel to Python).
    DuckDB stops collecting at the limit, so a column of order numbers
    costs next to nothing here. stage_sheet drops the tables.
    """
    if col not in query.few:
        table = q(f"_cells_{next(_counter)}")
        query.few[col] = table
        # A cell longer than FEW_BYTES (notes) goes in as one NULL: the column is not few.
        con.execute(
            f"create temp table {table} as select distinct"
            f" case when strlen({col}) <= {FEW_BYTES} then {col} end as v"
            f" from {raw} where {col} is not null limit {FEW_VALUES + 1}"
        )
        found, long_cells = con.execute(
            f"select count(*), count(*) filter (where v is null) from {table}"
        ).fetchone()
        if found > FEW_VALUES or long_cells:
            con.execute(f"drop table {table}")
            query.few[col] = None
    return query.few[col]


def _blank_row_sql(names: list[str]) -> str:
    """True where every cell of the row is empty or spaces (formulas count as filled).

    Narrow sheets test cell by cell (stops at the first filled one); a wide
    CSV tests the cells joined, since an AND of thousands of terms costs
    DuckDB seconds to plan. Both say the same: the joined text of blank
    cells is blank, and one filled cell makes it filled. A wide workbook's
    unused columns arrive as the one flag `_rest_filled`.
    """
    cells = [q(n) for n in names if n[0] in "cf"]  # EXTRA too: a cell there is not blank
    tests = ["not _rest_filled"] if "_rest_filled" in names else []
    if len(cells) <= WIDE:
        tests += [values.spaces_only_sql(c) for c in cells]
    else:
        tests.append(f"trim(concat_ws('', {', '.join(cells)})) = ''")
    return " and ".join(tests) or "true"


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
    name = column.name
    query.inner[f"_raw_{name}"] = raw_col
    if column.kind == TEXT:
        if _as_written(con, _few_cells(con, raw, query, raw_col)):
            query.select[name] = raw_col  # every cell is stored as it stands
        else:
            blank = values.is_blank_sql(raw_col)
            query.select[name] = f"case when {blank} then null else trim({raw_col}) end"
        if column.required:
            query.check(header, name, f"{q(name)} is null", query.t("load.reason.missing"))
        return
    if column.kind == NUMBER:
        expr, reason = values.number_sql(raw_col), query.t("load.reason.not_number")
        factor, unit = header_scale(header) if name in MONEY_COLUMNS else (1, "")
        if factor != 1:
            expr = f"({expr}) * {query.bind(float(factor))}"
            if unit in ("millions", "thousands"):
                unit = query.t(f"load.unit.{unit}")
            query.notes.append(
                query.t("load.note.scaled", header=header, unit=unit, factor=f"{factor:,}")
            )
    elif column.kind == DATE:
        cells = _few_cells(con, raw, query, raw_col)
        samples = _year_last_samples(con, raw, raw_col, cells)
        order, why = values.detect_date_order(samples, query.lang)
        if why:
            query.notes.append(query.t("load.note.labelled", label=header, note=why))
        if _all_match(con, cells, values.ISO_DAY_RE):
            expr = values.iso_day_sql(raw_col)
        else:
            expr = values.date_sql(raw_col, order)
        reason = query.t("load.reason.not_date")
    elif column.kind == PERIOD:
        expr, start, end = values.period_sql(raw_col)
        query.select["period_start"] = start
        query.select["period_end"] = end
        reason = query.t("load.reason.not_period")
    else:
        expr, reason = _category(con, raw, query, column, raw_col, header, kind)
    query.select[name] = expr
    # Only cells that did not parse are asked whether they were blank (CASE runs
    # its branches on the rows reaching them; AND and OR would run both sides).
    blank = values.is_blank_sql(q(f"_raw_{name}"))
    if column.required:
        query.check(
            header,
            name,
            f"case when {q(name)} is null then {blank} else false end",
            query.t("load.reason.missing"),
        )
    if reason:
        query.check(
            header, name, f"case when {q(name)} is null then not {blank} else false end", reason
        )


def _as_written(con: duckdb.DuckDBPyConnection, cells: str | None) -> bool:
    """Whether text cells are all stored as they stand: none blank, none to trim.

    Decided once on a column's distinct cells (when it has few: customers,
    products, reps, regions), so its rows are copied without a test each.
    """
    if cells is None:
        return False
    return not con.execute(
        f"select count(*) from {cells} where {values.is_blank_sql('v')} or trim(v) <> v"
    ).fetchone()[0]


def _all_match(con: duckdb.DuckDBPyConnection, cells: str | None, pattern: str) -> bool:
    """Whether every distinct cell of a column with few of them matches `pattern`."""
    if cells is None:
        return False
    [(unmatched,)] = con.execute(
        f"select count(*) from {cells} where not regexp_full_match(v, $re)", {"re": pattern}
    ).fetchall()  # to the end: DuckDB keeps the connection busy until then
    return not unmatched


def _year_last_samples(
    con: duckdb.DuckDBPyConnection, raw: str, col: str, cells: str | None
) -> list[str]:
    """Up to 5000 distinct year-last cells of the column; from `cells` when it has few."""
    source = cells if cells is not None else f"(select {col} as v from {raw})"
    rows = con.execute(
        f"select distinct v from {source} where regexp_matches(v, $re) limit 5000",
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
    """Map the column's distinct words once in Python, then look them up in SQL.

    With at most FEW_VALUES distinct cells (as categories have), each cell as
    written is mapped once, blank or not, so a row costs one lookup of its
    cell, without trim or blank test; CASE for a handful of words, else a
    list search. Past that, the trimmed words are looked up.
    Returns (expression, reason for rejects or '' when unknown words fall back to a default).
    """
    from salesdash.mapping import map_value

    default = (kind if column.name == "kind" and kind else None) or column.default
    strict = column.name in STRICT_CATEGORIES
    few = _few_cells(con, raw, query, raw_col)
    if few is not None:
        cells = con.execute(f"select v, trim(v), {values.is_blank_sql('v')} from {few}").fetchall()
        words = list(dict.fromkeys(trimmed for _, trimmed, _ in cells))
    else:
        words = [
            r[0]
            for r in con.execute(
                f"select distinct trim({raw_col}) from {raw} where {raw_col} is not null limit 20000"
            ).fetchall()
        ]
    mapping = {word: map_value(word, column.values) for word in words}
    unknown = [
        w for w, m in mapping.items() if m is None and w.strip().lower() not in values.BLANK_TOKENS
    ]
    when_blank = f"{query.bind(default)}::varchar" if default else "null::varchar"
    reason = ""
    if strict:
        expected = " / ".join(column.values)
        reason = query.t("load.reason.unknown_category", column=column.name, expected=expected)
    elif unknown:
        shown = ", ".join(repr(u) for u in unknown[:5])
        query.notes.append(
            query.t(
                "load.note.unrecognised",
                header=header,
                values=shown,
                default=default or query.t("load.note.empty_value"),
            )
        )
    if few is not None:
        # What each cell becomes: blank -> the default, a known word -> its
        # category, an unknown one -> NULL (a reject) or, lenient, the default.
        table = {}
        for cell, trimmed, blank in cells:
            value = default if blank else mapping[trimmed] or (None if strict else default)
            if value is not None:
                table[cell] = value
        lookup = _lookup(query, raw_col, table)
        return f"case when {raw_col} is null then {when_blank} else {lookup} end", reason
    keys = [w for w, m in mapping.items() if m is not None]
    lookup = (
        f"list_extract({query.bind([mapping[k] for k in keys])}::varchar[], "
        f"list_position({query.bind(keys)}::varchar[], trim({raw_col})))"
    )
    blank = values.is_blank_sql(raw_col)
    if strict:
        return f"case when {blank} then {when_blank} else {lookup} end", reason
    return f"case when {blank} then {when_blank} else coalesce({lookup}, {when_blank}) end", ""


def _lookup(query: _Query, col: str, table: dict[str, str]) -> str:
    """VARCHAR: `table[col]`, NULL for a cell not in it."""
    if not table:
        return "null::varchar"
    if len(table) <= CASE_WORDS:
        whens = " ".join(
            f"when {query.bind(k)}::varchar then {query.bind(v)}::varchar" for k, v in table.items()
        )
        return f"case {col} {whens} end"
    return (
        f"list_extract({query.bind(list(table.values()))}::varchar[], "
        f"list_position({query.bind(list(table))}::varchar[], {col}))"
    )


def _survey_scale(
    con: duckdb.DuckDBPyConnection, raw: str, query: _Query, header: str, raw_col: str
) -> None:
    """CSAT (1-5) or NPS (0-10): the header says so, else the range of the scores does."""
    text = normalize(header)
    if any(w in text for w in NPS_WORDS):
        scale, why = "nps", query.t("load.note.nps_header", header=header)
    else:
        sql = f"select max({query.select['score']}) from {raw}"
        top = execute(con, sql, query.params).fetchone()[0]
        if top is not None and top > 5:
            scale, why = "nps", query.t("load.note.nps_range", header=header, top=f"{top:g}")
        else:
            scale, why = "csat", query.t("load.note.csat", header=header)
    query.notes.append(why)
    query.select["scale"] = f"{query.bind(scale)}::varchar"
    low, high = SCALES[scale]
    query.check(
        header,
        "score",
        f"score not between {query.bind(low)} and {query.bind(high)}",
        query.t("load.reason.outside_scale", low=low, high=high),
    )
