"""How the report words things: the texts every renderer shares, and figures as the page shows them.

The first half reads a built `Report` (its period, filters, running header,
lead sentences), so the HTML, the workbook and the PDF say the same. The
second half formats one value the way the weekly review page does (numbers in
万 in Chinese, amounts with the deployment's currency symbol, percentages, why
a figure is missing), for the cards and sections while they are gathered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from salesdash import i18n, queries
from salesdash.report import figures
from salesdash.report.model import Report

# ---- what every renderer shares --------------------------------------------


def t(report: Report, key: str, **values: object) -> str:
    return i18n.t(key, report.lang, **values)


def review_window(as_of: dt.date, days: int) -> dict[str, dt.date]:
    """The review window (`days` ending at `as_of`) and the equal span before it."""
    return {
        "start": as_of - dt.timedelta(days=days - 1),
        "end": as_of,
        "previous_start": as_of - dt.timedelta(days=2 * days - 1),
        "previous_end": as_of - dt.timedelta(days=days),
    }


def period_sentence(as_of: dt.date, days: int, lang: str) -> str:
    """The caption under the page's title and the report's: "Review window 4 Mar 2025 – ..."."""
    span = review_window(as_of, days)
    return i18n.t("weekly.period", lang, **{k: i18n.fmt_date(v, lang) for k, v in span.items()})


def window(report: Report) -> dict[str, dt.date]:
    return review_window(report.as_of, report.window_days)


def period_text(report: Report) -> str:
    return period_sentence(report.as_of, report.window_days, report.lang)


def filter_texts(report: Report) -> list[str]:
    """The active filters, one "Region: east, west" per filter; the user's scope last."""
    texts = [
        t(report, f"report.filter.{name}", values=", ".join(values))
        for name, values in report.filters.items()
    ]
    if report.scope is not None:
        texts.append(t(report, "report.scope", regions=", ".join(report.scope)))
    return texts


def filters_line(report: Report) -> str:
    """All active filters on one line, or "all data" when there are none."""
    return " · ".join(filter_texts(report)) or t(report, "report.no_filters")


def running_header(report: Report) -> str:
    """What every printed page carries at its top: title, as-of date, filters."""
    return " · ".join(
        (
            t(report, "report.title"),
            t(report, "report.as_of", date=i18n.fmt_date(report.as_of, report.lang)),
            filters_line(report),
        )
    )


def lead_text(report: Report, lead: tuple[str, dict[str, str]]) -> str:
    """The page's sentence as plain text: its **bold** marks dropped, the values as they are."""
    key, values = lead
    return t(report, key).replace("**", "").format(**values)


# ---- one value as the page shows it -----------------------------------------


def fmt_number(value: Any, lang: str, decimals: int = 0) -> str:
    return i18n.fmt_number(figures.number(value), lang, decimals)


def fmt_money(value: Any, lang: str, symbol: str) -> str:
    """An amount as the page's `fmt_money` writes it: ¥1,200, -¥50, ¥123.5万; "–" bare."""
    return i18n.with_currency(fmt_number(value, lang), symbol)


def fmt_pct(value: Any, decimals: int = 1) -> str:
    return i18n.fmt_pct(figures.number(value), decimals)


def signed(text: str, value: float) -> str:
    """`text` with a plus sign when `value` is a rise (a fall carries its own minus)."""
    return f"+{text}" if value > 0 else text


def nothing(lang: str) -> str:
    """Why a figure is missing when its data are loaded: nothing falls in the window."""
    return i18n.t("common.nothing_in_window", lang)


def need_reason(needs: Sequence[str], present: Mapping[str, bool], lang: str) -> str | None:
    """Why data needing `needs` cannot be shown (the first need not loaded), in `lang`."""
    for need in needs:
        if not present.get(need, False):
            return i18n.t(f"common.need.{need}", lang)
    return None


def missing_reason(name: str, present: Mapping[str, bool], lang: str) -> str | None:
    """Why query `name` has nothing to show, in `lang` (as pages.common.missing_reason)."""
    return need_reason(queries.queries()[name].needs, present, lang)


def is_missing(value: object) -> bool:
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def code_label(value: object, prefix: str, lang: str) -> str | None:
    """A data code (category `logistics`) in `lang`, else as it is; None stays None."""
    if is_missing(value):
        return None
    key = f"{prefix}.{value}"
    text = i18n.t(key, lang)
    return str(value) if text == key else text
