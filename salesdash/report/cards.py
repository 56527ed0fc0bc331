"""The report's headline cards, worded as the weekly review page's cards word them.

The seven kpi_cards figures with their change against the previous window,
then the open complaints backlog, target attainment, churn and satisfaction.
A card the data cannot fill says why (no targets loaded, nothing in the
window) instead of standing empty, as on the page.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from salesdash import i18n, metrics
from salesdash.report.figures import number
from salesdash.report.model import CHURN_DAYS, COUNT, KPIS, SLA_DAYS, Card, Reason, Runner
from salesdash.report.wording import (
    fmt_money,
    fmt_number,
    fmt_pct,
    need_reason,
    nothing,
    signed,
)


def cards(
    run: Runner,
    reason: Reason,
    present: Mapping[str, bool],
    lang: str,
    days: int,
    currency: str = "",
) -> list[Card]:
    """The page's headline cards, in its order; amounts carry `currency` as on the page."""
    rows = run("kpi_cards").set_index("kpi")
    versus = i18n.t("weekly.vs_previous", lang, days=days)
    shown = []
    for kpi, kind in KPIS:
        label = i18n.t(f"weekly.kpi.{kpi}", lang)
        row = rows.loc[kpi]
        value = number(row["current_value"])
        if value is None:
            why = need_reason(metrics.NEEDS.get(kpi, ("sales",)), present, lang)
            shown.append(Card(kpi, label, kind, None, "–", why or nothing(lang)))
            continue
        delta = kpi_delta(row, kind, lang, currency)
        text = card_value(value, kind, lang, currency)
        shown.append(
            Card(
                kpi,
                label,
                kind,
                value,
                text,
                f"{delta} {versus}" if delta is not None else None,
                previous=number(row["previous_value"]),
                change=number(row["change"]),
                change_pct=number(row["change_pct"]),
            )
        )
    shown.append(_open_complaints(run, reason, lang))
    shown.append(_attainment(run, reason, lang))
    shown.append(_churn(run, reason, lang))
    shown.extend(_satisfaction(run, reason, lang))
    return shown


def card_value(value: float, kind: str, lang: str, currency: str = "") -> str:
    """A kpi card's figure as the page shows it: ¥1,000 for money, 40.0% for a rate, 12."""
    if kind == "money":
        return fmt_money(value, lang, currency)
    return fmt_pct(value) if kind == "rate" else fmt_number(value, lang)


def kpi_delta(row: pd.Series, kind: str, lang: str, currency: str = "") -> str | None:
    """The change as the page's card words it: % for money, points for rates, units for counts.

    Money against a previous window of nothing has no %: the change is then
    an amount, with the currency symbol after the sign (+¥1,200, -¥50).
    """
    change, pct = number(row["change"]), number(row["change_pct"])
    if change is None:
        return None
    if change == 0:
        return "0"
    if kind == "rate":
        return i18n.t("weekly.points", lang, value=f"{change * 100:+.1f}")
    if kind == "money" and pct is not None:
        return signed(fmt_pct(pct), pct)
    if kind == "money":
        return signed(fmt_money(change, lang, currency), change)
    return signed(fmt_number(change, lang), change)


def _open_complaints(run: Runner, reason: Reason, lang: str) -> Card:
    label = i18n.t("weekly.kpi.open_backlog", lang)
    why = reason("complaints_summary")
    summary = run("complaints_summary") if why is None else pd.DataFrame()
    if why or summary.empty:
        return Card("open_backlog", label, COUNT, None, "–", why or nothing(lang))
    late = len(run("complaints_past_sla", sla_days=SLA_DAYS))
    value = number(summary.iloc[0]["open_backlog"])
    return Card(
        "open_backlog",
        label,
        COUNT,
        value,
        fmt_number(value, lang),
        i18n.t("weekly.past_sla_count", lang, n=late, days=SLA_DAYS),
    )


def _attainment(run: Runner, reason: Reason, lang: str) -> Card:
    label = i18n.t("weekly.kpi.attainment", lang)
    why = reason("attainment_summary")
    summary = run("attainment_summary") if why is None else pd.DataFrame()
    if why or summary.empty:
        why = why or i18n.t("weekly.no_target_in_force", lang)
        return Card("attainment", label, "rate", None, "–", why)
    first = summary.iloc[0]  # the shortest period in force, as on the page
    pace = i18n.t("weekly.pace", lang, pace=f"{first['pace_index']:.2f}")
    expected = i18n.t("weekly.vs_expected", lang, expected=fmt_pct(first["expected_share"]))
    return Card(
        "attainment",
        i18n.t("weekly.kpi.attainment_period", lang, period=first["period"]),
        "rate",
        number(first["attainment"]),
        fmt_pct(first["attainment"]),
        f"{pace} · {expected}",
    )


def _churn(run: Runner, reason: Reason, lang: str) -> Card:
    label = i18n.t("weekly.kpi.churned_customers", lang, days=CHURN_DAYS)
    churn = run("customer_churn", churn_days=CHURN_DAYS)
    if churn.empty or number(churn.iloc[0]["churned_customers"]) is None:
        why = reason("customer_churn") or nothing(lang)
        return Card("churned_customers", label, COUNT, None, "–", why)
    row = churn.iloc[0]
    value = number(row["churned_customers"])
    return Card(
        "churned_customers",
        label,
        COUNT,
        value,
        fmt_number(value, lang),
        i18n.t("weekly.churn_rate", lang, rate=fmt_pct(row["churn_rate"])),
    )


def _satisfaction(run: Runner, reason: Reason, lang: str) -> list[Card]:
    """NPS and CSAT where the window has answers; one card saying why when it has neither."""
    why = reason("satisfaction")
    survey = run("satisfaction", churn_days=CHURN_DAYS) if why is None else pd.DataFrame()
    row = survey.iloc[0] if not survey.empty else None
    nps = number(row["nps"]) if row is not None else None
    csat = number(row["csat_avg"]) if row is not None else None
    shown = []
    if nps is not None:
        responses = i18n.t("weekly.responses", lang, n=int(row["nps_responses"]))
        label = i18n.t("weekly.kpi.nps", lang, days=CHURN_DAYS)
        shown.append(Card("nps", label, "nps", nps, f"{nps:+.0f}", responses))
    if csat is not None:
        satisfied = i18n.t("weekly.satisfied", lang, pct=fmt_pct(row["pct_satisfied"]))
        label = i18n.t("weekly.kpi.csat", lang, days=CHURN_DAYS)
        shown.append(Card("csat", label, "score", csat, f"{csat:.2f} / 5", satisfied))
    if not shown:
        label = i18n.t("weekly.kpi.satisfaction", lang)
        why = why or i18n.t("weekly.no_responses", lang)
        shown.append(Card("satisfaction", label, "score", None, "–", why))
    return shown
