"""Weekly review (周会复盘): the page a manager walks the team through.

Headline numbers with the change against the previous window, then what
needs attention this week (reps behind pace, stock stuck at distributors,
customers overdue for a visit, complaints past their SLA, customers buying
much less), then the trend. Every figure is a named query (`metric(name)`);
this file only lays them out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pages import charts
from pages.common import (
    drill_down,
    filters,
    fmt_date,
    fmt_number,
    fmt_pct,
    fmt_points,
    has_sales,
    label,
    md,
    metric,
    missing_reason,
    need_reason,
    review_window,
    scope_name,
    t,
)
from pages.tables import date_column, money_column, pct_column
from salesdash import metrics, queries

CHURN_DAYS = queries.DEFAULTS["churn_days"]
SLA_DAYS = queries.DEFAULTS["sla_days"]

# kpi_cards rows shown as cards: (kpi, how to show it, delta colour).
# Stocked sales is neither good nor bad by itself (destocking is negative).
KPIS = (
    ("gross_sales", "money", "normal"),
    ("net_sales", "money", "normal"),
    ("stocked_sales", "money", "off"),
    ("sell_through_rate", "rate", "normal"),
    ("active_customers", "count", "normal"),
    ("visits", "count", "normal"),
    ("complaints_opened", "count", "inverse"),
)


# One colour per measure on every chart of the page.
COLOURS = {
    "gross_sales": charts.PALETTE[0],
    "net_sales": charts.PALETTE[2],
    "stocked_sales": charts.PALETTE[1],
}


# ---- headline cards ------------------------------------------------------


def signed(text: str, value: float) -> str:
    return f"+{text}" if value > 0 else text


def kpi_delta(row: pd.Series, shown_as: str) -> str | int | None:
    """The change against the previous window: % for money, points for rates, units for counts."""
    change, pct = row["change"], row["change_pct"]
    if pd.isna(change):
        return None
    if change == 0:
        return 0
    if shown_as == "rate":
        return fmt_points(change, "weekly.points")
    if shown_as == "money" and not pd.isna(pct):
        return signed(fmt_pct(pct), pct)
    return signed(fmt_number(change), change)


def kpi_value(value: float, shown_as: str) -> str:
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


def headline_cards(days: int) -> None:
    cards = metric("kpi_cards").set_index("kpi")
    versus = t("weekly.vs_previous", days=days)
    columns = st.columns(4) + st.columns(4)
    for column, (kpi, shown_as, colour) in zip(columns, KPIS, strict=False):
        with column:
            label = t(f"weekly.kpi.{kpi}")
            row = cards.loc[kpi]
            if pd.isna(row["current_value"]):
                missing_card(label, need_reason(metrics.NEEDS.get(kpi, ("sales",))))
                continue
            st.metric(
                label,
                kpi_value(row["current_value"], shown_as),
                delta=kpi_delta(row, shown_as),
                delta_color=colour,
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


# ---- needs attention -----------------------------------------------------


def table(frame: pd.DataFrame, columns: Mapping[str, object]) -> None:
    """The first rows of a list with translated headers; the full list scrolls."""
    st.dataframe(
        frame,
        column_order=list(columns),
        column_config=dict(columns),
        hide_index=True,
        height=min(38 + 35 * len(frame), 250),
    )


def attention_block(title: str, query: str, frame: pd.DataFrame, all_clear: str) -> bool:
    """Heading and, when the list is empty, why; True when there is something to show."""
    st.subheader(title, anchor=False)
    reason = missing_reason(query)
    if reason:
        st.info(reason, icon=":material/info:")
        return False
    if frame.empty:
        st.success(all_clear, icon=":material/check_circle:")
        return False
    return True


def reps_behind_pace() -> None:
    frame = metric("reps_behind_pace")
    if not attention_block(t("weekly.behind.title"), "reps_behind_pace", frame,
                           t("weekly.behind.none")):  # fmt: skip
        return
    first = frame.iloc[0]
    st.markdown(
        t(
            "weekly.behind.lead",
            rep=md(first["rep"]),
            attainment=fmt_pct(first["attainment"]),
            expected=fmt_pct(first["expected_share"]),
            period=md(first["period"]),
            pace=f"{first['pace_index']:.2f}",
        )
    )
    shown = frame.iloc[::-1]  # slowest at the top of a horizontal bar chart
    fig = go.Figure(
        go.Bar(
            x=shown["pace_index"],
            y=[
                f"{rep} · {period}"
                for rep, period in zip(shown["rep"], shown["period"], strict=True)
            ],
            customdata=shown["rep"],
            orientation="h",
            text=[f"{p:.2f}" for p in shown["pace_index"]],
            textposition="auto",
            name=t("weekly.col.pace_index"),
            hovertemplate="%{y}: %{x:.2f}<extra></extra>",
        )
    )
    fig.add_vline(
        x=1,
        line_dash="dash",
        line_color=charts.NEUTRAL,
        annotation_text=t("weekly.on_pace"),
        annotation_position="top left",
        annotation_font_color=charts.NEUTRAL,
    )
    fig.update_xaxes(range=[0, max(1.15, float(frame["pace_index"].max()) * 1.1)])
    charts.show(
        fig,
        t("weekly.behind.chart"),
        frame,
        key="weekly_behind_pace",
        height=120 + 28 * len(frame),
        on_select=drill_down("weekly_behind_pace", "rep", shown["rep"].tolist()),
    )
    st.caption(t("weekly.behind.hint"))
    table(
        frame,
        {
            "rep": t("weekly.col.rep"),
            "period": t("weekly.col.period"),
            "target": money_column("weekly.col.target"),
            "actual": money_column("weekly.col.actual"),
            "attainment": pct_column("weekly.col.attainment"),
            "expected_share": pct_column("weekly.col.expected_share"),
            "pace_index": st.column_config.NumberColumn(t("weekly.col.pace_index"), format="%.2f"),
            "projected_shortfall": money_column("weekly.col.projected_shortfall"),
        },
    )


def slow_moving_stock() -> None:
    frame = metric("slow_moving_by_customer")
    if not attention_block(t("weekly.slow.title"), "slow_moving_by_customer", frame,
                           t("weekly.slow.none")):  # fmt: skip
        return
    first = frame.iloc[0]
    st.markdown(
        t(
            "weekly.slow.lead",
            customer=md(first["customer"]),
            amount=fmt_number(first["stock_amount"]),
            positions=int(first["slow_positions"]),
            product=md(first["largest_product"]),
        )
    )
    table(
        frame,
        {
            "customer": t("weekly.col.customer"),
            "stock_amount": money_column("weekly.col.stock_amount"),
            "slow_positions": st.column_config.NumberColumn(t("weekly.col.slow_positions")),
            "weeks_of_cover": st.column_config.NumberColumn(
                t("weekly.col.weeks_of_cover"), format="%.1f"
            ),
            "last_sell_out_date": date_column("weekly.col.last_sell_out_date"),
            "largest_product": t("weekly.col.largest_product"),
            "rep": t("weekly.col.rep"),
            "region": t("weekly.col.region"),
        },
    )


def overdue_visits() -> None:
    frame = metric("overdue_visits")
    if not attention_block(t("weekly.overdue.title"), "overdue_visits", frame,
                           t("weekly.overdue.none")):  # fmt: skip
        return
    first = frame.iloc[0]
    if pd.isna(first["last_visit_date"]):
        lead = t("weekly.overdue.lead_never", n=len(frame), customer=md(first["customer"]))
    else:
        lead = t(
            "weekly.overdue.lead",
            n=len(frame),
            customer=md(first["customer"]),
            days=int(first["days_since_visit"]),
        )
    st.markdown(lead)
    table(
        frame,
        {
            "customer": t("weekly.col.customer"),
            "tier": t("weekly.col.tier"),
            "days_since_visit": st.column_config.NumberColumn(t("weekly.col.days_since_visit")),
            "overdue_days": st.column_config.NumberColumn(t("weekly.col.overdue_days")),
            "last_visit_date": date_column("weekly.col.last_visit_date"),
            "rep": t("weekly.col.rep"),
            "region": t("weekly.col.region"),
        },
    )


def complaints_past_sla() -> None:
    frame = metric("complaints_past_sla", sla_days=SLA_DAYS)
    title = t("weekly.late.title", days=SLA_DAYS)
    if not attention_block(title, "complaints_past_sla", frame, t("weekly.late.none")):
        return
    first = frame.iloc[0]
    st.markdown(
        t(
            "weekly.late.lead",
            n=len(frame),
            days=SLA_DAYS,
            customer=md(first["customer"]),
            open=int(first["days_open"]),
        )
    )
    shown = frame.assign(
        category=frame["category"].map(lambda c: label(c, "common.category", blank="")),
        severity=frame["severity"].map(lambda s: label(s, "common.severity", blank="")),
    )
    table(
        shown,
        {
            "customer": t("weekly.col.customer"),
            "days_open": st.column_config.NumberColumn(t("weekly.col.days_open")),
            "opened": date_column("weekly.col.opened"),
            "category": t("weekly.col.category"),
            "severity": t("weekly.col.severity"),
            "id": t("weekly.col.id"),
            "rep": t("weekly.col.rep"),
        },
    )


def churn_risk() -> None:
    frame = metric("partial_defectors", churn_days=CHURN_DAYS)
    title = t("weekly.risk.title")
    if not attention_block(title, "partial_defectors", frame, t("weekly.risk.none")):
        return
    first = frame.iloc[0]
    st.markdown(
        t(
            "weekly.risk.lead",
            n=len(frame),
            days=CHURN_DAYS,
            customer=md(first["customer"]),
            lost=fmt_number(first["lost_purchases"]),
            drop=fmt_pct(first["drop_pct"], 0),
        )
    )
    table(
        frame,
        {
            "customer": t("weekly.col.customer"),
            "previous_purchases": money_column("weekly.col.previous_purchases"),
            "current_purchases": money_column("weekly.col.current_purchases"),
            "drop_pct": pct_column("weekly.col.drop_pct"),
            "last_purchase_date": date_column("weekly.col.last_purchase_date"),
            "rep": t("weekly.col.rep"),
            "region": t("weekly.col.region"),
        },
    )


# ---- trend ---------------------------------------------------------------


def weekly_trend() -> None:
    frame = metric("sales_weekly")
    title = t("weekly.trend.title", weeks=len(frame))
    reason = missing_reason("sales_weekly")
    if reason or frame.empty:
        st.subheader(title, anchor=False)
        charts.empty_note(reason)
        return
    fig = go.Figure()
    scale = charts.money_axis(fig)
    for column, kind in (("stocked_sales", "bar"), ("gross_sales", "line"), ("net_sales", "line")):
        values = frame[column] / scale
        if values.isna().all():
            continue
        trace = go.Bar if kind == "bar" else go.Scatter
        extra = {"opacity": 0.45} if kind == "bar" else {"mode": "lines+markers"}
        fig.add_trace(
            trace(
                x=frame["week_start"],
                y=values,
                name=t(f"weekly.kpi.{column}"),
                marker_color=COLOURS[column],
                **extra,
            )
        )
    fig.update_xaxes(tickformat="%m-%d")
    charts.show(fig, title, frame, key="weekly_trend")


def region_split() -> None:
    frame = metric("sales_breakdown", dimension="region")
    title = t("weekly.region.title")
    reason = missing_reason("sales_breakdown")
    if reason or frame.empty:
        st.subheader(title, anchor=False)
        charts.empty_note(reason)
        return
    frame = frame.dropna(subset=["value"])
    fig = go.Figure()
    scale = charts.money_axis(fig)
    for column in ("gross_sales", "net_sales"):
        if frame[column].isna().all():
            continue
        fig.add_trace(
            go.Bar(
                x=frame["value"],
                y=frame[column] / scale,
                customdata=frame["value"],
                name=t(f"weekly.kpi.{column}"),
                marker_color=COLOURS[column],
            )
        )
    fig.update_layout(barmode="group")
    charts.show(
        fig,
        title,
        frame,
        key="weekly_region",
        on_select=drill_down("weekly_region", "region", frame["value"].tolist()),
    )
    st.caption(t("weekly.region.hint"))


# ---- the page ------------------------------------------------------------


def period_caption() -> str:
    window = review_window()
    if window is None:
        return ""
    return t(
        "weekly.period",
        start=fmt_date(window["start"]),
        end=fmt_date(window["end"]),
        previous_start=fmt_date(window["previous_start"]),
        previous_end=fmt_date(window["previous_end"]),
    )


def active_filters() -> Sequence[str]:
    params = filters()
    names = ("regions", "reps", "segments", "products")
    return [", ".join(md(v) for v in params[n]) for n in names if params.get(n)]


st.title(t("weekly.title"), anchor=False)
if not has_sales():
    st.info(t("weekly.empty"), icon=":material/upload_file:")
    st.page_link("pages/data.py", label=t("weekly.go_to_data"), icon=":material/arrow_forward:")
else:
    caption = period_caption()
    if active_filters():
        caption += " · " + t("weekly.filtered", values=" · ".join(active_filters()))
    st.caption(caption)
    headline_cards(filters().get("window_days", queries.DEFAULTS["window_days"]))

    st.header(t("weekly.attention"), anchor=False)
    left, right = st.columns(2, gap="large")
    with left, st.container(border=True):
        reps_behind_pace()
    with right, st.container(border=True):
        slow_moving_stock()
    left, right = st.columns(2, gap="large")
    with left, st.container(border=True):
        overdue_visits()
    with right, st.container(border=True):
        complaints_past_sla()
    with st.container(border=True):
        churn_risk()

    st.header(t("weekly.trend"), anchor=False)
    left, right = st.columns(2, gap="large")
    with left:
        weekly_trend()
    with right:
        region_split()
