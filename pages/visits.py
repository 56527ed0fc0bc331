"""Visits: are the customers that matter seen often enough, and what do the visits bring in?

Layout only: every figure is a query in queries/ asked for by name; clicking a
rep's bar filters the page (and every page) to that rep.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pages import charts
from pages.charts import BLUE, GREEN, LIGHT_BLUE, NEUTRAL, ORANGE, heading_note
from pages.common import (
    MILLIONS,
    cards,
    data_present,
    drill_down,
    ensure_filters,
    filters,
    fmt_short,
    label,
    metric,
    missing_reason,
    t,
)
from pages.common import fmt_number as num
from pages.common import fmt_pct as pct
from pages.tables import table
from salesdash import queries

WEEKS = queries.DEFAULTS["weeks"]
CHURN_DAYS = queries.DEFAULTS["churn_days"]
TIER_COLOURS = {"A": BLUE, "B": LIGHT_BLUE, "C": "#93c5fd"}


def money(value: object) -> str:
    """An amount for a card: 1.53M in English (153,000 stays whole), 153.0万 in Chinese."""
    return fmt_short(value, MILLIONS, ",.2f")


def rep_names(values: pd.Series) -> list[str]:
    return [label(v, blank=t("visits.no_rep")) for v in values]


def headline(window_days: int) -> None:
    summary = metric("visit_summary").iloc[0]
    overdue = metric("overdue_visits")
    cards(
        [
            (t("visits.card.visits"), num(summary.visits),
             t("visits.card.visits_help", days=window_days)),
            (t("visits.card.calls"), num(summary.calls),
             t("visits.card.calls_help", days=window_days)),
            (t("visits.card.customers"), num(summary.customers_visited),
             t("visits.card.customers_help", days=window_days)),
            (t("visits.card.coverage"), pct(summary.coverage),
             t("visits.card.coverage_help", days=CHURN_DAYS)),
            (t("visits.card.orders"), money(summary.order_amount),
             t("visits.card.orders_help", days=window_days, amount=num(summary.order_amount))),
            (t("visits.card.collected"), money(summary.collected_amount),
             t("visits.card.collected_help", days=window_days,
               amount=num(summary.collected_amount))),
            (t("visits.card.overdue"), num(len(overdue)), t("visits.card.overdue_help")),
            (t("visits.card.overdue_a"), num((overdue.tier == "A").sum()),
             t("visits.card.overdue_a_help")),
        ]
    )  # fmt: skip


def cadence() -> None:
    st.subheader(t("visits.cadence.heading"))
    tiers = metric("visit_compliance")
    title = t("visits.cadence.title")
    if tiers.empty:
        heading_note(title, t("visits.cadence.none"))
        return
    fig = go.Figure(
        go.Bar(
            # "Tier A · 40/45" under the bar, the share above it: short enough for a phone
            x=[
                t("visits.cadence.tier", tier=v, compliant=num(k), customers=num(n))
                for v, k, n in zip(tiers.tier, tiers.compliant, tiers.customers, strict=True)
            ],
            y=tiers.compliance,
            marker_color=[TIER_COLOURS.get(v, NEUTRAL) for v in tiers.tier],
            text=[pct(c, 0) for c in tiers.compliance],
            textposition="outside",
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    )
    fig.update_yaxes(tickformat=".0%", range=[0, 1.15], dtick=0.25)
    fig.update_layout(uniformtext={"minsize": 11, "mode": "show"})  # no shrinking on a phone
    charts.show(fig, title, tiers, "visits_compliance", height=280)
    rules = t("visits.cadence.rule_sep").join(
        t("visits.cadence.rule", tier=v, call=num(c), visit=num(s))
        for v, c, s in zip(
            tiers.tier, tiers.contact_cadence_days, tiers.visit_cadence_days, strict=True
        )
    )
    st.caption(t("visits.cadence.caption", rules=rules))


def overdue_list() -> None:
    st.subheader(t("visits.overdue.heading"))
    rows = metric("overdue_visits")
    if rows.empty:
        charts.empty_note(t("visits.overdue.none"))
        return
    names = {  # the days first: on a phone only the first columns show
        "customer": "visits.col.customer",
        "days_since_visit": "visits.col.days_since_visit",
        "days_since_contact": "visits.col.days_since_contact",
        "overdue_days": "visits.col.overdue_days",
        "rep": "visits.col.rep",
        "tier": "visits.col.tier",
        "last_visit_date": "visits.col.last_visit_date",
        "segment": "visits.col.segment",
        "region": "visits.col.region",
    }
    tiers = sorted(rows.tier.dropna().unique())
    tabs = st.tabs(
        [t("visits.overdue.tier_tab", tier=v, n=num((rows.tier == v).sum())) for v in tiers]
        + [t("visits.overdue.all_tab", n=num(len(rows)))]
    )
    for tab, tier in zip(tabs, [*tiers, None], strict=True):
        with tab:
            part = rows if tier is None else rows[rows.tier == tier]
            table(
                part,
                names,
                f"visits_overdue_{tier or 'all'}",
                t("visits.overdue.heading"),
                dates=("last_visit_date",),
            )
    st.caption(t("visits.overdue.caption"))


def per_rep() -> None:
    st.subheader(t("visits.reps.heading"))
    reps = metric("visits_by_rep", weeks=WEEKS)
    title = t("visits.reps.title", weeks=WEEKS)
    if reps.empty:
        heading_note(title, t("visits.reps.none", weeks=WEEKS))
        return
    names = rep_names(reps.rep)
    raw = [[v] for v in reps.rep]
    fig = go.Figure()
    for column, colour, key in (
        ("visits_per_week", BLUE, "visits.reps.visits"),
        ("calls_per_week", NEUTRAL, "visits.reps.calls"),
    ):
        fig.add_bar(
            y=names, x=reps[column], orientation="h", name=t(key), marker_color=colour,
            customdata=raw, text=[num(v, 1) for v in reps[column]], textposition="outside",
            hovertemplate="%{y}: %{text}<extra>" + t(key) + "</extra>",
        )  # fmt: skip
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05)
    fig.update_yaxes(autorange="reversed")
    top = reps[["visits_per_week", "calls_per_week"]].max().max()
    fig.update_xaxes(range=[0, top * 1.15])  # room for the labels
    charts.show(
        fig,
        title,
        reps,
        "visits_per_rep",
        height=max(300, 100 + 38 * len(reps)),
        on_select=drill_down("visits_per_rep", "rep", list(reps.rep)),
    )
    st.caption(t("visits.reps.caption", weeks=WEEKS))
    weekly(list(reps.rep))
    amounts(reps)


def weekly(order: list) -> None:
    title = t("visits.weekly.title", weeks=WEEKS)
    rows = metric("visits_by_rep_weekly", weeks=WEEKS)
    if rows.empty:
        return
    grid = rows.pivot_table(
        index="rep", columns="week_start", values="visits", aggfunc="sum", fill_value=0
    ).reindex([r for r in order if r in set(rows.rep)])  # the bar chart's order
    fig = go.Figure(
        go.Heatmap(
            z=grid.values,
            x=[f"{w:%m-%d}" for w in grid.columns],
            y=rep_names(pd.Series(grid.index)),
            colorscale="Blues",
            text=grid.values,
            texttemplate="%{text}",
            textfont={"size": 10},
            hovertemplate="%{y} · %{x}: %{z}<extra></extra>",
            showscale=False,
            xgap=1,
            ygap=1,
        )
    )
    fig.update_xaxes(type="category", title=t("visits.weekly.x"))
    fig.update_yaxes(autorange="reversed", type="category")
    charts.show(fig, title, rows, "visits_rep_weeks", height=max(300, 100 + 26 * len(grid)))
    st.caption(t("visits.weekly.caption"))


def amounts(reps: pd.DataFrame) -> None:
    title = t("visits.amounts.title", weeks=WEEKS)
    if reps[["order_amount", "collected_amount"]].isna().all().all():
        heading_note(title, t("visits.amounts.none"))
        return
    fig = go.Figure()
    names = rep_names(reps.rep)
    divisor = charts.money_axis(fig, axis="x", rangemode="tozero")
    for column, colour, key in (
        ("order_amount", ORANGE, "visits.amounts.orders"),
        ("collected_amount", GREEN, "visits.amounts.collected"),
    ):
        fig.add_bar(
            y=names, x=reps[column].fillna(0) / divisor, orientation="h", name=t(key), marker_color=colour,
            customdata=[[v] for v in reps.rep], hovertext=[num(v) for v in reps[column]],
            hovertemplate="%{y}: %{hovertext}<extra>" + t(key) + "</extra>",
        )  # fmt: skip
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_yaxes(autorange="reversed")
    charts.show(
        fig,
        title,
        reps,
        "visits_amounts",
        height=max(300, 100 + 38 * len(reps)),
        on_select=drill_down("visits_amounts", "rep", list(reps.rep)),
    )


def purposes(window_days: int) -> None:
    title = t("visits.purpose.title", days=window_days)
    rows = metric("visit_purpose_mix")
    if rows.empty:
        heading_note(title, t("visits.purpose.none", days=window_days))
        return
    names = [label(v, "visits.purpose", t("visits.purpose.other")) for v in rows.purpose]
    fig = go.Figure()
    for column, colour, key in (
        ("visits", BLUE, "visits.reps.visits_total"),
        ("calls", NEUTRAL, "visits.reps.calls_total"),
    ):
        fig.add_bar(
            y=names, x=rows[column], orientation="h", name=t(key), marker_color=colour,
            hovertemplate="%{y}: %{x}<extra>" + t(key) + "</extra>",
        )  # fmt: skip
    fig.add_scatter(
        y=names, x=rows.contacts, mode="text", text=[pct(v, 0) for v in rows.share],
        textposition="middle right", showlegend=False, hoverinfo="skip",
    )  # fmt: skip
    fig.update_layout(barmode="stack", bargap=0.3, legend_traceorder="normal")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(rangemode="tozero", range=[0, rows.contacts.max() * 1.25])
    charts.show(fig, title, rows, "visits_purpose", height=max(280, 100 + 36 * len(rows)))
    st.caption(t("visits.purpose.caption"))


def activity() -> None:
    title = t("visits.activity.title")
    rows = metric("activity_weekly", weeks=WEEKS)
    fig = go.Figure()
    for column, colour, key in (
        ("visits", BLUE, "visits.reps.visits_total"),
        ("calls", NEUTRAL, "visits.reps.calls_total"),
    ):
        fig.add_scatter(
            x=rows.week_start, y=rows[column], mode="lines+markers", name=t(key),
            line={"color": colour, "width": 2},
            hovertemplate="%{x|%Y-%m-%d}: %{y}<extra>" + t(key) + "</extra>",
        )  # fmt: skip
    fig.update_yaxes(rangemode="tozero")
    fig.update_xaxes(tickformat="%m-%d")
    charts.show(fig, title, rows, "visits_activity", height=300)


st.title(t("visits.title"))
st.caption(t("visits.caption"))
ensure_filters(__file__)
reason = missing_reason("visit_summary")

if reason:
    charts.empty_note(t("visits.empty") if not data_present()["visits"] else reason)
else:
    window = filters().get("window_days", queries.DEFAULTS["window_days"])
    headline(window)
    cadence()
    overdue_list()
    per_rep()
    left, right = st.columns(2)
    with left:
        purposes(window)
    with right:
        activity()
