"""Targets: who is on pace, where the period will end, and whether the sales are real.

Layout only: every figure is a query in queries/ asked for by name
(attainment_summary, attainment, reps_behind_pace, target_monthly). Sell-in
attainment is drawn beside attainment sold through (sell-out), so a target
hit by stuffing the channel shows as a long bar with a short one inside it.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pages import charts
from pages.charts import BLUE, NAVY, NEUTRAL, ORANGE, RED
from pages.common import (
    cards,
    data_present,
    drill_down,
    ensure_filters,
    fmt_points,
    fmt_short,
    help_exact,
    lang,
    md,
    metric,
    missing_reason,
    scope_name,
    t,
)
from pages.common import fmt_number as num
from pages.common import fmt_pct as pct
from pages.tables import money_column, pct_column

CATALOGUE = "targets"  # this page's texts: targets.need.* say what to load, targets.scope.*
SCOPES = ("rep", "region", "product", "customer")
# Which chart a target row belongs to: the first scope column it sets, in this order
# (a rep target that also names its region is the rep's; one naming nothing is "other").
TABS = ("rep", "region", "product", "other")
TAB_ORDER = ("rep", "customer", "product", "region")
SCOPE_TAB = {"rep": "rep", "customer": "other", "product": "product", "region": "region"}


def signed(value: float) -> str:
    """+120k / -120k (st.metric colours a delta by its leading sign)."""
    return f"{'+' if value >= 0 else '-'}{fmt_short(abs(value))}"


# ---- sections ---------------------------------------------------------------------------------


def headline(summary: pd.DataFrame) -> None:
    """The shortest period's targets added up (the month before its quarter): on pace or not."""
    top = summary.iloc[0]
    behind = metric("reps_behind_pace")
    rep_targets = metric("attainment").rep.notna().sum()
    period = t("targets.card.period", period=top.period, scope=scope_name(top.scope, CATALOGUE))
    items = [
        {
            "label": t("targets.card.attainment"),
            "value": pct(top.attainment),
            "delta": fmt_points(top.attainment - top.expected_share, "targets.points"),
            "help": t("targets.card.attainment_help", expected=pct(top.expected_share)),
        },
        {
            "label": t("targets.card.sold_through"),
            "value": pct(top.attainment_net),
            "delta": None if pd.isna(top.attainment_net)
            else fmt_points(top.attainment_net - top.attainment, "targets.points"),
            "help": t("targets.card.sold_through_help"),
        },
        {
            "label": t("targets.card.projected"),
            "value": fmt_short(top.projected),
            "delta": signed(top.projected - top.target),
            "help": help_exact(
                "targets.card.help_exact",
                t("targets.card.projected_help", target=num(top.target)),
                top.projected,
            ),
        },
        {
            "label": t("targets.card.behind"),
            "value": t("targets.card.behind_value", n=len(behind), of=int(rep_targets)),
            "help": t("targets.card.behind_help"),
        },
    ]  # fmt: skip
    st.caption(period)
    cards(items)
    st.caption(t("targets.card.deltas", expected=pct(top.expected_share)))
    if not behind.empty:
        slowest = behind.iloc[0]
        st.caption(
            t(
                "targets.slowest",
                rep=md(slowest.rep),
                pace=pct(slowest.pace_index),
                projected=num(slowest.projected),
                target=num(slowest.target),
            )
        )
    if len(summary) > 1:
        with st.expander(t("targets.summary.more", n=len(summary))):
            table = summary.assign(scope=[scope_name(s, CATALOGUE) for s in summary.scope])
            st.dataframe(
                table,
                column_order=("period", "scope", "targets", "target", "actual", "attainment",
                              "expected_share", "attainment_net", "projected"),
                column_config=column_config(),
                hide_index=True,
                width="stretch",
            )  # fmt: skip


def column_config() -> dict:
    percent = ("attainment", "attainment_net", "expected_share", "pace_index")
    money = ("target", "actual", "actual_net", "projected", "gap", "projected_shortfall")
    config: dict[str, object] = {c: pct_column(f"targets.col.{c}") for c in percent}
    config |= {c: money_column(f"targets.col.{c}") for c in money}
    for c in ("period", "scope", "targets", "rep", "region", "product", "customer"):
        config[c] = st.column_config.Column(t(f"targets.col.{c}"))
    return config


def tab_of(row: pd.Series) -> str:
    for column in TAB_ORDER:
        if pd.notna(row[column]):
            return SCOPE_TAB[column]
    return "other"


def row_label(row: pd.Series, tab: str, several_periods: bool) -> str:
    """The bar's name: its main scope value, the other set ones after it, the period if mixed."""
    main = {"rep": "rep", "region": "region", "product": "product"}.get(tab)
    parts = [row[main]] if main else []
    parts += [row[c] for c in SCOPES if c != main and pd.notna(row[c])]
    name = " · ".join(str(p) for p in parts) or t("targets.scope.all")
    return f"{name} ({row.period})" if several_periods else name


def bullet(rows: pd.DataFrame, labels: list[str], drill: list[str] | None) -> go.Figure:
    """Attainment to date (bar), sold through (thin bar inside), expected by today (tick),
    projected at period end (diamond; = pace index, as projected / target)."""
    keys = [[v] for v in (drill or labels)]
    hover = [
        t(
            "targets.bullet.hover",
            actual=num(r.actual),
            target=num(r.target),
            attainment=pct(r.attainment),
            net=pct(r.attainment_net),
            expected=pct(r.expected_share),
            projected=num(r.projected),
            gap=num(r.gap),
        )
        for r in rows.itertuples()
    ]
    template = "<b>%{y}</b><br>%{hovertext}<extra></extra>"
    fig = go.Figure()
    on_pace = [bool(p >= 1) for p in rows.pace_index.fillna(0)]
    for flag, colour, name in ((True, BLUE, "on_pace"), (False, ORANGE, "behind")):
        pick = [i for i, on in enumerate(on_pace) if on == flag]
        if pick:
            fig.add_bar(
                y=[labels[i] for i in pick], x=rows.attainment.iloc[pick], orientation="h",
                name=t(f"targets.bullet.{name}"), marker_color=colour, width=0.7,
                customdata=[keys[i] for i in pick], hovertext=[hover[i] for i in pick],
                hovertemplate=template,
            )  # fmt: skip
    if rows.attainment_net.notna().any():
        fig.add_bar(
            y=labels, x=rows.attainment_net, orientation="h", name=t("targets.bullet.sold_through"),
            marker_color=NAVY, width=0.28, customdata=keys, hovertext=hover,
            hovertemplate=template,
        )  # fmt: skip
    fig.add_scatter(
        y=labels, x=rows.expected_share, mode="markers", name=t("targets.bullet.expected"),
        marker={"symbol": "line-ns", "size": 26, "line": {"width": 3, "color": RED}},
        customdata=keys, hovertext=hover, hovertemplate=template,
    )  # fmt: skip
    fig.add_scatter(
        y=labels, x=rows.pace_index, mode="markers", name=t("targets.bullet.projected"),
        marker={"symbol": "diamond-open", "size": 10, "line": {"width": 2}, "color": NEUTRAL},
        customdata=keys, hovertext=hover, hovertemplate=template,
    )  # fmt: skip
    fig.add_vline(x=1, line_dash="dot", line_color=NEUTRAL)
    fig.update_layout(barmode="overlay", bargap=0.25, legend={"traceorder": "normal"})
    shown = rows[["attainment", "attainment_net", "expected_share", "pace_index"]].max().max()
    fig.update_xaxes(tickformat=".0%", range=[0, max(1.1, shown * 1.08)])  # 100% always in view
    fig.update_yaxes(
        autorange="reversed", type="category", categoryorder="array", categoryarray=labels
    )
    return fig


def by_scope(rows: pd.DataFrame) -> None:
    st.subheader(t("targets.by.heading"))
    st.caption(t("targets.by.caption"))
    if rows.empty:
        charts.empty_note(t("targets.by.none"))
        return
    tabs = [tab_of(r) for _, r in rows.iterrows()]
    shown = [tab for tab in TABS if tab != "other" or "other" in tabs]
    for tab, container in zip(shown, st.tabs([t(f"targets.tab.{s}") for s in shown]), strict=True):
        with container:
            part = rows[[x == tab for x in tabs]].sort_values(["pace_index", "period"])
            if part.empty:
                charts.empty_note(t(f"targets.by.none_{tab}"))
                continue
            several = part.period.nunique() > 1
            labels = [row_label(r, tab, several) for _, r in part.iterrows()]
            key = f"targets_by_{tab}"
            drill = part.rep.astype(str).tolist() if tab == "rep" else None
            charts.show(
                bullet(part, labels, drill),
                t(f"targets.by.title_{tab}"),
                part,
                key,
                height=max(260, 130 + 34 * len(part)),
                on_select=drill_down(key, "rep", drill) if drill else "ignore",
            )
            if tab == "rep":
                st.caption(t("targets.by.drill"))


def behind_pace() -> None:
    behind = metric("reps_behind_pace")
    title = t("targets.behind.title")
    st.subheader(title)
    if behind.empty:
        st.caption(t("targets.behind.none"))
        return
    st.caption(t("targets.behind.caption"))
    st.dataframe(
        behind,
        column_order=("rep", "period", "attainment", "expected_share", "pace_index", "actual",
                      "projected", "target", "projected_shortfall", "actual_net"),
        column_config=column_config(),
        hide_index=True,
        width="stretch",
        key="targets_behind_table",
    )  # fmt: skip
    charts.download(behind, "targets_behind_pace", title)


def trend(present: dict[str, bool]) -> None:
    rows = metric("target_monthly")
    title = t("targets.trend.title")
    st.subheader(t("targets.trend.heading"))
    fig = go.Figure()
    unit = charts.money_axis(fig, unit_on_ticks=True)
    months = rows.month_start
    hover = "%{x|%Y-%m}: %{hovertext}<extra>%{fullData.name}</extra>"
    fig.add_bar(
        x=months, y=rows.gross_sales / unit, name=t("targets.trend.gross"), marker_color=BLUE,
        hovertext=[num(v) for v in rows.gross_sales], hovertemplate=hover,
    )  # fmt: skip
    if present["sell_out"]:
        fig.add_bar(
            x=months, y=rows.net_sales / unit, name=t("targets.trend.net"), marker_color=NAVY,
            hovertext=[num(v) for v in rows.net_sales], hovertemplate=hover,
        )  # fmt: skip
    has_target = rows.target.notna().any()
    if has_target:
        fig.add_scatter(
            x=months, y=rows.target / unit, name=t("targets.trend.target"), mode="lines+markers",
            line={"color": RED, "width": 2}, marker={"size": 7}, hovertemplate=hover,
            hovertext=[
                t("targets.trend.target_hover", target=num(v), attainment=pct(a), net=pct(n))
                for v, a, n in zip(rows.target, rows.attainment, rows.attainment_net, strict=True)
            ],
        )  # fmt: skip
        last = rows.iloc[[-1]]
        fig.add_scatter(
            x=last.month_start, y=last.target_to_date / unit, mode="markers",
            name=t("targets.trend.to_date"), hovertemplate=hover,
            marker={"symbol": "line-ew", "size": 28, "line": {"width": 3, "color": ORANGE}},
            hovertext=[num(v) for v in last.target_to_date],
        )  # fmt: skip
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_xaxes(tickformat="%Y-%m" if lang() == "en" else "%Y年%-m月")
    charts.show(fig, title, rows, "targets_trend", height=380)
    if has_target:
        st.caption(
            t("targets.trend.caption", scope=scope_name(rows.target_scope.iloc[0], CATALOGUE))
        )
    elif present["targets"]:
        st.caption(t("targets.trend.no_fit"))
    if not present["sell_out"]:
        charts.empty_note(t("targets.need.sell_out"))


# ---- page -------------------------------------------------------------------------------------

ensure_filters(__file__)
st.title(t("targets.title"))
st.caption(t("targets.caption"))
present = data_present()
if not present["sales"]:
    charts.empty_note(missing_reason("target_monthly", CATALOGUE))
    st.stop()
reason = missing_reason("attainment", CATALOGUE)
if reason:
    charts.empty_note(reason)
else:
    summary = metric("attainment_summary")
    if summary.empty:
        charts.empty_note(t("targets.none_in_force"))
    else:
        headline(summary)
        by_scope(metric("attainment"))
        behind_pace()
trend(present)
