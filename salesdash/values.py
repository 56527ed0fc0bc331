"""Cell parsers for numbers, dates and periods, written as DuckDB SQL expressions.

Uploaded cells reach DuckDB as VARCHAR. We parse them with SQL instead of
Python because a million-row export has to parse in well under a second, and
DuckDB runs these expressions vectorized. Each function takes `col`, a quoted
SQL expression of type VARCHAR (best a plain column: it is repeated in the
result), and returns an SQL expression string. The strings hold only our own
constant regexes and formats, never user data, and use only non-raising
functions (try_cast, try_strptime, regexp_*), so a bad cell turns into NULL
instead of failing the whole load. Blank cells also give NULL; `is_blank_sql`
tells the two apart: a reject is `not is_blank and parsed is null`.

Speed notes (measured, DuckDB 2.0): each regex call costs about as much as
everything else in a cell, translate() is very slow, and DuckDB does not
share repeated subexpressions. So every parser first tries the shapes most
exports use with one cheap regex on the raw text, and only then cleans the
text and tries the long tail; `_let` binds a value once where it is reused.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from salesdash import i18n

DATE_ORDERS = ("ymd", "dmy", "mdy")

# What people type for "no value". Lower-case; compared after trimming.
# 'nan', 'nat' and '<na>' are what pandas writes for empty cells when a frame
# is stringified; '/' and the dashes are how Chinese sheets mark "n/a".
BLANK_TOKENS = (
    "", "-", "--", "---", "—", "——", "–", "/", "n/a", "#n/a", "null", "none",
    "nan", "nat", "<na>", "无", "空", "暂无", "－", "／",
)  # fmt: skip

# The code points DuckDB's trim() strips (Unicode space separators, Zs; not tabs
# or line breaks), found by trying every code point on DuckDB 2.0.
TRIMMED = (32, 160, 5760, *range(8192, 8203), 8239, 8287, 12288)
# Those past ASCII: no-break, ideographic, em, thin (`1 234` as French locales write it).
_OTHER_SPACES = "".join(chr(c) for c in TRIMMED if c > 127)
# Full-width forms (what Chinese input methods produce), the other spaces and
# the Unicode minus map to ASCII; zero-width spaces and byte-order marks
# (invisible, but they break every regex) are deleted.
_FROM = "０１２３４５６７８９．，：／－＋（）％＄￥" + _OTHER_SPACES + "\u2212\u200b\ufeff"
_TO = "0123456789.,:/-+()%$¥" + " " * len(_OTHER_SPACES) + "-"
# Whitespace a blank cell may hold (see is_blank_sql): ASCII (RE2's \s), the
# other spaces, zero-width, BOM.
_SPACE = "[\\s" + "".join(f"\\x{{{ord(c):x}}}" for c in _OTHER_SPACES + "\u200b\ufeff") + "]*"
# Bytes a blank cell can take: a token with some padding; longer cells hold values.
_LONGEST_BLANK = 24

# Currency signs and words are decoration on an amount. 万 is deliberately
# not here: "5万元" means 50,000 and silently reading it as 5 would be worse
# than rejecting it, so it is left in and the cell is rejected.
_CURRENCY_RE = r"(?i)\s+|RMB|CNY|USD|US|EUR|HKD|HK|GBP|JPY|人民币|元|[¥$€£]"
_PLAIN_NUMBER_RE = r"^-?\d{1,30}(?:\.\d+)?$"
_GROUPED_NUMBER_RE = r"^-?\d{1,3}(?:,\d{3}){1,9}(?:\.\d+)?$"
# An amount once spaces and currency are gone. Groups: '(' , sign, digits,
# '%', trailing '-', ')'. Commas must group by three so a European "1,5"
# is rejected rather than read as 15. Integer digits (30) and exponent (two
# digits) are capped so no input can produce infinity.
_NUMBER_RE = (
    r"^(\(?)([+-]?)"
    r"((?:\d{1,3}(?:,\d{3}){1,9}|\d{1,30})(?:\.\d*)?(?:[eE][+-]?\d{1,2})?|\.\d+(?:[eE][+-]?\d{1,2})?)"
    r"(%?)(-?)(\)?)$"
)

# Four-digit years 1000-2999 only: wider years give DATE values Python
# cannot represent and no sales export has them.
_Y = r"([12]\d{3})"
# Fast paths on raw text: ISO (also what the loader writes for real Excel
# dates), Excel serials, and the usual slash/dot/Chinese forms without time.
_ISO_RE = r"^[12]\d{3}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?)?$"
_SERIAL_RE = r"^\d{1,7}(?:\.\d+)?$"
_SIMPLE_YMD_RE = r"^[12]\d{3}[/.]\d{1,2}[/.]\d{1,2}$"
_SIMPLE_YEAR_LAST_RE = r"^\d{1,2}[-/.]\d{1,2}[-/.][12]\d{3}$"
_SIMPLE_CHINESE_RE = r"^[12]\d{3}年\d{1,2}月\d{1,2}日$"
# The long tail. Each shape is a leading part with three groups; the cell
# must be that part plus an optional time (dropped). Groups are extracted
# with the part alone: the time pattern would push RE2 onto its slow engine.
_TIME = r"(?:(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp][Mm])?\s*(?:Z|[+-]\d{2}:?\d{2})?)?\s*$"
_YMD_PART = rf"^{_Y}\s*[-/.]\s*(\d{{1,2}})\s*[-/.]\s*(\d{{1,2}})"
_CHINESE_PART = rf"^{_Y}\s*年\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*日?"
_YEAR_LAST_PART = rf"^(\d{{1,2}})\s*[-/.]\s*(\d{{1,2}})\s*[-/.]\s*{_Y}"
_YEAR_LAST_RE = _YEAR_LAST_PART + _TIME
_COMPACT_RE = rf"^{_Y}(\d{{2}})(\d{{2}})(?:\.0+)?$"  # 20250305 (maybe "20250305.0")
# Dates with English month names, as Oracle/SAP-style exports write them.
# Two-digit-year forms come first: '%Y' would read "Mar-25" as the year 25,
# while '%y' does not accept four digits.
_ENGLISH_DATE_FORMATS = (
    "%d-%b-%y", "%d-%b-%Y", "%d %b %Y", "%b %d, %Y", "%b %d %Y",
    "%d-%B-%Y", "%d %B %Y", "%B %d, %Y", "%B %d %Y",
)  # fmt: skip
_ENGLISH_MONTH_FORMATS = ("%b-%y", "%b %y", "%B-%y", "%b %Y", "%B %Y", "%b-%Y", "%B-%Y")

# Period spellings: (regex, replacement giving the canonical label). Chinese
# quarter numerals 一二三四 are turned into digits before these run.
_PERIOD_LABELS = [
    (rf"^{_Y}(?:\.0+|\s*年度?)?$", r"\1"),  # 2025, 2025年, 2025年度
    (rf"(?i)^{_Y}\s*[-/.]?\s*年?\s*Q([1-4])$", r"\1-Q\2"),  # 2025-Q1, 2025Q1, 2025年Q1
    (rf"(?i)^{_Y}\s*[-/]?\s*([1-4])Q$", r"\1-Q\2"),  # 2025-1Q
    (rf"^{_Y}\s*年?\s*第?\s*([1-4])\s*季度?$", r"\1-Q\2"),  # 2025年第1季度, 2025年一季度
    (rf"(?i)^Q([1-4])\s*[-/]?\s*{_Y}$", r"\2-Q\1"),  # Q1 2025
    (rf"(?i)^{_Y}\s*[-/]?\s*H([12])$", r"\1-H\2"),  # 2025-H1
    (rf"(?i)^H([12])\s*[-/]?\s*{_Y}$", r"\2-H\1"),  # H1 2025
    (rf"^{_Y}\s*年?\s*上半年$", r"\1-H1"),
    (rf"^{_Y}\s*年?\s*下半年$", r"\1-H2"),
]
# Months give "YYYY-M-01"; the caller validates and zero-pads via a DATE.
_PERIOD_MONTHS = [
    (rf"^{_Y}\s*[-/.]\s*(\d{{1,2}})$", r"\1-\2-01"),  # 2025-03, 2025/3, 2025.03
    (rf"^{_Y}\s*年\s*(\d{{1,2}})\s*月份?$", r"\1-\2-01"),  # 2025年3月
    (rf"^{_Y}(\d{{2}})$", r"\1-\2-01"),  # 202503
    (rf"^(\d{{1,2}})\s*[-/.]\s*{_Y}$", r"\2-\1-01"),  # 03/2025
]


def _lit(text: str) -> str:
    """An SQL string literal for one of our constants."""
    return "'" + text.replace("'", "''") + "'"


def _let(value_sql: str, name: str, body_sql: str) -> str:
    """Evaluate `body_sql` with `name` bound to `value_sql`, computing it once per row.

    DuckDB has no LET; a one-element list_transform is the vectorized way.
    The body must refer to nothing but `name`: lambdas that capture other
    columns are several times slower.
    """
    return f"list_transform([{value_sql}], lambda {name}: {body_sql})[1]"


def _ascii_sql(col: str) -> str:
    """`col` with full-width forms made ASCII; translate() only runs when needed."""
    fullwidth = _lit("[" + _FROM + "]")
    return _let(
        col,
        "a",
        f"CASE WHEN strlen(a) = length(a) OR NOT regexp_matches(a, {fullwidth}) THEN a"
        f" ELSE translate(a, {_lit(_FROM)}, {_lit(_TO)}) END",
    )


def _clean_sql(col: str) -> str:
    """ASCII-fied and trimmed text: the first step of every slow path."""
    return _let(_ascii_sql(col), "c", r"regexp_replace(c, '^\s+|\s+$', '', 'g')")


def _first_in(col: str, code_points: Sequence[int]) -> str:
    """BOOLEAN: the cell's first character is one of `code_points` (-1 stands for '').

    unicode() decodes one character: far cheaper than left(). A position in
    a list, not `list_contains` nor `IN (...)`: in a SELECT list DuckDB 2.0
    turns those into a hash join that probes every row, also rows a CASE
    never sends to it (0.14 s of a million-row load); OR-ed comparisons
    decode the character once per term.
    """
    points = ", ".join(map(str, sorted(set(code_points))))
    return f"(list_position([{points}], unicode({col})) > 0)"


def spaces_only_sql(col: str) -> str:
    """BOOLEAN: `nullif(trim(col), '') IS NULL` (NULL, '' or only spaces), trimming only those
    that start with a space."""
    return (
        f"CASE WHEN {col} IS NULL THEN true"
        f" WHEN {_first_in(col, (-1, *TRIMMED))} THEN trim({col}) = '' ELSE false END"
    )


def is_blank_sql(col: str) -> str:
    """BOOLEAN: true when the cell is NULL, whitespace, or a "no value" token.

    The loader needs this to tell an empty cell (fine, NULL) from one it
    could not parse (a reject to report). It runs on every cell of a file, so
    it is one anchored regex, and long cells (names, notes) skip even that.
    (Not `IN (...)`: DuckDB turns each such list into a hash join, which
    cost more than all the parsing together.)
    """
    tokens = "|".join(re.escape(t) for t in BLANK_TOKENS if t)
    pattern = _lit(f"(?i){_SPACE}(?:{tokens})?{_SPACE}")
    # Most cells start with a character no blank starts with: settled by
    # their first code point, without the regex ('' is -1 and goes on to it).
    firsts = {t[0] for t in BLANK_TOKENS if t} | {t[0].upper() for t in BLANK_TOKENS if t}
    firsts |= set("\t\n\f\r\u200b\ufeff") | set(map(chr, TRIMMED))  # \s and the spaces
    return (
        f"CASE WHEN {col} IS NULL THEN true"
        f" WHEN strlen({col}) > {_LONGEST_BLANK} THEN {spaces_only_sql(col)}"
        f" WHEN NOT {_first_in(col, [-1, *map(ord, firsts)])} THEN false"
        f" ELSE regexp_full_match({col}, {pattern}) END"
    )


def number_sql(col: str) -> str:
    """DOUBLE from an amount as people and ERPs write it, NULL if blank or unreadable.

    Accepts thousands separators, spaces, currency signs and words, full-width
    digits, `12.5%` (0.125), accounting negatives `(1,234.00)` and trailing
    minus `5-`. At most one way of saying "negative" per cell.
    """
    # Currency stripping also removes all whitespace, so no trim is needed.
    cleaned = f"regexp_replace({_ascii_sql(col)}, {_lit(_CURRENCY_RE)}, '', 'g')"
    groups = "['open', 'sign', 'num', 'pct', 'trail', 'close']"
    parts = f"regexp_extract({cleaned}, {_lit(_NUMBER_RE)}, {groups})"
    slow = """CASE WHEN m.num <> '' AND (m.open = '') = (m.close = '')
        AND (m.open <> '')::INT + (m.sign <> '')::INT + (m.trail <> '')::INT <= 1
    THEN try_cast(replace(m.num, ',', '') AS DOUBLE)
        * CASE WHEN m.open <> '' OR m.sign = '-' OR m.trail <> '' THEN -1 ELSE 1 END
        / CASE WHEN m.pct <> '' THEN 100 ELSE 1 END
    END"""
    return f"""CASE
    WHEN regexp_matches({col}, {_lit(_PLAIN_NUMBER_RE)}) THEN try_cast({col} AS DOUBLE)
    WHEN regexp_matches({col}, {_lit(_GROUPED_NUMBER_RE)}) THEN try_cast(replace({col}, ',', '') AS DOUBLE)
    ELSE {_let(parts, "m", slow)}
    END"""


def _serial_sql(s: str) -> str:
    """DATE from an Excel serial day number in `s` (already known to be digits).

    Excel's 1900 system counts a fictional 1900-02-29 as serial 60, so
    serials from 61 on are days since 1899-12-30, those below 60 days since
    1899-12-31, and 60 itself is no real date.
    """
    n = f"try_cast({s} AS DOUBLE)"
    return f"""CASE
        WHEN {n} >= 61 AND {n} < 2958466 THEN DATE '1899-12-30' + floor({n})::INTEGER
        WHEN {n} >= 1 AND {n} < 60 THEN DATE '1899-12-31' + floor({n})::INTEGER
    END"""


def _date_body(s: str, order: str) -> str:
    """DATE from the cleaned text `s` (an SQL name bound by the caller)."""
    # Year-last values: 'dmy' reads day first; 'mdy' and 'ymd' month first
    # ('ymd' means none were expected: same default as detect_date_order).
    year_last = r"\3-\2-\1" if order == "dmy" else r"\3-\1-\2"
    ymd = r"\1-\2-\3"
    english = "[" + ", ".join(_lit(f) for f in _ENGLISH_DATE_FORMATS) + "]"

    def shape(part: str, groups: str) -> str:
        return (
            f"WHEN regexp_matches({s}, {_lit(part + _TIME)}) THEN try_cast("
            f"regexp_replace({s}, {_lit('(?s)' + part + '.*$')}, {_lit(groups)}) AS DATE)"
        )

    return f"""CASE
    WHEN regexp_matches({s}, {_lit(_SERIAL_RE)}) THEN {_serial_sql(s)}
    {shape(_YMD_PART, ymd)}
    {shape(_YEAR_LAST_PART, year_last)}
    {shape(_CHINESE_PART, ymd)}
    WHEN regexp_matches({s}, {_lit(_COMPACT_RE)})
        THEN try_cast(regexp_replace({s}, {_lit(_COMPACT_RE)}, {_lit(ymd)}) AS DATE)
    ELSE try_strptime({s}, {english})::DATE
    END"""


# A day as ISO writes it, nothing else: what `date_sql` casts as it stands.
ISO_DAY_RE = r"^[12]\d{3}-\d{2}-\d{2}$"


def iso_day_sql(col: str) -> str:
    """`date_sql` for a column known to hold only ISO_DAY_RE cells (checked on its distinct
    cells): the same cast without the per-row pattern test."""
    return f"try_cast({col} AS DATE)"


def date_sql(col: str, order: str) -> str:
    """DATE from a date cell, NULL if blank or no valid date.

    Reads ISO dates with or without time, `2025/3/5`, `2025.03.05`,
    `20250305`, `2025年3月5日`, year-last forms (`3/5/2025`, `5.3.2025`)
    whose day/month order is `order` ('ymd', 'dmy' or 'mdy', see
    `detect_date_order`), Excel serial numbers and `5-Mar-2025`.
    Impossible dates such as 2025-02-30 give NULL.
    """
    if order not in DATE_ORDERS:
        raise ValueError(f"date order must be one of {DATE_ORDERS}, got {order!r}")
    year_last = "'%d-%m-%Y'" if order == "dmy" else "'%m-%d-%Y'"
    return f"""CASE
    WHEN regexp_matches({col}, {_lit(_ISO_RE)})
        THEN try_cast(CASE WHEN strlen({col}) = 10 THEN {col} ELSE left({col}, 10) END AS DATE)
    WHEN regexp_matches({col}, {_lit(_SERIAL_RE)}) THEN {_serial_sql(col)}
    WHEN regexp_matches({col}, {_lit(_SIMPLE_YMD_RE)})
        THEN try_cast(replace(replace({col}, '/', '-'), '.', '-') AS DATE)
    WHEN regexp_matches({col}, {_lit(_SIMPLE_YEAR_LAST_RE)})
        THEN try_strptime(replace(replace({col}, '/', '-'), '.', '-'), {year_last})::DATE
    WHEN regexp_matches({col}, {_lit(_SIMPLE_CHINESE_RE)})
        THEN try_strptime({col}, '%Y年%m月%d日')::DATE
    ELSE {_let(_clean_sql(col), "d", _date_body("d", order))}
    END"""


def detect_date_order(samples: Sequence[str | None], lang: str = "en") -> tuple[str, str]:
    """(order, reason) for a date column, judged from its raw values.

    Only year-last values (`3/5/2025`) are ambiguous; a part above 12 can
    only be a day, which settles the column. The reason goes into the load
    report so the user can check the guess; it is '' when the column has no
    year-last values and there was nothing to decide.
    """
    pattern = re.compile(_YEAR_LAST_RE)
    # Same mapping as the SQL translate(): characters past the end of _TO are deleted.
    to_ascii = str.maketrans({a: (_TO[i] if i < len(_TO) else None) for i, a in enumerate(_FROM)})
    day_first: list[str] = []
    month_first: list[str] = []
    year_last = 0
    for raw in samples:
        text = str(raw).translate(to_ascii).strip() if raw is not None else ""
        match = pattern.match(text)
        if not match:
            continue
        first, second = int(match.group(1)), int(match.group(2))
        if not (1 <= first <= 31 and 1 <= second <= 31) or min(first, second) > 12:
            continue  # no date in any order; the parser will reject it
        year_last += 1
        if first > 12:
            day_first.append(text)
        elif second > 12:
            month_first.append(text)
    if not year_last:
        return "ymd", ""
    if day_first and month_first:
        # A tie goes to day-first, the convention of most of the world.
        order = "mdy" if len(month_first) > len(day_first) else "dmy"
        why = "load.date.tie" if len(month_first) == len(day_first) else "load.date.majority"
        return order, i18n.t(
            "load.date.conflict",
            lang,
            day_n=len(day_first),
            day_eg=day_first[0],
            month_n=len(month_first),
            month_eg=month_first[0],
            assumed=i18n.t(f"load.date.assumed_{order}", lang),
            why=i18n.t(why, lang),
        )
    if day_first:
        return "dmy", i18n.t("load.date.day_first", lang, example=day_first[0])
    if month_first:
        return "mdy", i18n.t("load.date.month_first", lang, example=month_first[0])
    return "mdy", i18n.t("load.date.ambiguous", lang)


def _period_label_sql(col: str) -> str:
    """VARCHAR canonical label ('2025-03', '2025-Q1', '2025-H1', '2025') or NULL."""
    whens = [
        f"WHEN regexp_matches(p, {_lit(pattern)}) THEN regexp_replace(p, {_lit(pattern)}, {_lit(label)})"
        for pattern, label in _PERIOD_LABELS
    ]
    # Through a DATE so month 13 gives NULL and '2025-3' becomes '2025-03'.
    whens += [
        f"WHEN regexp_matches(p, {_lit(pattern)}) THEN strftime(try_cast("
        f"regexp_replace(p, {_lit(pattern)}, {_lit(first_day)}) AS DATE), '%Y-%m')"
        for pattern, first_day in _PERIOD_MONTHS
    ]
    months = "[" + ", ".join(_lit(f) for f in _ENGLISH_MONTH_FORMATS) + "]"
    # A full date (or datetime, or Excel serial) stands for its month. Year-
    # last dates are read day-first when that makes them the 1st of a month
    # (1/3/2025 = March), since a period is usually written as its first day,
    # else month-first when valid (3/15/2025), else day-first (15/3/2025).
    as_date = _let(
        f"[{_date_body('p', 'dmy')}, {_date_body('p', 'mdy')}]",
        "pd",
        "CASE WHEN day(pd[1]) = 1 OR pd[2] IS NULL THEN pd[1] ELSE pd[2] END",
    )
    body = f"""CASE
    {chr(10).join(whens)}
    ELSE coalesce(strftime(try_strptime(p, {months}), '%Y-%m'), strftime({as_date}, '%Y-%m'))
    END"""
    # Chinese quarter numerals become digits only here, where they cannot
    # collide with anything else a period cell may say.
    return _let(f"translate({_clean_sql(col)}, '一二三四', '1234')", "p", body)


def _period_start(label: str) -> str:
    """DATE: first day of a canonical label. Never raises: labels are built validated."""
    return f"""CASE
        WHEN length({label}) = 4 THEN make_date({label}::INT, 1, 1)
        WHEN {label}[6] = 'Q' THEN make_date({label}[1:4]::INT, {label}[7]::INT * 3 - 2, 1)
        WHEN {label}[6] = 'H' THEN make_date({label}[1:4]::INT, {label}[7]::INT * 6 - 5, 1)
        ELSE make_date({label}[1:4]::INT, {label}[6:7]::INT, 1)
    END"""


def period_sql(col: str) -> tuple[str, str, str]:
    """(label VARCHAR, start DATE, end DATE) for a target's period cell.

    Targets come per month (`2025-03`, `2025年3月`, `202503`, `Mar 2025`,
    a date in the month), quarter (`2025-Q1`, `2025年第1季度`, `Q1 2025`),
    half-year (`2025-H1`, `2025年上半年`) or year (`2025`, `2025年`).
    Labels are canonical so the same target from two exports matches;
    start and end are the period's first and last day, inclusive.
    """
    label = _period_label_sql(col)
    months = (
        "CASE WHEN length(l) = 4 THEN 12 WHEN l[6] = 'Q' THEN 3 WHEN l[6] = 'H' THEN 6 ELSE 1 END"
    )
    start = _let(label, "l", _period_start("l"))
    end = _let(label, "l", f"CAST({_period_start('l')} + to_months({months}) AS DATE) - 1")
    return label, start, end


def period_from_dates_sql(start_col_sql: str, end_col_sql: str) -> str:
    """VARCHAR label for a target given as start and end DATE expressions.

    When the range is exactly a calendar year, half, quarter or month it gets
    that canonical label, so it matches the same target given as a period;
    otherwise `2025-03-05..2025-04-04`. NULL when either end is missing or
    the range runs backwards, so the loader rejects the row.
    """
    s, e = "r[1]", "r[2]"

    def spans(months: int) -> str:
        return f"{e} = CAST({s} + to_months({months}) AS DATE) - 1"

    body = f"""CASE
        WHEN {s} IS NULL OR {e} IS NULL OR {e} < {s} THEN NULL
        WHEN day({s}) = 1 AND month({s}) = 1 AND {spans(12)} THEN strftime({s}, '%Y')
        WHEN day({s}) = 1 AND month({s}) IN (1, 7) AND {spans(6)}
            THEN strftime({s}, '%Y') || '-H' || ((month({s}) - 1) // 6 + 1)
        WHEN day({s}) = 1 AND month({s}) IN (1, 4, 7, 10) AND {spans(3)}
            THEN strftime({s}, '%Y') || '-Q' || ((month({s}) - 1) // 3 + 1)
        WHEN day({s}) = 1 AND {spans(1)} THEN strftime({s}, '%Y-%m')
        ELSE strftime({s}, '%Y-%m-%d') || '..' || strftime({e}, '%Y-%m-%d')
    END"""
    # try_cast, not ::DATE, so a VARCHAR passed by mistake cannot raise.
    return _let(f"[try_cast({start_col_sql} AS DATE), try_cast({end_col_sql} AS DATE)]", "r", body)
