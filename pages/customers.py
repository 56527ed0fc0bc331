"""Customers: who is leaving, who is shrinking, and whether satisfaction saw it coming.

Layout only: every figure is a query in queries/ asked for by name; the page
picks the breakdown, draws and links the bars to the sidebar filters.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from pages import charts
from pages.charts import BLUE, GREEN, LIGHT_BLUE, NEUTRAL, ORANGE, RED, heading_note
from pages.common import (
    cards,
    check_url_choice,
    data_present,
    drill_down,
    ensure_filters,
    label,
    metric,
    metric_or_reason,
    missing_reason,
    t,
)
from pages.common import fmt_number as num
from pages.common import fmt_pct as pct
from pages.tables import table
from salesdash import queries

CHURN_DAYS = queries.DEFAULTS["churn_days"]
DIMENSIONS = ("segment", "region", "channel", "tier", "rep")
BY_PARAM = "by"  # URL parameter of the breakdown
# Breakdowns whose values a sidebar filter holds: clicking their bar filters the page.
DRILL_KEYS = {"segment": "segment", "region": "region", "rep": "rep"}
ACTIONS = ("reward", "support", "phase_out")
CRITERIA = ("transaction", "profitability", "safety", "growth", "cooperation")
CLASS_COLOURS = {"A": BLUE, "B": LIGHT_BLUE, "C": "#cbd5e1"}


# ---- sections ---------------------------------------------------------------------------------


def headline(present: dict[str, bool]) -> None:
    churn = metric("customer_churn").iloc[0]
    items = [
        (t("customers.card.active"), num(churn.active_customers),
         t("customers.card.active_help", days=CHURN_DAYS)),
        (t("customers.card.churn_rate"), pct(churn.churn_rate),
         t("customers.card.churn_rate_help", days=CHURN_DAYS)),
        (t("customers.card.churned"), num(churn.churned_customers),
         t("customers.card.churned_help")),
        (t("customers.card.partial"), num(churn.partial_defectors),
         t("customers.card.partial_help")),
        (t("customers.card.new"), num(churn.new_customers), t("customers.card.new_help")),
        (t("customers.card.revenue_churn"), pct(churn.revenue_churn_rate),
         t("customers.card.revenue_churn_help")),
    ]  # fmt: skip
    if present["surveys"]:
        sat = metric("satisfaction").iloc[0]
        items += [
            (t("customers.card.csat"), num(sat.csat_avg, 2), t("customers.card.csat_help")),
            (t("customers.card.nps"), num(sat.nps), t("customers.card.nps_help")),
        ]
    cards(items)


def remember_breakdown() -> None:
    st.query_params[BY_PARAM] = st.session_state["customers_by"]


def loyalty_vs_satisfaction(present: dict[str, bool]) -> None:
    st.subheader(t("customers.loyalty.heading"))
    # The choice lives in the URL as its code (?by=channel), so a link reads the same in
    # every language (a widget bound to the URL would write the translated label).
    check_url_choice(BY_PARAM, DIMENSIONS, t("customers.loyalty.by"))
    if st.query_params.get(BY_PARAM) in DIMENSIONS:
        st.session_state["customers_by"] = st.query_params[BY_PARAM]
    by = st.selectbox(
        t("customers.loyalty.by"),
        DIMENSIONS,
        format_func=lambda d: t(f"customers.dimension.{d}"),
        key="customers_by",
        on_change=remember_breakdown,
    )
    rows = metric("satisfaction_breakdown", dimension=by)
    if rows.empty or not rows.active_previous.sum():  # nobody bought before: no churn to show
        charts.empty_note(t("customers.loyalty.none"))
        return
    rows = rows.iloc[::-1]  # largest group on top of a horizontal bar chart
    prefix = "customers.channel" if by == "channel" else None
    names = [label(v, prefix, t("customers.unknown")) for v in rows.value]
    raw = [[v] for v in rows.value]
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.06)
    for column, colour, name in (
        ("churn_rate", RED, t("customers.loyalty.churned")),
        ("partial_defection_rate", ORANGE, t("customers.loyalty.partial")),
    ):
        fig.add_bar(
            y=names, x=rows[column], orientation="h", name=name, marker_color=colour,
            customdata=raw, hovertext=[pct(v) for v in rows[column]],
            hovertemplate="%{y}: %{hovertext}<extra>" + name + "</extra>",
            row=1, col=1,
        )  # fmt: skip
    satisfied_text = [
        t("customers.loyalty.satisfied_text", pct=pct(p), nps=num(n)) if pd.notna(n) else pct(p)
        for p, n in zip(rows.pct_satisfied, rows.nps, strict=True)
    ]
    fig.add_bar(
        y=names, x=rows.pct_satisfied, orientation="h", name=t("customers.loyalty.satisfied"),
        marker_color=GREEN, customdata=raw, text=satisfied_text, textposition="inside",
        insidetextanchor="start", textfont={"color": "white"}, showlegend=False,
        hovertemplate="%{y}: %{text}<extra></extra>", row=1, col=2,
    )  # fmt: skip
    fig.update_layout(barmode="stack", bargap=0.35, legend_traceorder="normal")
    fig.update_xaxes(tickformat=".0%", rangemode="tozero", title_font_size=12)
    fig.update_xaxes(title=t("customers.loyalty.lost_panel"), row=1, col=1)
    fig.update_xaxes(
        title=t("customers.loyalty.satisfied_panel"), range=[0, 1.04], dtick=0.5, row=1, col=2
    )
    drill_key = DRILL_KEYS.get(by)
    chart_key = f"customers_loyalty_{by}"
    charts.show(
        fig,
        t("customers.loyalty.title", dimension=t(f"customers.dimension.{by}")),
        rows.iloc[::-1],
        chart_key,
        height=max(260, 90 + 46 * len(rows)),
        on_select=drill_down(chart_key, drill_key, list(rows.value)) if drill_key else "ignore",
    )
    note = "customers.loyalty.caption_drill" if drill_key else "customers.loyalty.caption"
    st.caption(t(note, days=CHURN_DAYS))
    if not present["surveys"]:
        charts.empty_note(missing_reason("satisfaction"))


def servqual(present: dict[str, bool]) -> None:
    title = t("customers.servqual.title")
    rows, reason = metric_or_reason("servqual_dimensions")
    if rows.empty:
        heading_note(title, reason or t("customers.servqual.none"))
        return
    top = 5 if rows.avg_score.max() <= 5 else 10  # the survey's own scale
    fig = go.Figure(
        go.Bar(
            y=[label(d, "customers.servqual") for d in rows.dimension],
            x=rows.avg_score,
            orientation="h",
            marker_color=[RED] + [BLUE] * (len(rows) - 1),  # the lowest: work on it
            text=[num(v, 2) for v in rows.avg_score],
            textposition="outside",
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    fig.update_xaxes(range=[0, top * 1.12], dtick=1)
    fig.update_yaxes(autorange="reversed")
    charts.show(fig, title, rows, "customers_servqual", height=300)
    st.caption(t("customers.servqual.caption"))


def complaint_signal(present: dict[str, bool]) -> None:
    title = t("customers.signal.title")
    rows, reason = metric_or_reason("complaint_signal")
    if rows.empty or not rows.active_previous.sum():
        heading_note(title, reason or t("customers.signal.none"))
        return
    names = [t(f"customers.signal.{'yes' if c else 'no'}") for c in rows.complained]
    fig = go.Figure(
        go.Bar(
            x=names,
            y=rows.churn_rate,
            marker_color=[RED if c else NEUTRAL for c in rows.complained],
            text=[
                t("customers.signal.bar_text", rate=pct(r), churned=num(c), base=num(b))
                for r, c, b in zip(
                    rows.churn_rate, rows.churned_customers, rows.active_previous, strict=True
                )
            ],
            textposition="outside",
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    )
    fig.update_yaxes(tickformat=".0%", rangemode="tozero")
    fig.update_yaxes(range=[0, max(rows.churn_rate.max() * 1.3, 0.05)])
    charts.show(fig, title, rows, "customers_complaint_signal", height=300)
    st.caption(t("customers.signal.caption", days=CHURN_DAYS))


def retention(present: dict[str, bool]) -> None:
    title = t("customers.cohorts.title")
    rows, reason = metric_or_reason("retention_cohorts")
    if rows.empty:
        heading_note(title, reason or t("customers.cohorts.none"))
        return
    sizes = rows.groupby("cohort_month")["cohort_customers"].first()  # the heatmap's row labels
    grid = rows.pivot(index="cohort_month", columns="months_since_first", values="retention")
    y = [
        t("customers.cohorts.row", month=f"{m:%Y-%m}", customers=num(sizes[m])) for m in grid.index
    ]
    fig = go.Figure(
        go.Heatmap(
            z=grid.values,
            x=[str(c) for c in grid.columns],
            y=y,
            zmin=0,
            zmax=1,
            colorscale="Blues",
            # whole percent without the sign, so it fits a cell on a phone
            text=[["" if pd.isna(v) else f"{v * 100:.0f}" for v in row] for row in grid.values],
            texttemplate="%{text}",
            textfont={"size": 9},
            hovertemplate="%{y} · " + t("customers.cohorts.x") + " %{x}: %{z:.0%}<extra></extra>",
            showscale=False,
            xgap=1,
            ygap=1,
        )
    )
    fig.update_xaxes(title=t("customers.cohorts.x"), side="bottom", type="category")
    fig.update_yaxes(autorange="reversed", type="category")
    charts.show(fig, title, rows, "customers_cohorts", height=max(300, 80 + 26 * len(grid)))
    st.caption(t("customers.cohorts.caption"))


def pareto(present: dict[str, bool]) -> None:
    title = t("customers.abc.title")
    rows, reason = metric_or_reason("abc_classes")
    if rows.empty:
        heading_note(title, reason or t("customers.abc.none"))
        return
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    amounts = rows.gross_365_amount / charts.money_axis(fig, secondary_y=False, rangemode="tozero")
    for cls, colour in CLASS_COLOURS.items():
        part = rows.abc_class == cls
        if not part.any():
            continue
        fig.add_bar(
            x=rows.loc[part, "rank"], y=amounts[part], marker_color=colour,
            name=cls, customdata=rows.loc[part, ["customer"]],
            hovertext=[num(v) for v in rows.loc[part, "gross_365_amount"]],
            hovertemplate="%{customdata[0]}: %{hovertext}<extra></extra>", secondary_y=False,
        )  # fmt: skip
    fig.add_scatter(
        x=rows["rank"], y=rows.cumulative_share, mode="lines", name="cumulative_share",
        line={"color": RED, "width": 2}, customdata=rows[["customer"]],
        hovertemplate="%{x}. %{customdata[0]}: %{y:.1%}<extra></extra>", secondary_y=True,
    )  # fmt: skip
    for level in (0.8, 0.95):
        fig.add_hline(y=level, line_dash="dot", line_color=NEUTRAL, secondary_y=True)
    fig.update_yaxes(
        tickformat=".0%", range=[0, 1.02], tickmode="array", tickvals=[0, 0.2, 0.4, 0.6, 0.8, 0.95],
        secondary_y=True, showgrid=False,
    )  # fmt: skip
    fig.update_xaxes(title=t("customers.abc.x"))
    fig.update_layout(bargap=0, showlegend=False)  # a legend wraps over the title on a phone
    charts.show(fig, title, rows, "customers_abc", height=360)
    st.caption(t("customers.abc.caption"))


def defectors(present: dict[str, bool]) -> None:
    st.subheader(t("customers.lists.heading"))
    reason = missing_reason("churned_customers")
    if reason:
        charts.empty_note(reason)
        return
    churned = metric("churned_customers")
    partial = metric("partial_defectors")
    tab_churned, tab_partial = st.tabs(
        [
            t("customers.lists.churned", n=num(len(churned))),
            t("customers.lists.partial", n=num(len(partial))),
        ]
    )
    with tab_churned:
        if churned.empty:
            charts.empty_note(t("customers.lists.no_churned"))
        else:
            table(
                churned,
                {
                    "customer": "customers.col.customer",
                    "segment": "customers.col.segment",
                    "rep": "customers.col.rep",
                    "region": "customers.col.region",
                    "previous_purchases": "customers.col.previous_purchases",
                    "last_purchase_date": "customers.col.last_purchase_date",
                    "days_since_purchase": "customers.col.days_since_purchase",
                },
                "customers_churned",
                t("customers.lists.churned_title"),
                money=("previous_purchases",),
                dates=("last_purchase_date",),
            )
    with tab_partial:
        if partial.empty:
            charts.empty_note(t("customers.lists.no_partial"))
        else:
            table(
                partial,
                {
                    "customer": "customers.col.customer",
                    "segment": "customers.col.segment",
                    "rep": "customers.col.rep",
                    "previous_purchases": "customers.col.previous_purchases",
                    "current_purchases": "customers.col.current_purchases",
                    "drop_pct": "customers.col.drop_pct",
                    "last_purchase_date": "customers.col.last_purchase_date",
                },
                "customers_partial",
                t("customers.lists.partial_title"),
                money=("previous_purchases", "current_purchases"),
                percent=("drop_pct",),
                dates=("last_purchase_date",),
            )


def scorecard(present: dict[str, bool]) -> None:
    st.subheader(t("customers.scorecard.heading"))
    st.caption(t("customers.scorecard.caption"))
    rows, reason = metric_or_reason("customer_scorecard")
    if rows.empty:
        charts.empty_note(reason or t("customers.scorecard.none"))
        return
    names = {
        "customer": "customers.col.customer",
        "segment": "customers.col.segment",
        "rep": "customers.col.rep",
        "score": "customers.col.score",
        **{f"{c}_score": f"customers.criterion.{c}" for c in CRITERIA},
        "purchases_365": "customers.col.purchases_365",
        "growth": "customers.col.growth",
        "collection_ratio": "customers.col.collection_ratio",
        "sell_through_rate": "customers.col.sell_through_rate",
    }
    formats = {
        "money": ("purchases_365",),
        "percent": ("growth", "collection_ratio", "sell_through_rate"),
        "formats": {"score": "%.1f", **{f"{c}_score": "%d" for c in CRITERIA}},
    }
    groups = [(a, rows[rows.action == a]) for a in ACTIONS]
    tabs = st.tabs(
        [t(f"customers.action.{a}", n=num(len(part))) for a, part in groups]
        + [t("customers.action.all", n=num(len(rows)))]
    )
    for tab, (action, part) in zip(tabs, [*groups, ("all", rows)], strict=True):
        with tab:
            st.caption(t(f"customers.action.{action}_help"))
            if part.empty:
                charts.empty_note(t("customers.scorecard.empty_action"))
                continue
            table(
                part,
                names,
                f"customers_scorecard_{action}",
                t("customers.scorecard.heading"),
                **formats,
            )


# ---- page -------------------------------------------------------------------------------------

st.title(t("customers.title"))
st.caption(t("customers.caption", days=CHURN_DAYS))
ensure_filters(__file__)
present = data_present()

if not present["sales"]:
    charts.empty_note(t("customers.empty"))
else:
    headline(present)
    loyalty_vs_satisfaction(present)
    left, right = st.columns(2)
    with left:
        servqual(present)
    with right:
        complaint_signal(present)
    retention(present)
    pareto(present)
    defectors(present)
    scorecard(present)
