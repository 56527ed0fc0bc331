"""Weekly review (周会复盘): the page a manager walks the team through.

Headline numbers with the change against the previous window, then what
needs attention this week (reps behind pace, stock stuck at distributors,
customers overdue for a visit, complaints past their SLA, customers buying
much less), then the trend. Every figure is a named query (`metric(name)`);
this file only lays them out.

Meeting mode (`?present=1`): the same sections, one per screen, full-width
with large text and the sidebar hidden, for a projector in the weekly
meeting. The section shown is in the URL (`&section=3`), so a link reopens
it; the filters chosen before entering stay in the URL and in effect (the
sidebar still runs, only CSS hides it). Both modes draw with the same
section functions; `big` makes their figures and tables projector-sized.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pages import auth, charts
from pages.common import (
    drill_down,
    filters,
    fmt_date,
    fmt_money,
    fmt_number,
    fmt_pct,
    fmt_points,
    has_sales,
    is_blank,
    label,
    md,
    metric,
    missing_reason,
    need_reason,
    review_window,
    scope_name,
    t,
    url_value,
)
from pages.report_download import report_downloads
from pages.tables import date_column, money_column, pct_column
from salesdash import metrics, queries

PRESENT_PARAM, SECTION_PARAM = "present", "section"
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


# ---- sizes in meeting mode -------------------------------------------------

# Meeting mode is laid out to fit a 1280x720 screen; larger ones get larger
# text (PRESENT_CSS) but the same figure heights, which are what is left of
# 720 pixels under the heading, lead sentence, download and next/previous
# buttons of an attention section (LEAD), or under a chart's title alone
# (ALONE). Tables scroll inside the height left on the screen (PRESENT_CSS).
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
    "text": (t, lambda v: "–" if is_blank(v) else str(v)),
    "count": (lambda key: st.column_config.NumberColumn(t(key)), fmt_number),
    "money": (money_column, fmt_money),
    "pct": (pct_column, fmt_pct),
    "date": (date_column, fmt_date),
    "cover": (
        lambda key: st.column_config.NumberColumn(t(key), format="%.1f"),
        lambda v: fmt_number(v, 1),
    ),
    "pace": (
        lambda key: st.column_config.NumberColumn(t(key), format="%.2f"),
        lambda v: "–" if is_blank(v) else f"{float(v):.2f}",
    ),
}


def _cell(kind: str) -> Callable[[object], str]:
    text = COLUMN_KINDS[kind][1]
    return lambda value: md(text(value))


def table(frame: pd.DataFrame, columns: Mapping[str, tuple[str, str]], big: bool = False) -> None:
    """A list's rows under translated headers; `columns`: column -> (text key, kind).

    On the page, a data grid whose first rows show and the rest scroll. In
    meeting mode, an HTML table of the same rows as formatted text (amounts in
    万 in Chinese), which the page's CSS can set in large type and fit to the
    screen; the grid draws on a canvas at a fixed small size.
    """
    if big:
        headers = {column: t(key) for column, (key, _) in columns.items()}
        shown = frame[list(columns)].rename(columns=headers).style.hide(axis="index")
        # The cells are Markdown to st.table: every value goes in escaped. Columns
        # keep their dtype, so figures stay right-aligned.
        st.table(
            shown.format({headers[column]: _cell(kind) for column, (_, kind) in columns.items()})
        )
        return
    st.dataframe(
        frame,
        column_order=list(columns),
        column_config={
            column: COLUMN_KINDS[kind][0](key) for column, (key, kind) in columns.items()
        },
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
        behind_pace_table(frame, big)


def behind_pace_table(frame: pd.DataFrame, big: bool) -> None:
    table(
        frame,
        {
            "rep": ("weekly.col.rep", "text"),
            "period": ("weekly.col.period", "text"),
            "target": ("weekly.col.target", "money"),
            "actual": ("weekly.col.actual", "money"),
            "attainment": ("weekly.col.attainment", "pct"),
            "expected_share": ("weekly.col.expected_share", "pct"),
            "pace_index": ("weekly.col.pace_index", "pace"),
            "projected_shortfall": ("weekly.col.projected_shortfall", "money"),
        },
        big,
    )


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
            amount=fmt_number(first["stock_amount"]),
            positions=int(first["slow_positions"]),
            product=md(first["largest_product"]),
        )
    )
    table(
        frame,
        {
            "customer": ("weekly.col.customer", "text"),
            "stock_amount": ("weekly.col.stock_amount", "money"),
            "slow_positions": ("weekly.col.slow_positions", "count"),
            "weeks_of_cover": ("weekly.col.weeks_of_cover", "cover"),
            "last_sell_out_date": ("weekly.col.last_sell_out_date", "date"),
            "largest_product": ("weekly.col.largest_product", "text"),
            "rep": ("weekly.col.rep", "text"),
            "region": ("weekly.col.region", "text"),
        },
        big,
    )


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
    table(
        frame,
        {
            "customer": ("weekly.col.customer", "text"),
            "tier": ("weekly.col.tier", "text"),
            "days_since_visit": ("weekly.col.days_since_visit", "count"),
            "overdue_days": ("weekly.col.overdue_days", "count"),
            "last_visit_date": ("weekly.col.last_visit_date", "date"),
            "rep": ("weekly.col.rep", "text"),
            "region": ("weekly.col.region", "text"),
        },
        big,
    )


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
        category=frame["category"].map(lambda c: label(c, "common.category", blank="")),
        severity=frame["severity"].map(lambda s: label(s, "common.severity", blank="")),
    )
    table(
        shown,
        {
            "customer": ("weekly.col.customer", "text"),
            "days_open": ("weekly.col.days_open", "count"),
            "opened": ("weekly.col.opened", "date"),
            "category": ("weekly.col.category", "text"),
            "severity": ("weekly.col.severity", "text"),
            "id": ("weekly.col.id", "text"),
            "rep": ("weekly.col.rep", "text"),
        },
        big,
    )


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
            lost=fmt_number(first["lost_purchases"]),
            drop=fmt_pct(first["drop_pct"], 0),
        )
    )
    table(
        frame,
        {
            "customer": ("weekly.col.customer", "text"),
            "previous_purchases": ("weekly.col.previous_purchases", "money"),
            "current_purchases": ("weekly.col.current_purchases", "money"),
            "drop_pct": ("weekly.col.drop_pct", "pct"),
            "last_purchase_date": ("weekly.col.last_purchase_date", "date"),
            "rep": ("weekly.col.rep", "text"),
            "region": ("weekly.col.region", "text"),
        },
        big,
    )


# ---- trend ---------------------------------------------------------------


def weekly_trend(big: bool = False) -> None:
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
    charts.show(enlarge(fig, big), title, frame, key="weekly_trend", height=figure_height(360, big))


def region_split(big: bool = False) -> None:
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
        enlarge(fig, big),
        title,
        frame,
        key="weekly_region",
        height=figure_height(360, big),
        on_select=chart_click(big, "weekly_region", "region", frame["value"].tolist()),
    )
    if not big:
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


def headline(big: bool = False) -> None:
    """The headline cards (large in meeting mode through the page's CSS)."""
    headline_cards(filters().get("window_days", queries.DEFAULTS["window_days"]))


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


def review_caption() -> str:
    """The review window and the filters in force, under the title in both modes."""
    caption = period_caption()
    if active_filters():
        caption += " · " + t("weekly.filtered", values=" · ".join(active_filters()))
    return caption


def empty_guide() -> None:
    st.info(t("weekly.empty"), icon=":material/upload_file:")
    st.page_link("pages/data.py", label=t("weekly.go_to_data"), icon=":material/arrow_forward:")


# ---- the normal page -------------------------------------------------------


def enter_meeting_mode() -> None:
    """The Present button: same URL (so the same filters) plus `present=1`, first section."""
    st.query_params[PRESENT_PARAM] = "1"
    st.query_params.pop(SECTION_PARAM, None)


def review_page() -> None:
    """The whole review on one scrolling page: cards, what needs attention, the trend."""
    st.title(t("weekly.title"), anchor=False)
    if not has_sales():
        empty_guide()
        return
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption(review_caption(), width="stretch")
        st.button(
            t("weekly.present.enter"),
            icon=":material/slideshow:",
            help=t("weekly.present.enter_help"),
            on_click=enter_meeting_mode,
            key="weekly_present",
        )
    headline()

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

    report_downloads(scope=auth.scope())  # the normal page only, never in meeting mode


# ---- meeting mode ----------------------------------------------------------

# Meeting mode's look. CSS only, a constant: no data ever goes into it.
# Laid out to fit 1280x720; on a larger screen (1080p projector) the text grows
# by --s. Figures keep their pixel height (Plotly's is fixed in the figure; CSS
# zoom would make Plotly and the data grid misjudge their size).
PRESENT_CSS = """
<style>
[data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"],
[data-testid="stSidebarCollapseButton"],
[data-testid="stExpandSidebarButton"],
[data-testid="stHeader"] { display: none !important; }
[data-testid="stMainBlockContainer"] {
  max-width: 100% !important;
  padding: 1rem 2.5rem 1rem 2.5rem !important;
}
[data-testid="stMain"] { --s: 1; }
@media (min-width: 1600px) and (min-height: 900px) {
  [data-testid="stMain"] { --s: 1.15; }
}
@media (min-width: 1900px) and (min-height: 1060px) {
  [data-testid="stMain"] { --s: 1.3; }
}
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li { font-size: calc(1.3rem * var(--s)); }
[data-testid="stMain"] [data-testid="stCaptionContainer"] p { font-size: calc(1.05rem * var(--s)); }
[data-testid="stMain"] h2 { font-size: calc(2rem * var(--s)); }
[data-testid="stMain"] h3 { font-size: calc(1.75rem * var(--s)); }
[data-testid="stMain"] [data-testid="stMetricLabel"] p { font-size: calc(1.15rem * var(--s)); }
[data-testid="stMain"] [data-testid="stMetricValue"] p {
  font-size: calc(2.6rem * var(--s)); line-height: 1.25;
}
[data-testid="stMain"] [data-testid="stMetricDelta"] p { font-size: calc(1.1rem * var(--s)); }
[data-testid="stMain"] [data-testid="stMetricDeltaDescription"] p {
  font-size: calc(1rem * var(--s));
}
[data-testid="stMain"] [data-testid="stButton"] button p { font-size: calc(1.15rem * var(--s)); }
[data-testid="stMain"] [data-testid="stTable"] {
  max-height: calc(100vh - 16rem * var(--s));
  overflow-y: auto;
}
[data-testid="stMain"] [data-testid="stTable"] td { white-space: nowrap; }
[data-testid="stMain"] [data-testid="stTable"] td,
[data-testid="stMain"] [data-testid="stTable"] th p { font-size: calc(1.05rem * var(--s)); }
[data-testid="stMain"] [data-testid="stTable"] thead th { position: sticky; top: 0; z-index: 1; }
</style>
"""


def presenting() -> bool:
    return st.query_params.get(PRESENT_PARAM) == "1"


def section_number() -> int:
    """The section of `?section=` (1-based), or 1 with a notice for one that does not exist."""
    given = st.query_params.get(SECTION_PARAM)
    if not given:
        return 1
    if given.isdigit() and 1 <= int(given) <= len(SECTIONS):
        return int(given)
    st.toast(t("weekly.present.bad_section", value=url_value(given), n=len(SECTIONS)))
    st.query_params[SECTION_PARAM] = "1"
    return 1


def go_to_section(number: int) -> None:
    st.query_params[SECTION_PARAM] = str(number)


def leave_meeting_mode() -> None:
    """Back to the whole page, with the same language and filters (they stay in the URL).

    A button, not a page link: a link to the page already open reruns it
    without its parameters but leaves `present=1` in the browser's address
    bar, so a reload would go back into meeting mode.
    """
    st.query_params.pop(PRESENT_PARAM, None)
    st.query_params.pop(SECTION_PARAM, None)


def step_button(number: int, text_key: str, end_key: str, icon: str, key: str) -> None:
    """Previous or next: names the section it goes to; disabled past either end."""
    inside = 1 <= number <= len(SECTIONS)
    st.button(
        t(text_key, name=t(SECTIONS[number - 1][0])) if inside else t(end_key),
        icon=icon,
        disabled=not inside,
        on_click=go_to_section,
        args=(number,),
        key=key,
    )


def meeting_page() -> None:
    """One section per screen, the sidebar hidden, next/previous below."""
    st.html(PRESENT_CSS)
    number = section_number()
    with st.container(horizontal=True, vertical_alignment="center", gap="medium"):
        st.subheader(t("weekly.title"), anchor=False, width="content")
        st.caption(review_caption(), width="stretch")
        st.caption(
            t("weekly.present.position", i=number, n=len(SECTIONS)),
            width="content",
        )
        st.button(
            t("weekly.present.exit"),
            icon=":material/close:",
            type="tertiary",
            on_click=leave_meeting_mode,
            key="weekly_exit",
        )
    if not has_sales():
        empty_guide()
        return
    _, draw = SECTIONS[number - 1]
    draw(big=True)
    with st.container(horizontal=True, horizontal_alignment="distribute"):
        step_button(number - 1, "weekly.present.previous", "weekly.present.back",
                    ":material/arrow_back:", "weekly_previous")  # fmt: skip
        step_button(number + 1, "weekly.present.next", "weekly.present.forward",
                    ":material/arrow_forward:", "weekly_next")  # fmt: skip


if presenting():
    meeting_page()
else:
    review_page()
