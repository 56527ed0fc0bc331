"""The weekly review's sections: what needs attention this week, then the trend.

Each section draws itself from named queries (`metric(name)`) and is used by
both modes of pages/weekly.py: the scrolling page, and meeting mode
(pages/present.py), which shows one section per screen with `big=True` for
projector-sized figures and tables. `SECTIONS` is the meeting's running
order. The lists' columns are the report's (salesdash.report.model), so the
downloaded file lists what the page lists.

Not a page: imported by pages/weekly.py and pages/present.py (pages.common
comes first, see its `_leave_legacy_multipage_mode`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pages import charts
from pages.common import (
    drill_down,
    filters,
    fmt_date,
    fmt_money,
    fmt_number,
    fmt_pct,
    is_blank,
    label,
    lang,
    md,
    metric,
    missing_reason,
    t,
)
from pages.tables import date_column, money_column, pct_column
from pages.weekly_cards import headline
from salesdash.report.figures import COLOURS
from salesdash.report.model import (
    ATTENTION_COLUMNS,
    CHURN_DAYS,
    COUNT,
    DATE,
    DEC1,
    DEC2,
    MONEY,
    PCT,
    SLA_DAYS,
    TEXT,
    ColumnSpec,
)
from salesdash.report.wording import period_sentence

# ---- sizes in meeting mode -------------------------------------------------

# Meeting mode is laid out to fit a 1280x720 screen; larger ones get larger
# text (present.PRESENT_CSS) but the same figure heights, which are what is
# left of 720 pixels under the heading, lead sentence, download and
# next/previous buttons of an attention section (LEAD), or under a chart's
# title alone (ALONE). Tables scroll inside the height left on the screen.
PRESENT_HEIGHT_LEAD = 330
PRESENT_HEIGHT_ALONE = 440
PRESENT_FONT = 17  # Plotly's tick, legend and label text (13 px on the normal page)


def figure_height(normal: int, big: bool, present: int = PRESENT_HEIGHT_ALONE) -> int:
    return present if big else normal


def enlarge(fig: go.Figure, big: bool) -> go.Figure:
    """Projector-sized text on a figure; the data are untouched.

    Set on the axes, legend, labels and annotations, which take precedence
    over the base font `charts.style` sets.
    """
    if big:
        fig.update_xaxes(tickfont_size=PRESENT_FONT, title_font_size=PRESENT_FONT)
        fig.update_yaxes(tickfont_size=PRESENT_FONT, title_font_size=PRESENT_FONT)
        fig.update_layout(legend_font_size=PRESENT_FONT, hoverlabel_font_size=PRESENT_FONT)
        fig.update_traces(textfont_size=PRESENT_FONT, selector={"type": "bar"})
        fig.update_annotations(font_size=PRESENT_FONT)
    return fig


def chart_click(big: bool, chart_key: str, dimension: str, values: Sequence[object]):
    """Drill-down on click, but not in meeting mode: with the sidebar hidden, a stray
    click on the projector would filter the meeting with no visible way back."""
    return "ignore" if big else drill_down(chart_key, dimension, values)


# ---- needs attention -----------------------------------------------------


# How a list's column reads: kind -> (its data grid column, its text in meeting mode).
COLUMN_KINDS: dict[str, tuple[Callable[[str], object], Callable[[object], str]]] = {
    TEXT: (t, label),
    COUNT: (lambda key: st.column_config.NumberColumn(t(key)), fmt_number),
    MONEY: (money_column, fmt_money),
    PCT: (pct_column, fmt_pct),
    DATE: (date_column, fmt_date),
    DEC1: (
        lambda key: st.column_config.NumberColumn(t(key), format="%.1f"),
        lambda v: fmt_number(v, 1),
    ),
    DEC2: (
        lambda key: st.column_config.NumberColumn(t(key), format="%.2f"),
        lambda v: "–" if is_blank(v) else f"{float(v):.2f}",
    ),
}


def _cell(kind: str) -> Callable[[object], str]:
    text = COLUMN_KINDS[kind][1]
    return lambda value: md(text(value))


def table(
    frame: pd.DataFrame,
    columns: Sequence[ColumnSpec],
    big: bool = False,
    download: tuple[str, str] | None = None,
) -> None:
    """A list's rows under translated headers; `columns`: (column, text key, kind).

    `download` (key, title): on the page, a formula-safe CSV of the rows as
    listed below the grid (the grid's own export is switched off).

    On the page, a data grid whose first rows show and the rest scroll. In
    meeting mode, an HTML table of the same rows as formatted text (amounts in
    万 in Chinese), which the page's CSS can set in large type and fit to the
    screen; the grid draws on a canvas at a fixed small size.
    """
    names = [name for name, _, _ in columns]
    if big:
        headers = {name: t(key) for name, key, _ in columns}
        shown = frame[names].rename(columns=headers).style.hide(axis="index")
        # The cells are Markdown to st.table: every value goes in escaped. Columns
        # keep their dtype, so figures stay right-aligned.
        st.table(shown.format({headers[name]: _cell(kind) for name, _, kind in columns}))
        return
    st.dataframe(
        frame,
        column_order=names,
        column_config={name: COLUMN_KINDS[kind][0](key) for name, key, kind in columns},
        hide_index=True,
        height=min(38 + 35 * len(frame), 250),
    )
    if download:
        key, title = download
        charts.download(frame, key, title, {name: t(text) for name, text, _ in columns})


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


def reps_behind_pace(big: bool = False) -> None:
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
    # On a projector the chart and the list stand side by side, to fit one screen.
    chart_area, table_area = (
        st.columns([2, 3], gap="medium") if big else (st.container(), st.container())
    )
    with chart_area:
        charts.show(
            enlarge(fig, big),
            t("weekly.behind.chart"),
            frame,
            key="weekly_behind_pace",
            height=figure_height(120 + 28 * len(frame), big, PRESENT_HEIGHT_LEAD),
            on_select=chart_click(big, "weekly_behind_pace", "rep", shown["rep"].tolist()),
        )
        if not big:
            st.caption(t("weekly.behind.hint"))
    with table_area:
        table(frame, ATTENTION_COLUMNS["behind"], big)


def slow_moving_stock(big: bool = False) -> None:
    frame = metric("slow_moving_by_customer")
    if not attention_block(t("weekly.slow.title"), "slow_moving_by_customer", frame,
                           t("weekly.slow.none")):  # fmt: skip
        return
    first = frame.iloc[0]
    st.markdown(
        t(
            "weekly.slow.lead",
            customer=md(first["customer"]),
            amount=fmt_money(first["stock_amount"]),
            positions=int(first["slow_positions"]),
            product=md(first["largest_product"]),
        )
    )
    table(frame, ATTENTION_COLUMNS["slow"], big, ("weekly_slow", t("weekly.slow.title")))


def overdue_visits(big: bool = False) -> None:
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
    table(frame, ATTENTION_COLUMNS["overdue"], big, ("weekly_overdue", t("weekly.overdue.title")))


def complaints_past_sla(big: bool = False) -> None:
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
        category=[label(c, "common.category", blank="") for c in frame["category"]],
        severity=[label(s, "common.severity", blank="") for s in frame["severity"]],
    )
    table(shown, ATTENTION_COLUMNS["late"], big, ("weekly_late", title))


def churn_risk(big: bool = False) -> None:
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
            lost=fmt_money(first["lost_purchases"]),
            drop=fmt_pct(first["drop_pct"], 0),
        )
    )
    table(frame, ATTENTION_COLUMNS["risk"], big, ("weekly_risk", title))


# ---- trend ---------------------------------------------------------------


def chart_block(title: str, query: str, frame: pd.DataFrame) -> bool:
    """True when `query` has rows to draw; else the chart's heading and why there are none."""
    reason = missing_reason(query)
    if reason or frame.empty:
        st.subheader(title, anchor=False)
        charts.empty_note(reason)
        return False
    return True


def weekly_trend(big: bool = False) -> None:
    frame = metric("sales_weekly")
    title = t("weekly.trend.title", weeks=len(frame))
    if not chart_block(title, "sales_weekly", frame):
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
    charts.show(enlarge(fig, big), title, frame, key="weekly_trend", height=figure_height(360, big))


def region_split(big: bool = False) -> None:
    frame = metric("sales_breakdown", dimension="region")
    title = t("weekly.region.title")
    if not chart_block(title, "sales_breakdown", frame):
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
        enlarge(fig, big),
        title,
        frame,
        key="weekly_region",
        height=figure_height(360, big),
        on_select=chart_click(big, "weekly_region", "region", frame["value"].tolist()),
    )
    if not big:
        st.caption(t("weekly.region.hint"))


# ---- what frames them ------------------------------------------------------

# The meeting's running order: (text key of its name, what draws it). Both
# modes draw these; meeting mode shows one per screen.
SECTIONS = (
    ("weekly.present.section.headline", headline),
    ("weekly.present.section.behind", reps_behind_pace),
    ("weekly.present.section.slow", slow_moving_stock),
    ("weekly.present.section.overdue", overdue_visits),
    ("weekly.present.section.late", complaints_past_sla),
    ("weekly.present.section.risk", churn_risk),
    ("weekly.present.section.trend", weekly_trend),
    ("weekly.present.section.region", region_split),
)


def period_caption() -> str:
    params = filters()
    as_of, days = params.get("as_of"), params.get("window_days")
    if as_of is None or days is None:
        return ""
    return period_sentence(as_of, days, lang())


def active_filters() -> Sequence[str]:
    params = filters()
    names = ("regions", "reps", "segments", "products")
    return [", ".join(md(v) for v in params[n]) for n in names if params.get(n)]


def review_caption() -> str:
    """The review window and the filters in force, under the title in both modes."""
    caption = period_caption()
    if active_filters():
        caption += " · " + t("weekly.filtered", values=" · ".join(active_filters()))
    return caption


def empty_guide() -> None:
    st.info(t("weekly.empty"), icon=":material/upload_file:")
    st.page_link("pages/data.py", label=t("weekly.go_to_data"), icon=":material/arrow_forward:")
