"""What the weekly report holds: the weekly review page's figures, gathered once for every format.

`build` asks the metrics runner for the same named queries, with the same
parameters, as the weekly review page (pages/weekly*.py) and keeps the rows,
the headline cards as the page words them (cards.py), and each section or
why it has nothing to show (sections.py). The renderers (html_doc, workbook,
pdf) only lay this out, so the HTML, the workbook and the page cannot
disagree about a figure. When the page gains or drops a section, sections.py
follows it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import duckdb
import pandas as pd

from salesdash import config, i18n, queries
from salesdash.report.cards import cards
from salesdash.report.model import Report, ReportError
from salesdash.report.sections import sections
from salesdash.report.wording import missing_reason


def build(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: dt.date | str | None = None,
    window_days: int = queries.DEFAULTS["window_days"],
    regions: Sequence[str] | None = None,
    reps: Sequence[str] | None = None,
    segments: Sequence[str] | None = None,
    products: Sequence[str] | None = None,
    customers: Sequence[str] | None = None,
    lang: str = i18n.DEFAULT_LANG,
    scope: tuple[str, ...] | None = None,
    generated_at: dt.datetime | None = None,
    currency: str | None = None,
) -> Report:
    """The weekly review for `as_of` (default: the latest sales date) under these filters.

    `scope` is the regions a signed-in user is limited to (None: no limit);
    it goes to the runner only when set, so the report works with a runner
    that does not know it yet. `currency` is the symbol put before every
    amount (None: the `currency_symbol` setting, read here once so that the
    cards, tables, sentences and charts of one report carry the same one).
    Raises ReportError when there are no sales.
    """
    lang = lang if lang in i18n.LANGS else i18n.DEFAULT_LANG
    symbol = str(config.setting("currency_symbol") or "") if currency is None else currency
    present = queries.data_present(con)
    if not present["sales"]:
        raise ReportError(queries.NEED_REASONS["sales"])
    day = _review_date(con, as_of)
    days = _window_days(window_days)
    chosen = {
        "regions": _values(regions),
        "reps": _values(reps),
        "segments": _values(segments),
        "products": _values(products),
        "customers": _values(customers),
    }
    params: dict[str, Any] = {"as_of": day, "window_days": days}
    params |= {name: list(values) or None for name, values in chosen.items()}
    if scope is not None:
        params["scope"] = tuple(scope)

    def run(name: str, **extra: Any) -> pd.DataFrame:
        return queries.run(con, name, **{**params, **extra})

    def reason(name: str) -> str | None:
        return missing_reason(name, present, lang)

    return Report(
        lang=lang,
        as_of=day,
        window_days=days,
        filters={name: values for name, values in chosen.items() if values},
        scope=tuple(scope) if scope is not None else None,
        generated_at=generated_at or dt.datetime.now().replace(microsecond=0),
        cards=tuple(cards(run, reason, present, lang, days, symbol)),
        sections=sections(run, reason, lang, symbol),
        currency=symbol,
    )


def _review_date(con: duckdb.DuckDBPyConnection, as_of: dt.date | str | None) -> dt.date:
    if as_of is None:
        day = queries.default_as_of(con)
        if day is None:
            raise ReportError(queries.NEED_REASONS["sales"])
        return day
    if isinstance(as_of, dt.datetime):
        return as_of.date()
    if isinstance(as_of, dt.date):
        return as_of
    try:
        return dt.date.fromisoformat(str(as_of))
    except ValueError:
        raise ReportError(f"the review date must be a date YYYY-MM-DD, got {as_of!r}") from None


def _window_days(value: object) -> int:
    try:
        days = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        days = 0
    if days <= 0:
        raise ReportError(f"the review window must be a positive number of days, got {value!r}")
    return days


def _values(values: Sequence[str] | str | None) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    return tuple(str(v) for v in values if v is not None and str(v) != "")
