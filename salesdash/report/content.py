"""What the weekly report holds: the weekly review page's figures, gathered once for every format.

`build` asks the metrics runner for the same named queries, with the same
parameters, as pages/weekly.py and keeps the rows, the headline cards as the
page words them, and why a section has nothing to show. The renderers
(html_doc, workbook, pdf) only lay this out, so the HTML, the workbook and
the page cannot disagree about a figure. When the page gains or drops a
section, this module follows it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from salesdash import i18n, metrics, queries
from salesdash.report import figures

CHURN_DAYS = queries.DEFAULTS["churn_days"]
SLA_DAYS = queries.DEFAULTS["sla_days"]

# The page's headline cards from kpi_cards (pages/weekly.py KPIS): (kpi, how to show it).
KPIS = (
    ("gross_sales", "money"),
    ("net_sales", "money"),
    ("stocked_sales", "money"),
    ("sell_through_rate", "rate"),
    ("active_customers", "count"),
    ("visits", "count"),
    ("complaints_opened", "count"),
)

# Column kinds, which decide the number format in each renderer.
MONEY, PCT, COUNT, DEC1, DEC2, DATE, TEXT = "money", "pct", "count", "dec1", "dec2", "date", "text"


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
    lang: str
    as_of: dt.date
    window_days: int
    filters: dict[str, tuple[str, ...]]
    scope: tuple[str, ...] | None
    generated_at: dt.datetime
    cards: tuple[Card, ...]
    sections: tuple[Section, ...]


Runner = Callable[..., pd.DataFrame]


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
) -> Report:
    """The weekly review for `as_of` (default: the latest sales date) under these filters.

    `scope` is the regions a signed-in user is limited to (None: no limit);
    it goes to the runner only when set, so the report works with a runner
    that does not know it yet. Raises ReportError when there are no sales.
    """
    lang = lang if lang in i18n.LANGS else i18n.DEFAULT_LANG
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
        return _missing(name, present, lang)

    cards = _cards(run, reason, present, lang, days)
    sections = (
        _behind_pace(run, reason, lang),
        _slow_moving(run, reason, lang),
        _overdue_visits(run, reason, lang),
        _complaints_past_sla(run, reason, lang),
        _churn_risk(run, reason, lang),
        _weekly_trend(run, reason, lang),
        _region_split(run, reason, lang),
    )
    return Report(
        lang=lang,
        as_of=day,
        window_days=days,
        filters={name: values for name, values in chosen.items() if values},
        scope=tuple(scope) if scope is not None else None,
        generated_at=generated_at or dt.datetime.now().replace(microsecond=0),
        cards=tuple(cards),
        sections=sections,
    )


# ---- what every renderer shares --------------------------------------------


def t(report: Report, key: str, **values: object) -> str:
    return i18n.t(key, report.lang, **values)


def window(report: Report) -> dict[str, dt.date]:
    """The review window (window_days ending at as_of) and the equal span before it."""
    days, end = report.window_days, report.as_of
    return {
        "start": end - dt.timedelta(days=days - 1),
        "end": end,
        "previous_start": end - dt.timedelta(days=2 * days - 1),
        "previous_end": end - dt.timedelta(days=days),
    }


def period_text(report: Report) -> str:
    """The page's caption: "Review window 4 Mar 2025 – 10 Mar 2025, compared with ..."."""
    span = window(report)
    return t(report, "weekly.period", **{k: i18n.fmt_date(v, report.lang) for k, v in span.items()})


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


# ---- gathering ---------------------------------------------------------------


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


def _missing(name: str, present: Mapping[str, bool], lang: str) -> str | None:
    """Why query `name` has nothing to show, in `lang` (as pages.common.missing_reason)."""
    for need in queries.queries()[name].needs:
        if not present.get(need, False):
            return i18n.t(f"common.need.{need}", lang)
    return None


def _need(needs: Sequence[str], present: Mapping[str, bool], lang: str) -> str | None:
    for need in needs:
        if not present.get(need, False):
            return i18n.t(f"common.need.{need}", lang)
    return None


def _num(value: Any) -> float | None:
    return figures.number(value)


def _fmt_number(value: Any, lang: str, decimals: int = 0) -> str:
    return i18n.fmt_number(_num(value), lang, decimals)


def _fmt_pct(value: Any, decimals: int = 1) -> str:
    return i18n.fmt_pct(_num(value), decimals)


def _signed(text: str, value: float) -> str:
    return f"+{text}" if value > 0 else text


def _kpi_delta(row: pd.Series, kind: str, lang: str) -> str | None:
    """The change as the page's card words it: % for money, points for rates, units for counts."""
    change, pct = _num(row["change"]), _num(row["change_pct"])
    if change is None:
        return None
    if change == 0:
        return "0"
    if kind == "rate":
        return i18n.t("weekly.points", lang, value=f"{change * 100:+.1f}")
    if kind == "money" and pct is not None:
        return _signed(_fmt_pct(pct), pct)
    return _signed(_fmt_number(change, lang), change)


def _cards(
    run: Runner,
    reason: Callable[[str], str | None],
    present: Mapping[str, bool],
    lang: str,
    days: int,
) -> list[Card]:
    """The page's headline cards, in its order."""
    rows = run("kpi_cards").set_index("kpi")
    versus = i18n.t("weekly.vs_previous", lang, days=days)
    cards = []
    for kpi, kind in KPIS:
        label = i18n.t(f"weekly.kpi.{kpi}", lang)
        row = rows.loc[kpi]
        value = _num(row["current_value"])
        if value is None:
            why = _need(metrics.NEEDS.get(kpi, ("sales",)), present, lang)
            cards.append(Card(kpi, label, kind, None, "–", why or _nothing(lang)))
            continue
        delta = _kpi_delta(row, kind, lang)
        shown = _fmt_pct(value) if kind == "rate" else _fmt_number(value, lang)
        cards.append(
            Card(
                kpi,
                label,
                kind,
                value,
                shown,
                f"{delta} {versus}" if delta is not None else None,
                previous=_num(row["previous_value"]),
                change=_num(row["change"]),
                change_pct=_num(row["change_pct"]),
            )
        )
    cards.append(_open_complaints(run, reason, lang))
    cards.append(_attainment(run, reason, lang))
    cards.append(_churn(run, reason, lang))
    cards.extend(_satisfaction(run, reason, lang))
    return cards


def _nothing(lang: str) -> str:
    return i18n.t("common.nothing_in_window", lang)


def _open_complaints(run: Runner, reason: Callable[[str], str | None], lang: str) -> Card:
    label = i18n.t("weekly.kpi.open_backlog", lang)
    why = reason("complaints_summary")
    summary = run("complaints_summary") if why is None else pd.DataFrame()
    if why or summary.empty:
        return Card("open_backlog", label, COUNT, None, "–", why or _nothing(lang))
    late = len(run("complaints_past_sla", sla_days=SLA_DAYS))
    value = _num(summary.iloc[0]["open_backlog"])
    return Card(
        "open_backlog",
        label,
        COUNT,
        value,
        _fmt_number(value, lang),
        i18n.t("weekly.past_sla_count", lang, n=late, days=SLA_DAYS),
    )


def _attainment(run: Runner, reason: Callable[[str], str | None], lang: str) -> Card:
    label = i18n.t("weekly.kpi.attainment", lang)
    why = reason("attainment_summary")
    summary = run("attainment_summary") if why is None else pd.DataFrame()
    if why or summary.empty:
        why = why or i18n.t("weekly.no_target_in_force", lang)
        return Card("attainment", label, "rate", None, "–", why)
    first = summary.iloc[0]  # the shortest period in force, as on the page
    pace = i18n.t("weekly.pace", lang, pace=f"{first['pace_index']:.2f}")
    expected = i18n.t("weekly.vs_expected", lang, expected=_fmt_pct(first["expected_share"]))
    return Card(
        "attainment",
        i18n.t("weekly.kpi.attainment_period", lang, period=first["period"]),
        "rate",
        _num(first["attainment"]),
        _fmt_pct(first["attainment"]),
        f"{pace} · {expected}",
    )


def _churn(run: Runner, reason: Callable[[str], str | None], lang: str) -> Card:
    label = i18n.t("weekly.kpi.churned_customers", lang, days=CHURN_DAYS)
    churn = run("customer_churn", churn_days=CHURN_DAYS)
    if churn.empty or _num(churn.iloc[0]["churned_customers"]) is None:
        why = reason("customer_churn") or _nothing(lang)
        return Card("churned_customers", label, COUNT, None, "–", why)
    row = churn.iloc[0]
    value = _num(row["churned_customers"])
    return Card(
        "churned_customers",
        label,
        COUNT,
        value,
        _fmt_number(value, lang),
        i18n.t("weekly.churn_rate", lang, rate=_fmt_pct(row["churn_rate"])),
    )


def _satisfaction(run: Runner, reason: Callable[[str], str | None], lang: str) -> list[Card]:
    """NPS and CSAT where the window has answers; one card saying why when it has neither."""
    why = reason("satisfaction")
    survey = run("satisfaction", churn_days=CHURN_DAYS) if why is None else pd.DataFrame()
    row = survey.iloc[0] if not survey.empty else None
    nps = _num(row["nps"]) if row is not None else None
    csat = _num(row["csat_avg"]) if row is not None else None
    cards = []
    if nps is not None:
        responses = i18n.t("weekly.responses", lang, n=int(row["nps_responses"]))
        label = i18n.t("weekly.kpi.nps", lang, days=CHURN_DAYS)
        cards.append(Card("nps", label, "nps", nps, f"{nps:+.0f}", responses))
    if csat is not None:
        satisfied = i18n.t("weekly.satisfied", lang, pct=_fmt_pct(row["pct_satisfied"]))
        label = i18n.t("weekly.kpi.csat", lang, days=CHURN_DAYS)
        cards.append(Card("csat", label, "score", csat, f"{csat:.2f} / 5", satisfied))
    if not cards:
        label = i18n.t("weekly.kpi.satisfaction", lang)
        cards.append(
            Card(
                "satisfaction",
                label,
                "score",
                None,
                "–",
                why or i18n.t("weekly.no_responses", lang),
            )
        )
    return cards


def _columns(lang: str, spec: Sequence[tuple[str, str, str]]) -> tuple[Column, ...]:
    return tuple(Column(name, i18n.t(key, lang), kind) for name, key, kind in spec)


def _section(
    key: str,
    group: str,
    title: str,
    lang: str,
    spec: Sequence[tuple[str, str, str]],
    frame: pd.DataFrame,
    **extra: Any,
) -> Section:
    columns = _columns(lang, spec)
    names = [c.name for c in columns]
    rows = frame[names].reset_index(drop=True) if not frame.empty else pd.DataFrame(columns=names)
    sheet = i18n.t(f"report.sheet.{key}", lang)
    return Section(key, group, title, sheet, columns, rows, **extra)


def _attention(
    key: str,
    query: str,
    title: str,
    none_key: str,
    lang: str,
    spec: Sequence[tuple[str, str, str]],
    reason: Callable[[str], str | None],
    run: Runner,
    **params: Any,
) -> tuple[pd.DataFrame, Section | None]:
    """A needs-attention list's rows, or the section saying why it is empty (as the page does)."""
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


def _behind_pace(run: Runner, reason: Callable[[str], str | None], lang: str) -> Section:
    spec = (
        ("rep", "weekly.col.rep", TEXT),
        ("period", "weekly.col.period", TEXT),
        ("target", "weekly.col.target", MONEY),
        ("actual", "weekly.col.actual", MONEY),
        ("attainment", "weekly.col.attainment", PCT),
        ("expected_share", "weekly.col.expected_share", PCT),
        ("pace_index", "weekly.col.pace_index", DEC2),
        ("projected_shortfall", "weekly.col.projected_shortfall", MONEY),
    )
    title = i18n.t("weekly.behind.title", lang)
    args = ("behind", "reps_behind_pace", title, "weekly.behind.none", lang, spec, reason, run)
    frame, empty = _attention(*args)
    if empty:
        return empty
    first = frame.iloc[0]
    lead = {
        "rep": str(first["rep"]),
        "attainment": _fmt_pct(first["attainment"]),
        "expected": _fmt_pct(first["expected_share"]),
        "period": str(first["period"]),
        "pace": f"{first['pace_index']:.2f}",
    }
    chart = figures.pace_chart(
        frame["rep"].astype(str).tolist(),
        frame["period"].astype(str).tolist(),
        frame["pace_index"].tolist(),
        lang,
    )
    return _section(
        "behind",
        "attention",
        title,
        lang,
        spec,
        frame,
        lead=("weekly.behind.lead", lead),
        chart=chart,
        chart_title=i18n.t("weekly.behind.chart", lang),
    )


def _slow_moving(run: Runner, reason: Callable[[str], str | None], lang: str) -> Section:
    spec = (
        ("customer", "weekly.col.customer", TEXT),
        ("stock_amount", "weekly.col.stock_amount", MONEY),
        ("slow_positions", "weekly.col.slow_positions", COUNT),
        ("weeks_of_cover", "weekly.col.weeks_of_cover", DEC1),
        ("last_sell_out_date", "weekly.col.last_sell_out_date", DATE),
        ("largest_product", "weekly.col.largest_product", TEXT),
        ("rep", "weekly.col.rep", TEXT),
        ("region", "weekly.col.region", TEXT),
    )
    title = i18n.t("weekly.slow.title", lang)
    args = ("slow", "slow_moving_by_customer", title, "weekly.slow.none", lang, spec, reason, run)
    frame, empty = _attention(*args)
    if empty:
        return empty
    first = frame.iloc[0]
    lead = {
        "customer": str(first["customer"]),
        "amount": _fmt_number(first["stock_amount"], lang),
        "positions": str(int(first["slow_positions"])),
        "product": str(first["largest_product"]),
    }
    return _section("slow", "attention", title, lang, spec, frame, lead=("weekly.slow.lead", lead))


def _overdue_visits(run: Runner, reason: Callable[[str], str | None], lang: str) -> Section:
    spec = (
        ("customer", "weekly.col.customer", TEXT),
        ("tier", "weekly.col.tier", TEXT),
        ("days_since_visit", "weekly.col.days_since_visit", COUNT),
        ("overdue_days", "weekly.col.overdue_days", COUNT),
        ("last_visit_date", "weekly.col.last_visit_date", DATE),
        ("rep", "weekly.col.rep", TEXT),
        ("region", "weekly.col.region", TEXT),
    )
    title = i18n.t("weekly.overdue.title", lang)
    args = ("overdue", "overdue_visits", title, "weekly.overdue.none", lang, spec, reason, run)
    frame, empty = _attention(*args)
    if empty:
        return empty
    first = frame.iloc[0]
    if _missing_value(first["last_visit_date"]):
        lead = (
            "weekly.overdue.lead_never",
            {"n": str(len(frame)), "customer": str(first["customer"])},
        )
    else:
        values = {
            "n": str(len(frame)),
            "customer": str(first["customer"]),
            "days": str(int(first["days_since_visit"])),
        }
        lead = ("weekly.overdue.lead", values)
    return _section("overdue", "attention", title, lang, spec, frame, lead=lead)


def _complaints_past_sla(run: Runner, reason: Callable[[str], str | None], lang: str) -> Section:
    spec = (
        ("customer", "weekly.col.customer", TEXT),
        ("days_open", "weekly.col.days_open", COUNT),
        ("opened", "weekly.col.opened", DATE),
        ("category", "weekly.col.category", TEXT),
        ("severity", "weekly.col.severity", TEXT),
        ("id", "weekly.col.id", TEXT),
        ("rep", "weekly.col.rep", TEXT),
    )
    title = i18n.t("weekly.late.title", lang, days=SLA_DAYS)
    args = ("late", "complaints_past_sla", title, "weekly.late.none", lang, spec, reason, run)
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
    return _section("late", "attention", title, lang, spec, shown, lead=("weekly.late.lead", lead))


def _churn_risk(run: Runner, reason: Callable[[str], str | None], lang: str) -> Section:
    spec = (
        ("customer", "weekly.col.customer", TEXT),
        ("previous_purchases", "weekly.col.previous_purchases", MONEY),
        ("current_purchases", "weekly.col.current_purchases", MONEY),
        ("drop_pct", "weekly.col.drop_pct", PCT),
        ("last_purchase_date", "weekly.col.last_purchase_date", DATE),
        ("rep", "weekly.col.rep", TEXT),
        ("region", "weekly.col.region", TEXT),
    )
    title = i18n.t("weekly.risk.title", lang)
    args = ("risk", "partial_defectors", title, "weekly.risk.none", lang, spec, reason, run)
    frame, empty = _attention(*args, churn_days=CHURN_DAYS)
    if empty:
        return empty
    first = frame.iloc[0]
    lead = {
        "n": str(len(frame)),
        "days": str(CHURN_DAYS),
        "customer": str(first["customer"]),
        "lost": _fmt_number(first["lost_purchases"], lang),
        "drop": _fmt_pct(first["drop_pct"], 0),
    }
    return _section("risk", "attention", title, lang, spec, frame, lead=("weekly.risk.lead", lead))


SALES_COLUMNS = (
    ("gross_sales", "weekly.kpi.gross_sales", MONEY),
    ("returns", "report.col.returns", MONEY),
    ("net_sales", "weekly.kpi.net_sales", MONEY),
    ("stocked_sales", "weekly.kpi.stocked_sales", MONEY),
    ("sell_through_rate", "weekly.kpi.sell_through_rate", PCT),
)


def _weekly_trend(run: Runner, reason: Callable[[str], str | None], lang: str) -> Section:
    spec = (
        ("week_start", "report.col.week_start", DATE),
        *SALES_COLUMNS,
        ("active_customers", "weekly.kpi.active_customers", COUNT),
    )
    why = reason("sales_weekly")
    frame = run("sales_weekly") if why is None else pd.DataFrame()
    title = i18n.t("weekly.trend.title", lang, weeks=len(frame))
    if why or frame.empty:
        return _section("trend", "trend", title, lang, spec, frame, note=why or _nothing(lang))
    weeks = [pd.Timestamp(w).date() for w in frame["week_start"]]
    series = {c: frame[c].tolist() for c in ("stocked_sales", "gross_sales", "net_sales")}
    chart = figures.trend_chart(weeks, series, lang)
    return _section("trend", "trend", title, lang, spec, frame, chart=chart, chart_title=title)


def _region_split(run: Runner, reason: Callable[[str], str | None], lang: str) -> Section:
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
        return _section("region", "trend", title, lang, spec, frame, note=why or _nothing(lang))
    series = {c: frame[c].tolist() for c in ("gross_sales", "net_sales")}
    chart = figures.region_chart(frame["value"].astype(str).tolist(), series, lang)
    return _section("region", "trend", title, lang, spec, frame, chart=chart, chart_title=title)


def _missing_value(value: object) -> bool:
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def code_label(value: object, prefix: str, lang: str) -> str | None:
    """A data code (category `logistics`) in `lang`, else as it is; None stays None."""
    if _missing_value(value):
        return None
    key = f"{prefix}.{value}"
    text = i18n.t(key, lang)
    return str(value) if text == key else text
