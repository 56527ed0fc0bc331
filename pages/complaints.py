"""Complaints: what customers complain about, how fast we close it, and who complains again.

Layout only: every figure is a query in queries/ asked for by name; clicking a
segment's bar filters the page (and every page) to that segment.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from pages import charts
from pages.charts import BLUE, GREEN, NEUTRAL, ORANGE, PURPLE, RED, heading_note
from pages.common import (
    cards,
    check_url_number,
    data_present,
    drill_down,
    ensure_filters,
    filters,
    fmt_unit,
    is_blank,
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
MONTHS = queries.DEFAULTS["months"]
SEVERITIES = ("high", "medium", "low")
CATEGORY_COLOURS = {
    "product_quality": RED,
    "logistics": ORANGE,
    "service": BLUE,
    "contract": PURPLE,
    "other": NEUTRAL,
}


def category(value: object) -> str:
    return label(value, "common.category", t("complaints.unspecified"))


def severity(value: object) -> str:
    return label(value, "common.severity", t("complaints.unspecified"))


def days(value: object) -> str:
    return fmt_unit(value, "complaints.days")


def headline(window_days: int, sla_days: int) -> None:
    summary = metric("complaints_summary", sla_days=sla_days).iloc[0]
    past_sla = metric("complaints_past_sla", sla_days=sla_days)
    cards(
        [
            (t("complaints.card.opened"), num(summary.complaints_opened),
             t("complaints.card.opened_help", days=window_days)),
            (t("complaints.card.closed"), num(summary.complaints_closed),
             t("complaints.card.closed_help", days=window_days)),
            (t("complaints.card.backlog"), num(summary.open_backlog),
             t("complaints.card.backlog_help")),
            (t("complaints.card.past_sla"), num(len(past_sla)),
             t("complaints.card.past_sla_help", sla=sla_days)),
            (t("complaints.card.median"), days(summary.median_days_to_close),
             t("complaints.card.median_help", days=window_days)),
            (t("complaints.card.within_sla"), pct(summary.pct_within_sla),
             t("complaints.card.within_sla_help", days=window_days, sla=sla_days)),
            (t("complaints.card.repeat"), num(summary.repeat_complainers),
             t("complaints.card.repeat_help", days=CHURN_DAYS)),
        ]
    )  # fmt: skip


def by_category_and_severity() -> None:
    title = t("complaints.monthly.title", months=MONTHS)
    rows = metric("complaints_monthly", months=MONTHS)
    if rows.empty:
        heading_note(title, t("complaints.monthly.none", months=MONTHS))
        return
    levels = [s for s in SEVERITIES if (rows.severity == s).any()]
    levels += sorted(set(rows.severity.dropna()) - set(SEVERITIES))
    if rows.severity.isna().any():
        levels.append(None)
    fig = make_subplots(
        rows=len(levels),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.08,
        subplot_titles=[severity(level) for level in levels],  # horizontal, above each row
    )
    for i, annotation in enumerate(fig.layout.annotations):  # room above the first title
        axis = fig.layout[f"yaxis{i + 1 if i else ''}"]
        axis.domain = [axis.domain[0] * 0.94, axis.domain[1] * 0.94]
        annotation.update(x=0, xanchor="left", y=axis.domain[1], font={"size": 12})
    shown: set[str] = set()
    for row, level in enumerate(levels, start=1):
        part = rows[rows.severity.isna()] if level is None else rows[rows.severity == level]
        found = list(part.category.drop_duplicates())
        # the same category order (and colour) in every row and in the legend
        for code in sorted(found, key=lambda c: (list(CATEGORY_COLOURS) + found).index(c)):
            bars = part[part.category.isna()] if is_blank(code) else part[part.category == code]
            name = category(code)
            fig.add_bar(
                x=bars.month_start, y=bars.complaints_opened, name=name, legendgroup=name,
                showlegend=name not in shown, marker_color=CATEGORY_COLOURS.get(code, NEUTRAL),
                hovertemplate="%{x|%Y-%m}: %{y}<extra>" + name + "</extra>", row=row, col=1,
            )  # fmt: skip
            shown.add(name)
        fig.update_yaxes(rangemode="tozero", row=row, col=1)
    fig.update_layout(barmode="stack", bargap=0.2, legend_traceorder="normal")
    fig.update_xaxes(tickformat="%Y-%m", dtick="M2")
    charts.show(fig, title, rows, "complaints_monthly", height=160 + 130 * len(levels))
    st.caption(t("complaints.monthly.caption"))


def handling(sla_days: int) -> None:
    rows = metric("complaints_sla_monthly", months=MONTHS, sla_days=sla_days)
    title = t("complaints.sla.title", months=MONTHS)
    if not rows[["complaints_opened", "complaints_closed", "open_at_month_end"]].sum().sum():
        heading_note(title, t("complaints.monthly.none", months=MONTHS))
        return
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_bar(
        x=rows.month_start, y=rows.median_days_to_close, name=t("complaints.sla.median"),
        marker_color=BLUE, hovertemplate="%{x|%Y-%m}: %{y:.1f}<extra></extra>", secondary_y=False,
    )  # fmt: skip
    fig.add_scatter(
        x=rows.month_start, y=rows.pct_within_sla, name=t("complaints.sla.within"),
        mode="lines+markers", line={"color": GREEN, "width": 2},
        hovertemplate="%{x|%Y-%m}: %{y:.0%}<extra></extra>", secondary_y=True,
    )  # fmt: skip
    fig.add_hline(
        y=sla_days, line_dash="dash", line_color=RED, secondary_y=False,
        annotation_text=t("complaints.sla.line", sla=sla_days), annotation_position="top left",
        annotation_font_color=RED,
    )  # fmt: skip
    top = max(float(rows.median_days_to_close.max(skipna=True) or 0), sla_days) * 1.2
    fig.update_yaxes(range=[0, top], secondary_y=False)
    fig.update_yaxes(
        range=[0, 1.05], tickformat=".0%", showgrid=False, secondary_y=True, tickmode="array",
        tickvals=[0, 0.25, 0.5, 0.75, 1],
    )  # fmt: skip
    fig.update_xaxes(tickformat="%Y-%m", dtick="M2")
    charts.show(fig, title, rows, "complaints_sla", height=320)
    st.caption(t("complaints.sla.caption", sla=sla_days))

    flow = make_subplots()
    for column, colour, key in (
        ("complaints_opened", ORANGE, "complaints.flow.opened"),
        ("complaints_closed", GREEN, "complaints.flow.closed"),
    ):
        flow.add_bar(
            x=rows.month_start, y=rows[column], name=t(key), marker_color=colour,
            hovertemplate="%{x|%Y-%m}: %{y}<extra>" + t(key) + "</extra>",
        )  # fmt: skip
    flow.add_scatter(
        x=rows.month_start, y=rows.open_at_month_end, name=t("complaints.flow.open"),
        mode="lines+markers", line={"color": RED, "width": 2},
        hovertemplate="%{x|%Y-%m}: %{y}<extra>" + t("complaints.flow.open") + "</extra>",
    )  # fmt: skip
    flow.update_layout(barmode="group", bargap=0.25)
    flow.update_xaxes(tickformat="%Y-%m", dtick="M2")
    flow.update_yaxes(rangemode="tozero")
    charts.show(
        flow, t("complaints.flow.title", months=MONTHS), rows, "complaints_flow", height=320
    )


def lists(sla_days: int) -> None:
    st.subheader(t("complaints.lists.heading"))
    past_sla = metric("complaints_past_sla", sla_days=sla_days)
    repeats = metric("repeat_complainers")
    tab_sla, tab_repeat = st.tabs(
        [
            t("complaints.lists.past_sla", n=num(len(past_sla))),
            t("complaints.lists.repeat", n=num(len(repeats))),
        ]
    )
    with tab_sla:
        st.caption(t("complaints.lists.past_sla_help", sla=sla_days))
        if past_sla.empty:
            charts.empty_note(t("complaints.lists.no_past_sla", sla=sla_days))
        else:
            table(
                past_sla,
                {
                    "customer": "complaints.col.customer",
                    "days_past_sla": "complaints.col.days_past_sla",
                    "days_open": "complaints.col.days_open",
                    "opened": "complaints.col.opened",
                    "category": "complaints.col.category",
                    "severity": "complaints.col.severity",
                    "rep": "complaints.col.rep",
                    "segment": "complaints.col.segment",
                    "product": "complaints.col.product",
                    "id": "complaints.col.id",
                },
                "complaints_past_sla",
                t("complaints.lists.past_sla_title"),
                dates=("opened",),
                labels={"category": "common.category", "severity": "common.severity"},
            )
    with tab_repeat:
        st.caption(t("complaints.lists.repeat_help", days=CHURN_DAYS))
        if repeats.empty:
            charts.empty_note(t("complaints.lists.no_repeat", days=CHURN_DAYS))
        else:
            shown = repeats.assign(  # "logistics, service" -> the categories in the UI language
                categories=[
                    "、".join(category(c) for c in str(v).split(", ")) if v else ""
                    for v in repeats.categories
                ]
            )
            table(
                shown,
                {
                    "customer": "complaints.col.customer",
                    "complaints": "complaints.col.complaints",
                    "still_open": "complaints.col.still_open",
                    "categories": "complaints.col.categories",
                    "last_opened": "complaints.col.last_opened",
                    "rep": "complaints.col.rep",
                    "segment": "complaints.col.segment",
                },
                "complaints_repeat",
                t("complaints.lists.repeat_title"),
                dates=("last_opened",),
            )


def per_100() -> None:
    st.subheader(t("complaints.rate.heading"))
    rows, reason = metric_or_reason("complaints_per_100")
    if rows.empty:
        charts.empty_note(reason or t("complaints.rate.none", days=CHURN_DAYS))
        return
    left, right = st.columns(2)
    with left:
        by_category = rows[rows.breakdown == "category"].sort_values("per_100_active")
        fig = go.Figure(
            go.Bar(
                y=[category(c) for c in by_category.category],
                x=by_category.per_100_active,
                orientation="h",
                marker_color=[CATEGORY_COLOURS.get(c, NEUTRAL) for c in by_category.category],
                text=[num(v, 1) for v in by_category.per_100_active],
                textposition="outside",
                hovertemplate="%{y}: %{text}<extra></extra>",
            )
        )
        fig.update_xaxes(range=[0, by_category.per_100_active.max() * 1.25])
        title = t("complaints.rate.by_category")
        charts.show(fig, title, by_category, "complaints_rate_category", height=300)
    with right:
        by_segment = rows[rows.breakdown == "segment"].sort_values("per_100_active")
        fig = go.Figure(
            go.Bar(
                y=[label(s, blank=t("complaints.unspecified")) for s in by_segment.segment],
                x=by_segment.per_100_active,
                orientation="h",
                marker_color=BLUE,
                customdata=[[s] for s in by_segment.segment],
                text=[num(v, 1) for v in by_segment.per_100_active],
                textposition="outside",
                hovertemplate="%{y}: %{text}<extra></extra>",
            )
        )
        fig.update_xaxes(range=[0, by_segment.per_100_active.max() * 1.25])
        charts.show(
            fig,
            t("complaints.rate.by_segment"),
            by_segment,
            "complaints_rate_segment",
            height=300,
            on_select=drill_down("complaints_rate_segment", "segment", list(by_segment.segment)),
        )
    grid = (
        rows[rows.breakdown == "category_segment"]
        .pivot(index="category", columns="segment", values="per_100_active")
        .fillna(0)  # a combination not listed had no complaint
    )
    fig = go.Figure(
        go.Heatmap(
            z=grid.values,
            x=[label(s, blank=t("complaints.unspecified")) for s in grid.columns],
            y=[category(c) for c in grid.index],
            colorscale="Reds",
            text=[["" if pd.isna(v) else num(v, 1) for v in row] for row in grid.values],
            texttemplate="%{text}",
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
            showscale=False,
            xgap=2,
            ygap=2,
        )
    )
    fig.update_xaxes(type="category", side="top")
    fig.update_yaxes(type="category", autorange="reversed")
    charts.show(
        fig,
        t("complaints.rate.grid"),
        rows[rows.breakdown == "category_segment"],
        "complaints_rate_grid",
        height=120 + 44 * len(grid),
    )
    st.caption(t("complaints.rate.caption", days=CHURN_DAYS))


st.title(t("complaints.title"))
st.caption(t("complaints.caption"))
ensure_filters(__file__)
reason = missing_reason("complaints_summary")

if reason:
    charts.empty_note(t("complaints.empty") if not data_present()["complaints"] else reason)
else:
    given_sla = st.query_params.get("sla_days")  # the widget takes a bad value out of the link
    sla = st.number_input(
        t("complaints.sla_days"),
        min_value=1,
        max_value=90,
        value=queries.DEFAULTS["sla_days"],
        step=1,
        key="sla_days",
        bind="query-params",
        width=200,
        help=t("complaints.sla_days_help"),
    )
    check_url_number(given_sla, int(sla), t("complaints.sla_days"))
    window = filters().get("window_days", queries.DEFAULTS["window_days"])
    headline(window, int(sla))
    by_category_and_severity()
    handling(int(sla))
    lists(int(sla))
    per_100()
