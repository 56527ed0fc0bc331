"""What a weekly report is made of: cards, sections, columns, and the kinds their values are.

The renderers (html_doc, workbook, pdf) read only these shapes; content.build
fills them. The headline cards' order and the needs-attention lists' columns
are also what the weekly review page shows (pages/weekly_cards.py,
pages/weekly_sections.py), so the page takes them from here and the file and
the screen cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from salesdash import queries

CHURN_DAYS = queries.DEFAULTS["churn_days"]
SLA_DAYS = queries.DEFAULTS["sla_days"]

# Column kinds, which decide the number format in each renderer (and on the page).
MONEY, PCT, COUNT, DEC1, DEC2, DATE, TEXT = "money", "pct", "count", "dec1", "dec2", "date", "text"

# The headline cards from kpi_cards, in the page's order: (kpi, how to show it).
KPIS = (
    ("gross_sales", "money"),
    ("net_sales", "money"),
    ("stocked_sales", "money"),
    ("sell_through_rate", "rate"),
    ("active_customers", "count"),
    ("visits", "count"),
    ("complaints_opened", "count"),
)

# One column of a list as (query column, header text key, kind).
ColumnSpec = tuple[str, str, str]

# The needs-attention lists, by section key, with the columns the page and the report show.
ATTENTION_COLUMNS: dict[str, tuple[ColumnSpec, ...]] = {
    "behind": (
        ("rep", "weekly.col.rep", TEXT),
        ("period", "weekly.col.period", TEXT),
        ("target", "weekly.col.target", MONEY),
        ("actual", "weekly.col.actual", MONEY),
        ("attainment", "weekly.col.attainment", PCT),
        ("expected_share", "weekly.col.expected_share", PCT),
        ("pace_index", "weekly.col.pace_index", DEC2),
        ("projected_shortfall", "weekly.col.projected_shortfall", MONEY),
    ),
    "slow": (
        ("customer", "weekly.col.customer", TEXT),
        ("stock_amount", "weekly.col.stock_amount", MONEY),
        ("slow_positions", "weekly.col.slow_positions", COUNT),
        ("weeks_of_cover", "weekly.col.weeks_of_cover", DEC1),
        ("last_sell_out_date", "weekly.col.last_sell_out_date", DATE),
        ("largest_product", "weekly.col.largest_product", TEXT),
        ("rep", "weekly.col.rep", TEXT),
        ("region", "weekly.col.region", TEXT),
    ),
    "overdue": (
        ("customer", "weekly.col.customer", TEXT),
        ("tier", "weekly.col.tier", TEXT),
        ("days_since_visit", "weekly.col.days_since_visit", COUNT),
        ("overdue_days", "weekly.col.overdue_days", COUNT),
        ("last_visit_date", "weekly.col.last_visit_date", DATE),
        ("rep", "weekly.col.rep", TEXT),
        ("region", "weekly.col.region", TEXT),
    ),
    "late": (
        ("customer", "weekly.col.customer", TEXT),
        ("days_open", "weekly.col.days_open", COUNT),
        ("opened", "weekly.col.opened", DATE),
        ("category", "weekly.col.category", TEXT),
        ("severity", "weekly.col.severity", TEXT),
        ("id", "weekly.col.id", TEXT),
        ("rep", "weekly.col.rep", TEXT),
    ),
    "risk": (
        ("customer", "weekly.col.customer", TEXT),
        ("previous_purchases", "weekly.col.previous_purchases", MONEY),
        ("current_purchases", "weekly.col.current_purchases", MONEY),
        ("drop_pct", "weekly.col.drop_pct", PCT),
        ("last_purchase_date", "weekly.col.last_purchase_date", DATE),
        ("rep", "weekly.col.rep", TEXT),
        ("region", "weekly.col.region", TEXT),
    ),
}

# What gathering is handed: the metrics runner with the report's parameters bound,
# and why a query has nothing to show (None when its data are loaded).
Runner = Callable[..., pd.DataFrame]
Reason = Callable[[str], str | None]


class ReportError(ValueError):
    """The report cannot be made (no sales loaded, a bad date, no browser): a sentence for the user."""


@dataclass(frozen=True)
class Column:
    """One column of a section's table: the query column, its header, how its values read."""

    name: str
    header: str
    kind: str


@dataclass(frozen=True)
class Card:
    """A headline figure as the page's card shows it, with its number for the workbook.

    `value` is None when the data cannot give it; `delta` is the card's second
    line (the change, or why there is no figure). Cards from kpi_cards also
    carry the previous window's value and the change.
    """

    key: str
    label: str
    kind: str
    value: float | None
    shown: str
    delta: str | None
    previous: float | None = None
    change: float | None = None
    change_pct: float | None = None


@dataclass(frozen=True)
class Section:
    """One block of the page: a table (and maybe a chart), or a note saying why there is none.

    `lead` is the page's sentence above the table as (text key, values) so
    each renderer can set the key's **bold** parts its own way; `ok` tells an
    all-clear note ("every rep is on pace") from a missing-data one.
    """

    key: str
    group: str
    title: str
    sheet: str
    columns: tuple[Column, ...]
    rows: pd.DataFrame
    lead: tuple[str, dict[str, str]] | None = None
    note: str | None = None
    ok: bool = False
    chart: dict[str, Any] | None = None
    chart_title: str | None = None


@dataclass(frozen=True)
class Report:
    """One weekly review, gathered once for every format.

    `currency` is the deployment's currency symbol (`currency_symbol`
    setting, "" for none) as it stood when the report was built: every
    amount in every format carries this one, so a file never mixes two.
    """

    lang: str
    as_of: dt.date
    window_days: int
    filters: dict[str, tuple[str, ...]]
    scope: tuple[str, ...] | None
    generated_at: dt.datetime
    cards: tuple[Card, ...]
    sections: tuple[Section, ...]
    currency: str = ""
