"""The cell parsers in `values.py`, run for real in an in-memory DuckDB.

Every expected value below was worked out by hand from the input, not taken
from the code's own output.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from datetime import date

import duckdb
import pytest

from salesdash import values

RAW = '"raw cell"'  # a quoted column name with a space: callers pass quoted SQL


@pytest.fixture(scope="module")
def duck() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    yield connection
    connection.close()


def one(duck: duckdb.DuckDBPyConnection, expr: str, raw: str | None):
    """Evaluate `expr` over a one-row, one-column table holding `raw`."""
    return duck.execute(f"select {expr} from (select ?::varchar as {RAW})", [raw]).fetchone()[0]


def column(duck: duckdb.DuckDBPyConnection, expr: str, raws: list[str | None]) -> list:
    """Evaluate `expr` over a table holding all of `raws`, in order.

    Mixing shapes in one vector is what the loader does; it exercises the
    CASE branches on partial selections.
    """
    duck.execute(f"create or replace temp table cells (i integer, {RAW} varchar)")
    duck.executemany("insert into cells values (?, ?)", list(enumerate(raws)))
    return [r[0] for r in duck.execute(f"select {expr} from cells order by i").fetchall()]


# --- numbers ----------------------------------------------------------------

NUMBERS = [
    ("1234.5", 1234.5),
    ("-42", -42.0),
    ("0", 0.0),
    ("1,234,567.89", 1234567.89),
    ("-1,234", -1234.0),
    ("1 234 567", 1234567.0),
    (" 42 ", 42.0),
    ("\t42\n", 42.0),
    ("¥1,234.00", 1234.0),
    ("￥1,234", 1234.0),
    ("$ 99.90", 99.9),
    ("€5", 5.0),
    ("£7.5", 7.5),
    ("RMB 800", 800.0),
    ("CNY800", 800.0),
    ("usd 10", 10.0),
    ("800元", 800.0),
    ("1,200.50 元", 1200.5),
    ("人民币 300", 300.0),
    ("12.5%", 0.125),
    ("100%", 1.0),
    ("-3%", -0.03),
    ("(1,234.00)", -1234.0),
    ("（1,234.00）", -1234.0),
    ("(12.5%)", -0.125),
    ("¥(500)", -500.0),
    ("5-", -5.0),
    ("1,234.50-", -1234.5),
    ("+7", 7.0),
    ("１２３４．５", 1234.5),
    ("１，２３４", 1234.0),
    ("－５", -5.0),
    ("\u22125", -5.0),  # Unicode minus sign
    ("1.5E+3", 1500.0),
    ("2e-2", 0.02),
    (".5", 0.5),
    ("5.", 5.0),
    ("1\u00a0000", 1000.0),  # no-break space as thousands separator
    ("1\u202f234", 1234.0),  # narrow no-break space, as French locales group digits
    ("\u2009-5\u2009", -5.0),  # thin spaces around
    ("\ufeff12", 12.0),  # byte-order mark glued to the first cell of a CSV
]


@pytest.mark.parametrize(("raw", "expected"), NUMBERS)
def test_number_cells_people_type_parse_to_their_value(duck, raw, expected):
    assert one(duck, values.number_sql(RAW), raw) == expected


def test_accounting_negative_in_full_width_parentheses_is_negative(duck):
    assert one(duck, values.number_sql(RAW), "（１，２３４．００）") == -1234.0


def test_percent_is_a_fraction(duck):
    assert one(duck, values.number_sql(RAW), "12.5%") == 0.125


def test_wan_is_not_scaled_so_the_cell_is_rejected_rather_than_read_10000_times_too_small(duck):
    raw = "5万元"
    assert one(duck, values.number_sql(RAW), raw) is None
    assert one(duck, values.is_blank_sql(RAW), raw) is False


NOT_NUMBERS = [
    "abc",
    "12abc",
    "1,5",  # European decimal comma: reading it as 15 would be silently wrong
    "1,23,456",  # commas that do not group by three
    "(-5)",  # two ways of saying negative
    "--5",
    "-5-",
    "(5",
    "5)",
    "1e999",  # would be infinity
    "infinity",
    "inf",
    "1_000",
    "0x10",
    "1.2.3",
    "#DIV/0!",
    "%",
    "$",
]


@pytest.mark.parametrize("raw", NOT_NUMBERS)
def test_text_that_is_no_number_gives_null_and_is_not_blank(duck, raw):
    assert one(duck, values.number_sql(RAW), raw) is None
    assert one(duck, values.is_blank_sql(RAW), raw) is False


def test_numbers_of_every_shape_in_one_column_parse_row_by_row(duck):
    raws = [raw for raw, _ in NUMBERS] + NOT_NUMBERS + [None, "", "-"]
    expected = [value for _, value in NUMBERS] + [None] * (len(NOT_NUMBERS) + 3)
    assert column(duck, values.number_sql(RAW), raws) == expected


# --- blanks -----------------------------------------------------------------

BLANKS = [
    None, "", " ", "   ", "\t", "\u3000", "\u00a0", "-", " - ", "--", "—", "——", "–",
    "/", "N/A", "n/a", " N/A ", "#N/A", "null", "NULL", "None", "nan", "NaN", "NaT",
    "<NA>", "无", "空", "暂无", "－", "／", "\ufeff", "\u2003", "\u205f\u202f", " \u2009-\u2009 ", "\f",
]  # fmt: skip


@pytest.mark.parametrize("raw", BLANKS)
def test_empty_cells_and_no_value_tokens_are_blank(duck, raw):
    assert one(duck, values.is_blank_sql(RAW), raw) is True


@pytest.mark.parametrize("raw", BLANKS)
def test_blank_cells_parse_to_null_everywhere(duck, raw):
    assert one(duck, values.number_sql(RAW), raw) is None
    assert one(duck, values.date_sql(RAW, "ymd"), raw) is None
    assert one(duck, values.period_sql(RAW)[0], raw) is None


NOT_BLANK = ["0", "-5", "abc", "N/A x", "none of them", "nana", "a ", " 2025-03-05", "无锡"]


@pytest.mark.parametrize("raw", NOT_BLANK)
def test_cells_with_content_are_not_blank(duck, raw):
    assert one(duck, values.is_blank_sql(RAW), raw) is False


def test_blank_test_in_one_column_matches_cell_by_cell(duck):
    raws = BLANKS + NOT_BLANK
    assert column(duck, values.is_blank_sql(RAW), raws) == [True] * len(BLANKS) + [False] * len(
        NOT_BLANK
    )


def test_trimmed_holds_exactly_the_characters_duckdb_trim_strips(duck):
    # spaces_only_sql and is_blank_sql trim only cells starting with one of
    # TRIMMED: should DuckDB's trim() ever strip another character, it must learn it.
    spaces = [
        chr(cp)
        for cp in range(0x3001)
        if unicodedata.category(chr(cp)) in ("Zs", "Zl", "Zp", "Cc", "Cf")
    ] + ["\ufeff"]
    stripped = column(duck, f"trim({RAW}) = ''", spaces)
    assert [ord(c) for c, gone in zip(spaces, stripped, strict=True) if gone] == sorted(
        values.TRIMMED
    )
    raws = [f"{c}{c}" for c in spaces]
    assert column(duck, values.spaces_only_sql(RAW), raws) == column(
        duck, f"nullif(trim({RAW}), '') is null", raws
    )


def test_spaces_only_cells_are_null_empty_or_trimmed_to_nothing(duck):
    raws = [None, "", " ", "\u3000\u00a0", "  x ", "\t", "-", "\u200b"]
    assert column(duck, values.spaces_only_sql(RAW), raws) == [
        True, True, True, True, False, False, False, False,
    ]  # fmt: skip


# --- dates ------------------------------------------------------------------

MARCH_5 = date(2025, 3, 5)

DATES_ANY_ORDER = [
    ("2025-03-05", MARCH_5),
    ("2025-03-05 00:00:00", MARCH_5),
    ("2025-03-05T08:30:00", MARCH_5),
    ("2025-03-05 08:30", MARCH_5),
    ("2025-03-05T08:30:00.123Z", MARCH_5),
    ("2025-03-05 08:30:00+08:00", MARCH_5),
    ("2025-3-5", MARCH_5),
    ("2025/3/5", MARCH_5),
    ("2025/03/05", MARCH_5),
    ("2025/3/5 8:30 PM", MARCH_5),
    ("2025.03.05", MARCH_5),
    ("2025.3.5", MARCH_5),
    (" 2025/3/5 ", MARCH_5),
    ("20250305", MARCH_5),
    ("20250305.0", MARCH_5),
    ("2025年3月5日", MARCH_5),
    ("2025年03月05日", MARCH_5),
    ("2025 年 3 月 5 日", MARCH_5),
    ("2025年03月05日 10:00", MARCH_5),
    ("２０２５－０３－０５", MARCH_5),
    ("5-Mar-2025", MARCH_5),
    ("05-Mar-25", MARCH_5),
    ("Mar 5, 2025", MARCH_5),
    ("5 March 2025", MARCH_5),
    ("2024-02-29", date(2024, 2, 29)),  # leap day
    # Excel serials (1900 system): 45658 is 2025-01-01, + 31 + 28 + 4 = 45721.
    ("45721", MARCH_5),
    ("45721.75", MARCH_5),  # a datetime serial: the time is dropped
    (" 45721 ", MARCH_5),
    ("61", date(1900, 3, 1)),  # first serial after Excel's fictional 1900-02-29
    ("59", date(1900, 2, 28)),
    ("1", date(1900, 1, 1)),
    ("2958465", date(9999, 12, 31)),  # Excel's last date
]


@pytest.mark.parametrize("order", values.DATE_ORDERS)
@pytest.mark.parametrize(("raw", "expected"), DATES_ANY_ORDER)
def test_unambiguous_dates_parse_whatever_the_order(duck, raw, expected, order):
    assert one(duck, values.date_sql(RAW, order), raw) == expected


YEAR_LAST = [
    # raw, as day-first, as month-first
    ("3/5/2025", date(2025, 5, 3), MARCH_5),
    ("5.3.2025", MARCH_5, date(2025, 5, 3)),
    ("05-03-2025", MARCH_5, date(2025, 5, 3)),
    ("25/12/2024", date(2024, 12, 25), None),
    ("12/25/2024", None, date(2024, 12, 25)),
    ("3/5/2025 14:00", date(2025, 5, 3), MARCH_5),
    ("03/05/2025 00:00:00", date(2025, 5, 3), MARCH_5),
    ("31/04/2025", None, None),  # April has 30 days
]


@pytest.mark.parametrize(("raw", "day_first", "month_first"), YEAR_LAST)
def test_year_last_dates_follow_the_given_order(duck, raw, day_first, month_first):
    assert one(duck, values.date_sql(RAW, "dmy"), raw) == day_first
    assert one(duck, values.date_sql(RAW, "mdy"), raw) == month_first


def test_year_last_dates_in_a_year_first_column_are_read_month_first(duck):
    assert one(duck, values.date_sql(RAW, "ymd"), "3/5/2025") == MARCH_5


NOT_DATES = [
    "2025-02-30",
    "2023-02-29",  # not a leap year
    "2025-13-01",
    "2025-00-10",
    "20251301",
    "60",  # Excel's 1900-02-29, a day that never was
    "0",
    "2958466",
    "-5",
    "25/3/5",  # two-digit years are not read
    "3/5/25",
    "0/0/2025",
    "2025-03-05 garbage",
    "2025年3月",
    "abc",
    "1e5",
    "0999-01-01",
]


@pytest.mark.parametrize("raw", NOT_DATES)
def test_impossible_or_unknown_dates_give_null_and_are_not_blank(duck, raw):
    for order in values.DATE_ORDERS:
        assert one(duck, values.date_sql(RAW, order), raw) is None
    assert one(duck, values.is_blank_sql(RAW), raw) is False


def test_dates_of_every_shape_in_one_column_parse_row_by_row(duck):
    raws = [raw for raw, _ in DATES_ANY_ORDER] + [raw for raw, _, _ in YEAR_LAST] + NOT_DATES
    expected = (
        [value for _, value in DATES_ANY_ORDER]
        + [day_first for _, day_first, _ in YEAR_LAST]
        + [None] * len(NOT_DATES)
    )
    assert column(duck, values.date_sql(RAW, "dmy"), raws) == expected


def test_unknown_date_order_is_a_programming_error():
    with pytest.raises(ValueError, match="order"):
        values.date_sql(RAW, "ydm")


# --- date order detection ---------------------------------------------------


def test_no_year_last_dates_means_year_first_and_nothing_to_report():
    assert values.detect_date_order(["2025-03-05", "2025/3/5", "45721", None]) == ("ymd", "")
    assert values.detect_date_order([]) == ("ymd", "")


def test_a_first_part_above_12_makes_the_column_day_first():
    order, reason = values.detect_date_order(["3/5/2025", "25/03/2025", "1/2/2025"])
    assert order == "dmy"
    assert reason == "day-first: 25/03/2025 can only be day/month/year"


def test_a_second_part_above_12_makes_the_column_month_first():
    order, reason = values.detect_date_order(["3/5/2025", "03/25/2025 10:00"])
    assert order == "mdy"
    assert reason == "month-first: 03/25/2025 10:00 can only be month/day/year"


def test_all_ambiguous_dates_are_assumed_month_first():
    assert values.detect_date_order(["3/5/2025", "1.2.2025", "12-11-2024"]) == (
        "mdy",
        "ambiguous: all day and month values ≤ 12; assumed month-first (3/5/2025 = March 5)",
    )


def test_conflicting_dates_follow_the_majority_and_say_so():
    order, reason = values.detect_date_order(["25/3/2025", "3/25/2025", "26/3/2025"])
    assert order == "dmy"
    assert reason.startswith("conflict: 2 day-first dates (e.g. 25/3/2025) and 1 month-first")
    order, reason = values.detect_date_order(["25/3/2025", "3/25/2025", "3/26/2025"])
    assert order == "mdy"
    assert "conflict" in reason and "majority" in reason


def test_a_tie_between_day_first_and_month_first_goes_day_first():
    order, reason = values.detect_date_order(["25/3/2025", "3/25/2025"])
    assert order == "dmy"
    assert "tie" in reason


def test_full_width_and_impossible_samples_are_judged_sensibly():
    assert values.detect_date_order(["１３/０５/２０２５"])[0] == "dmy"
    # 13/13 is no date in any order: it is left to the parser to reject.
    assert values.detect_date_order(["13/13/2025"]) == ("ymd", "")


# --- periods ----------------------------------------------------------------

PERIODS = [
    # months
    ("2025-03", "2025-03", date(2025, 3, 1), date(2025, 3, 31)),
    ("2025/03", "2025-03", date(2025, 3, 1), date(2025, 3, 31)),
    ("2025-3", "2025-03", date(2025, 3, 1), date(2025, 3, 31)),
    ("2025.03", "2025-03", date(2025, 3, 1), date(2025, 3, 31)),
    ("202503", "2025-03", date(2025, 3, 1), date(2025, 3, 31)),
    ("2025年3月", "2025-03", date(2025, 3, 1), date(2025, 3, 31)),
    ("2025年03月", "2025-03", date(2025, 3, 1), date(2025, 3, 31)),
    ("2025年3月份", "2025-03", date(2025, 3, 1), date(2025, 3, 31)),
    ("03/2025", "2025-03", date(2025, 3, 1), date(2025, 3, 31)),
    ("Mar 2025", "2025-03", date(2025, 3, 1), date(2025, 3, 31)),
    ("March 2025", "2025-03", date(2025, 3, 1), date(2025, 3, 31)),
    ("Mar-25", "2025-03", date(2025, 3, 1), date(2025, 3, 31)),
    ("2024-02", "2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    ("2025-12", "2025-12", date(2025, 12, 1), date(2025, 12, 31)),
    # a date stands for its month
    ("2025-03-01", "2025-03", date(2025, 3, 1), date(2025, 3, 31)),
    ("2025-03-15", "2025-03", date(2025, 3, 1), date(2025, 3, 31)),
    ("2025-03-01 00:00:00", "2025-03", date(2025, 3, 1), date(2025, 3, 31)),
    ("45717", "2025-03", date(2025, 3, 1), date(2025, 3, 31)),  # serial of 2025-03-01
    ("1/3/2025", "2025-03", date(2025, 3, 1), date(2025, 3, 31)),  # day-first makes a 1st
    ("3/1/2025", "2025-03", date(2025, 3, 1), date(2025, 3, 31)),  # month-first makes a 1st
    ("3/15/2025", "2025-03", date(2025, 3, 1), date(2025, 3, 31)),
    ("15/3/2025", "2025-03", date(2025, 3, 1), date(2025, 3, 31)),
    # quarters
    ("2025-Q1", "2025-Q1", date(2025, 1, 1), date(2025, 3, 31)),
    ("2025Q1", "2025-Q1", date(2025, 1, 1), date(2025, 3, 31)),
    ("2025 Q1", "2025-Q1", date(2025, 1, 1), date(2025, 3, 31)),
    ("2025-q1", "2025-Q1", date(2025, 1, 1), date(2025, 3, 31)),
    ("2025年Q1", "2025-Q1", date(2025, 1, 1), date(2025, 3, 31)),
    ("2025年第1季度", "2025-Q1", date(2025, 1, 1), date(2025, 3, 31)),
    ("2025年1季度", "2025-Q1", date(2025, 1, 1), date(2025, 3, 31)),
    ("2025年第一季度", "2025-Q1", date(2025, 1, 1), date(2025, 3, 31)),
    ("Q1 2025", "2025-Q1", date(2025, 1, 1), date(2025, 3, 31)),
    ("Q3-2025", "2025-Q3", date(2025, 7, 1), date(2025, 9, 30)),
    ("2025-3Q", "2025-Q3", date(2025, 7, 1), date(2025, 9, 30)),
    ("2025第四季度", "2025-Q4", date(2025, 10, 1), date(2025, 12, 31)),
    # half-years
    ("2025-H1", "2025-H1", date(2025, 1, 1), date(2025, 6, 30)),
    ("2025H2", "2025-H2", date(2025, 7, 1), date(2025, 12, 31)),
    ("H2 2025", "2025-H2", date(2025, 7, 1), date(2025, 12, 31)),
    ("2025年上半年", "2025-H1", date(2025, 1, 1), date(2025, 6, 30)),
    ("2025年下半年", "2025-H2", date(2025, 7, 1), date(2025, 12, 31)),
    # years
    ("2025", "2025", date(2025, 1, 1), date(2025, 12, 31)),
    ("2025年", "2025", date(2025, 1, 1), date(2025, 12, 31)),
    ("2025年度", "2025", date(2025, 1, 1), date(2025, 12, 31)),
    ("2025.0", "2025", date(2025, 1, 1), date(2025, 12, 31)),
    (" 2025 ", "2025", date(2025, 1, 1), date(2025, 12, 31)),
    # not periods
    ("2025-13", None, None, None),
    ("2025-00", None, None, None),
    ("2025-Q5", None, None, None),
    ("Q0 2025", None, None, None),
    ("2025年第5季度", None, None, None),
    ("13/2025", None, None, None),
    ("2025-02-30", None, None, None),
    ("abc", None, None, None),
]


@pytest.mark.parametrize(("raw", "label", "start", "end"), PERIODS)
def test_periods_get_a_canonical_label_and_their_first_and_last_day(duck, raw, label, start, end):
    label_sql, start_sql, end_sql = values.period_sql(RAW)
    got = duck.execute(
        f"select {label_sql}, {start_sql}, {end_sql} from (select ?::varchar as {RAW})", [raw]
    ).fetchone()
    assert got == (label, start, end)


def test_periods_of_every_shape_in_one_column_parse_row_by_row(duck):
    label_sql, start_sql, end_sql = values.period_sql(RAW)
    got = column(
        duck, f"[{label_sql}, {start_sql}::varchar, {end_sql}::varchar]", [p[0] for p in PERIODS]
    )
    expected = [
        [label, start and start.isoformat(), end and end.isoformat()]
        for _, label, start, end in PERIODS
    ]
    assert got == expected


# --- periods from start and end dates ---------------------------------------

RANGES = [
    ("2025-03-01", "2025-03-31", "2025-03"),
    ("2024-02-01", "2024-02-29", "2024-02"),
    ("2025-01-01", "2025-03-31", "2025-Q1"),
    ("2025-10-01", "2025-12-31", "2025-Q4"),
    ("2025-01-01", "2025-06-30", "2025-H1"),
    ("2025-07-01", "2025-12-31", "2025-H2"),
    ("2025-01-01", "2025-12-31", "2025"),
    ("2025-03-05", "2025-04-04", "2025-03-05..2025-04-04"),
    ("2025-03-01", "2025-03-30", "2025-03-01..2025-03-30"),
    ("2025-02-01", "2025-04-30", "2025-02-01..2025-04-30"),  # three months, not a quarter
    ("2025-04-01", "2025-09-30", "2025-04-01..2025-09-30"),  # six months, not a half
    ("2025-03-05", "2025-03-05", "2025-03-05..2025-03-05"),
    ("2025-04-01", "2025-03-31", None),  # backwards
    (None, "2025-03-31", None),
    ("2025-03-01", None, None),
]


@pytest.mark.parametrize(("start", "end", "label"), RANGES)
def test_a_start_end_range_is_labelled_as_the_calendar_period_it_covers(duck, start, end, label):
    expr = values.period_from_dates_sql("?::date", "?::date")
    assert duck.execute(f"select {expr}", [start, end]).fetchone()[0] == label


def test_range_labels_compose_with_the_date_parser(duck):
    expr = values.period_from_dates_sql(
        values.date_sql('"s"', "ymd"), values.date_sql('"e"', "ymd")
    )
    got = duck.execute(
        f"select {expr} from (values ('2025/1/1', '2025年3月31日'), ('45717', '20250331')) t(s, e)"
    ).fetchall()
    assert got == [("2025-Q1",), ("2025-03",)]


# --- robustness -------------------------------------------------------------

NASTY = [
    "'", "''; drop table cells; --", "\\", "\\1", "%", "%Y", "?", "$1", "{}", "[1]",
    "\x00", "😀", "１" * 40, "9" * 400, "-" * 50, "(" * 10 + "1" + ")" * 10,
    "2025-" * 30, "１２３４５６７８９０", "\u200b", "年月日", "Q", "H", "第季度",
]  # fmt: skip


def test_no_parser_raises_on_hostile_input(duck):
    label_sql, start_sql, end_sql = values.period_sql(RAW)
    exprs = [
        values.is_blank_sql(RAW),
        values.number_sql(RAW),
        *(values.date_sql(RAW, order) for order in values.DATE_ORDERS),
        label_sql,
        start_sql,
        end_sql,
    ]
    for expr in exprs:
        column(duck, expr, NASTY)  # raises on any run-time error
