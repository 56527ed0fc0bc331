"""The report's sections, gathered from the metrics runner as the weekly review page shows them.

What needs attention (reps behind pace, slow-moving stock, overdue visits,
complaints past their SLA, customers buying much less), then the weekly
trend and the split by region. Each section keeps the query's rows
unrounded, the page's lead sentence and, where the page draws one, its chart;
a list with nothing to show says why (no data loaded) or that all is well.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from salesdash import i18n
from salesdash.report import figures
from salesdash.report.model import (
    ATTENTION_COLUMNS,
    CHURN_DAYS,
    COUNT,
    DATE,
    MONEY,
    PCT,
    SLA_DAYS,
    TEXT,
    Column,
    ColumnSpec,
    Reason,
    Runner,
    Section,
)
from salesdash.report.wording import code_label, fmt_money, fmt_pct, is_missing, nothing

# The sales measures the trend and the region split both list.
SALES_COLUMNS = (
    ("gross_sales", "weekly.kpi.gross_sales", MONEY),
    ("returns", "report.col.returns", MONEY),
    ("net_sales", "weekly.kpi.net_sales", MONEY),
    ("stocked_sales", "weekly.kpi.stocked_sales", MONEY),
    ("sell_through_rate", "weekly.kpi.sell_through_rate", PCT),
)


def sections(run: Runner, reason: Reason, lang: str, currency: str = "") -> tuple[Section, ...]:
    """Every section of the page, in its order; `currency` goes before the leads' amounts
    and on the charts' money axes (the tables' money columns take it from the Report)."""
    return (
        _behind_pace(run, reason, lang),
        _slow_moving(run, reason, lang, currency),
        _overdue_visits(run, reason, lang),
        _complaints_past_sla(run, reason, lang),
        _churn_risk(run, reason, lang, currency),
        _weekly_trend(run, reason, lang, currency),
        _region_split(run, reason, lang, currency),
    )


def _section(
    key: str,
    group: str,
    title: str,
    lang: str,
    spec: Sequence[ColumnSpec],
    frame: pd.DataFrame,
    **extra: Any,
) -> Section:
    columns = tuple(Column(name, i18n.t(header, lang), kind) for name, header, kind in spec)
    names = [c.name for c in columns]
    rows = frame[names].reset_index(drop=True) if not frame.empty else pd.DataFrame(columns=names)
    sheet = i18n.t(f"report.sheet.{key}", lang)
    return Section(key, group, title, sheet, columns, rows, **extra)


def _attention(
    key: str,
    query: str,
    title: str,
    none_key: str,
    run: Runner,
    reason: Reason,
    lang: str,
    **params: Any,
) -> tuple[pd.DataFrame, Section | None]:
    """A needs-attention list's rows, or the section saying why it is empty (as the page does)."""
    spec = ATTENTION_COLUMNS[key]
    why = reason(query)
    if why:
        return pd.DataFrame(), _section(
            key, "attention", title, lang, spec, pd.DataFrame(), note=why
        )
    frame = run(query, **params)
    if frame.empty:
        note = i18n.t(none_key, lang)
        return frame, _section(key, "attention", title, lang, spec, frame, note=note, ok=True)
    return frame, None


def _listed(
    key: str,
    title: str,
    lang: str,
    frame: pd.DataFrame,
    lead: tuple[str, dict[str, str]],
    **extra: Any,
) -> Section:
    """A needs-attention list with rows, under the page's sentence (text key, values)."""
    return _section(
        key, "attention", title, lang, ATTENTION_COLUMNS[key], frame, lead=lead, **extra
    )


def _behind_pace(run: Runner, reason: Reason, lang: str) -> Section:
    title = i18n.t("weekly.behind.title", lang)
    args = ("behind", "reps_behind_pace", title, "weekly.behind.none", run, reason, lang)
    frame, empty = _attention(*args)
    if empty:
        return empty
    first = frame.iloc[0]
    values = {
        "rep": str(first["rep"]),
        "attainment": fmt_pct(first["attainment"]),
        "expected": fmt_pct(first["expected_share"]),
        "period": str(first["period"]),
        "pace": f"{first['pace_index']:.2f}",
    }
    chart = figures.pace_chart(
        frame["rep"].astype(str).tolist(),
        frame["period"].astype(str).tolist(),
        frame["pace_index"].tolist(),
        lang,
    )
    chart_title = i18n.t("weekly.behind.chart", lang)
    lead = ("weekly.behind.lead", values)
    return _listed("behind", title, lang, frame, lead, chart=chart, chart_title=chart_title)


def _slow_moving(run: Runner, reason: Reason, lang: str, currency: str) -> Section:
    title = i18n.t("weekly.slow.title", lang)
    args = ("slow", "slow_moving_by_customer", title, "weekly.slow.none", run, reason, lang)
    frame, empty = _attention(*args)
    if empty:
        return empty
    first = frame.iloc[0]
    lead = {
        "customer": str(first["customer"]),
        "amount": fmt_money(first["stock_amount"], lang, currency),
        "positions": str(int(first["slow_positions"])),
        "product": str(first["largest_product"]),
    }
    return _listed("slow", title, lang, frame, ("weekly.slow.lead", lead))


def _overdue_visits(run: Runner, reason: Reason, lang: str) -> Section:
    title = i18n.t("weekly.overdue.title", lang)
    args = ("overdue", "overdue_visits", title, "weekly.overdue.none", run, reason, lang)
    frame, empty = _attention(*args)
    if empty:
        return empty
    first = frame.iloc[0]
    values = {"n": str(len(frame)), "customer": str(first["customer"])}
    if is_missing(first["last_visit_date"]):
        lead = ("weekly.overdue.lead_never", values)
    else:
        lead = ("weekly.overdue.lead", values | {"days": str(int(first["days_since_visit"]))})
    return _listed("overdue", title, lang, frame, lead)


def _complaints_past_sla(run: Runner, reason: Reason, lang: str) -> Section:
    title = i18n.t("weekly.late.title", lang, days=SLA_DAYS)
    args = ("late", "complaints_past_sla", title, "weekly.late.none", run, reason, lang)
    frame, empty = _attention(*args, sla_days=SLA_DAYS)
    if empty:
        return empty
    first = frame.iloc[0]
    lead = {
        "n": str(len(frame)),
        "days": str(SLA_DAYS),
        "customer": str(first["customer"]),
        "open": str(int(first["days_open"])),
    }
    shown = frame.assign(
        category=[code_label(c, "common.category", lang) for c in frame["category"]],
        severity=[code_label(s, "common.severity", lang) for s in frame["severity"]],
    )
    return _listed("late", title, lang, shown, ("weekly.late.lead", lead))


def _churn_risk(run: Runner, reason: Reason, lang: str, currency: str) -> Section:
    title = i18n.t("weekly.risk.title", lang)
    args = ("risk", "partial_defectors", title, "weekly.risk.none", run, reason, lang)
    frame, empty = _attention(*args, churn_days=CHURN_DAYS)
    if empty:
        return empty
    first = frame.iloc[0]
    lead = {
        "n": str(len(frame)),
        "days": str(CHURN_DAYS),
        "customer": str(first["customer"]),
        "lost": fmt_money(first["lost_purchases"], lang, currency),
        "drop": fmt_pct(first["drop_pct"], 0),
    }
    return _listed("risk", title, lang, frame, ("weekly.risk.lead", lead))


def _weekly_trend(run: Runner, reason: Reason, lang: str, currency: str) -> Section:
    spec = (
        ("week_start", "report.col.week_start", DATE),
        *SALES_COLUMNS,
        ("active_customers", "weekly.kpi.active_customers", COUNT),
    )
    why = reason("sales_weekly")
    frame = run("sales_weekly") if why is None else pd.DataFrame()
    title = i18n.t("weekly.trend.title", lang, weeks=len(frame))
    if why or frame.empty:
        return _section("trend", "trend", title, lang, spec, frame, note=why or nothing(lang))
    weeks = [pd.Timestamp(w).date() for w in frame["week_start"]]
    series = {c: frame[c].tolist() for c in ("stocked_sales", "gross_sales", "net_sales")}
    chart = figures.trend_chart(weeks, series, lang, currency)
    return _section("trend", "trend", title, lang, spec, frame, chart=chart, chart_title=title)


def _region_split(run: Runner, reason: Reason, lang: str, currency: str) -> Section:
    spec = (
        ("value", "weekly.col.region", TEXT),
        *SALES_COLUMNS,
        ("share_of_gross", "report.col.share_of_gross", PCT),
        ("previous_gross_sales", "report.col.previous_gross_sales", MONEY),
        ("gross_change_pct", "report.col.gross_change_pct", PCT),
    )
    title = i18n.t("weekly.region.title", lang)
    why = reason("sales_breakdown")
    frame = run("sales_breakdown", dimension="region") if why is None else pd.DataFrame()
    if not frame.empty:
        frame = frame.dropna(subset=["value"])  # as the page: rows without a region are not drawn
    if why or frame.empty:
        return _section("region", "trend", title, lang, spec, frame, note=why or nothing(lang))
    series = {c: frame[c].tolist() for c in ("gross_sales", "net_sales")}
    chart = figures.region_chart(frame["value"].astype(str).tolist(), series, lang, currency)
    return _section("region", "trend", title, lang, spec, frame, chart=chart, chart_title=title)
