"""The weekly review's headline cards: the window against the one before, then the health checks.

Seven kpi_cards figures with their change (worded as the report words it,
salesdash.report.cards), then the open complaints backlog, target
attainment, churn and satisfaction. A card without a figure says why instead
of standing empty. Meeting mode sets the same cards in large type through
its CSS (pages/present.py), so there is nothing to resize here.

Not a page: imported by pages/weekly.py and pages/weekly_sections.py
(pages.common comes first, see its `_leave_legacy_multipage_mode`).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages.common import (
    currency,
    filters,
    fmt_money,
    fmt_number,
    fmt_pct,
    lang,
    metric,
    missing_reason,
    need_reason,
    scope_name,
    t,
)
from salesdash import metrics, queries
from salesdash.report.cards import kpi_delta
from salesdash.report.model import CHURN_DAYS, KPIS, SLA_DAYS

# How a card's change is coloured, where a rise is not simply good. Stocked sales is
# neither good nor bad by itself (destocking is negative); more complaints is worse.
DELTA_COLOURS = {"stocked_sales": "off", "complaints_opened": "inverse"}


def headline(big: bool = False) -> None:
    """The headline cards (large in meeting mode through the page's CSS)."""
    headline_cards(filters().get("window_days", queries.DEFAULTS["window_days"]))


def headline_cards(days: int) -> None:
    cards = metric("kpi_cards").set_index("kpi")
    versus = t("weekly.vs_previous", days=days)
    columns = st.columns(4) + st.columns(4)
    for column, (kpi, shown_as) in zip(columns, KPIS, strict=False):
        with column:
            label = t(f"weekly.kpi.{kpi}")
            row = cards.loc[kpi]
            if pd.isna(row["current_value"]):
                missing_card(label, need_reason(metrics.NEEDS.get(kpi, ("sales",))))
                continue
            st.metric(
                label,
                kpi_value(row["current_value"], shown_as),
                delta=kpi_delta(row, shown_as, lang(), currency()),
                delta_color=DELTA_COLOURS.get(kpi, "normal"),
                delta_description=versus,
                help=t(f"weekly.help.{kpi}"),
                border=True,
            )
    with columns[7]:
        open_complaints_card()
    columns = st.columns(4)
    with columns[0]:
        attainment_card()
    with columns[1]:
        churn_card()
    satisfaction_cards(columns[2], columns[3])


def kpi_value(value: float, shown_as: str) -> str:
    if shown_as == "money":
        return fmt_money(value)
    return fmt_pct(value) if shown_as == "rate" else fmt_number(value)


def missing_card(label: str, reason: str | None) -> None:
    """A card that says why it has no figure instead of standing empty."""
    st.metric(
        label,
        "–",
        delta=reason or t("common.nothing_in_window"),
        delta_color="off",
        delta_arrow="off",
        border=True,
    )


def open_complaints_card() -> None:
    label = t("weekly.kpi.open_backlog")
    reason = missing_reason("complaints_summary")
    summary = metric("complaints_summary")
    if reason or summary.empty:
        missing_card(label, reason)
        return
    late = len(metric("complaints_past_sla", sla_days=SLA_DAYS))
    st.metric(
        label,
        fmt_number(summary.iloc[0]["open_backlog"]),
        delta=t("weekly.past_sla_count", n=late, days=SLA_DAYS),
        delta_color="red" if late else "gray",
        delta_arrow="off",
        help=t("weekly.help.open_backlog"),
        border=True,
    )


def attainment_card() -> None:
    label = t("weekly.kpi.attainment")
    reason = missing_reason("attainment_summary")
    summary = metric("attainment_summary")
    if reason or summary.empty:
        missing_card(label, reason or t("weekly.no_target_in_force"))
        return
    first = summary.iloc[0]  # the shortest period in force: this month, usually
    on_track = first["pace_index"] >= 1
    st.metric(
        t("weekly.kpi.attainment_period", period=first["period"]),
        fmt_pct(first["attainment"]),
        delta=t("weekly.pace", pace=f"{first['pace_index']:.2f}"),
        delta_color="green" if on_track else "red",
        delta_arrow="up" if on_track else "down",
        delta_description=t("weekly.vs_expected", expected=fmt_pct(first["expected_share"])),
        help=t(
            "weekly.help.attainment",
            targets=int(first["targets"]),
            scope=scope_name(first["scope"], "weekly"),
            target=fmt_number(first["target"]),
            actual=fmt_number(first["actual"]),
            pace=f"{first['pace_index']:.2f}",
        ),
        border=True,
    )


def churn_card() -> None:
    label = t("weekly.kpi.churned_customers", days=CHURN_DAYS)
    churn = metric("customer_churn", churn_days=CHURN_DAYS)
    if churn.empty or pd.isna(churn.iloc[0]["churned_customers"]):
        missing_card(label, missing_reason("customer_churn"))
        return
    row = churn.iloc[0]
    st.metric(
        label,
        fmt_number(row["churned_customers"]),
        delta=t("weekly.churn_rate", rate=fmt_pct(row["churn_rate"])),
        delta_color="off",
        delta_arrow="off",
        help=t("weekly.help.churned_customers", days=CHURN_DAYS),
        border=True,
    )


def satisfaction_cards(nps_column, csat_column) -> None:
    reason = missing_reason("satisfaction")
    survey = metric("satisfaction", churn_days=CHURN_DAYS)
    row = survey.iloc[0] if not survey.empty else None
    has_nps = row is not None and not pd.isna(row["nps"])
    has_csat = row is not None and not pd.isna(row["csat_avg"])
    with nps_column:
        if has_nps:
            st.metric(
                t("weekly.kpi.nps", days=CHURN_DAYS),
                f"{row['nps']:+.0f}",
                delta=t("weekly.responses", n=int(row["nps_responses"])),
                delta_color="off",
                delta_arrow="off",
                help=t("weekly.help.nps"),
                border=True,
            )
        elif not has_csat:
            missing_card(t("weekly.kpi.satisfaction"), reason or t("weekly.no_responses"))
    with csat_column if has_nps else nps_column:
        if has_csat:
            st.metric(
                t("weekly.kpi.csat", days=CHURN_DAYS),
                f"{row['csat_avg']:.2f} / 5",
                delta=t("weekly.satisfied", pct=fmt_pct(row["pct_satisfied"])),
                delta_color="off",
                delta_arrow="off",
                help=t("weekly.help.csat"),
                border=True,
            )
