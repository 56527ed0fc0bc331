"""Sell-in vs sell-out: is the channel selling on what we ship, or filling up?

Layout only: every figure is a query in queries/ asked for by name
(stock_summary, kpi_cards, sales_weekly, distributor_stock, slow_moving_stock).
Stock by distributor and the slow-moving list judge only customers that
report sell-out: for the others "stock" is simply all they ever bought.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pages import charts
from pages.charts import BLUE, NAVY, ORANGE, RED
from pages.common import (
    cards,
    data_present,
    ensure_filters,
    filters,
    fmt_points,
    fmt_short,
    fmt_unit,
    help_exact,
    lang,
    metric,
    metric_or_reason,
    missing_reason,
    t,
)
from pages.common import fmt_number as num
from pages.common import fmt_pct as pct
from pages.tables import money_column
from salesdash import queries

TOP_DISTRIBUTORS = 15
SLOW_COVER_WEEKS = 12  # the SPEC's slow-moving threshold, drawn as a guide only
CATALOGUE = "stock"  # this page's texts: stock.need.* say what to load


def exact(help_text: str, value: object) -> str:
    return help_exact("stock.card.help_exact", help_text, value)


def weeks(value: object) -> str:
    return fmt_unit(value, "stock.weeks")


# ---- sections ---------------------------------------------------------------------------------


def headline(present: dict[str, bool]) -> None:
    kpis = metric("kpi_cards").set_index("kpi")
    through = kpis.loc["sell_through_rate"]
    window = filters().get("window_days", queries.DEFAULTS["window_days"])
    items = [
        {
            "label": t("stock.card.sell_through"),
            "value": pct(through.current_value),
            "delta": None
            if pd.isna(through.change)
            else fmt_points(through.change, "stock.points"),
            "help": t("stock.card.sell_through_help", days=window),
        }
    ]
    if present["sell_out"]:
        stock = metric("stock_summary").iloc[0]
        items += [
            {
                "label": t("stock.card.reporting_stock"),
                "value": fmt_short(stock.reporting_stock),
                "help": exact(t("stock.card.reporting_stock_help"), stock.reporting_stock),
            },
            {
                "label": t("stock.card.cover"),
                "value": weeks(stock.weeks_of_cover),
                "help": t("stock.card.cover_help"),
            },
            {
                "label": t("stock.card.slow"),
                "value": fmt_short(stock.slow_moving_amount),
                "delta": t("stock.card.positions", n=num(stock.slow_moving_positions)),
                "delta_color": "off",
                "delta_arrow": "off",
                "help": exact(t("stock.card.slow_help"), stock.slow_moving_amount),
            },
            {
                "label": t("stock.card.channel_stock"),
                "value": fmt_short(stock.channel_stock),
                "help": exact(t("stock.card.channel_stock_help"), stock.channel_stock),
            },
        ]
    cards(items)
    st.caption(t("stock.card.deltas", days=window))


def weekly(present: dict[str, bool]) -> None:
    rows = metric("sales_weekly")
    st.subheader(t("stock.weekly.heading"))
    fig = go.Figure()
    unit = charts.money_axis(fig, unit_on_ticks=True)
    hover = "%{x|%Y-%m-%d}: %{hovertext}<extra>%{fullData.name}</extra>"
    fig.add_bar(
        x=rows.week_start, y=rows.gross_sales / unit, name=t("stock.weekly.gross"),
        marker_color=BLUE, hovertext=[num(v) for v in rows.gross_sales], hovertemplate=hover,
    )  # fmt: skip
    if present["sell_out"]:
        fig.add_bar(
            x=rows.week_start, y=rows.net_sales / unit, name=t("stock.weekly.net"),
            marker_color=NAVY, hovertemplate=hover,
            hovertext=[
                t("stock.weekly.net_hover", amount=num(v), rate=pct(r))
                for v, r in zip(rows.net_sales, rows.sell_through_rate, strict=True)
            ],
        )  # fmt: skip
        fig.add_scatter(
            x=rows.week_start, y=rows.stocked_sales / unit, name=t("stock.weekly.stocked"),
            mode="lines+markers", line={"color": ORANGE, "width": 2}, marker={"size": 6},
            hovertext=[num(v) for v in rows.stocked_sales], hovertemplate=hover,
        )  # fmt: skip
        fig.add_hline(y=0, line_color="rgba(148,163,184,0.6)")
    fig.update_layout(barmode="group", bargap=0.2)
    fig.update_xaxes(tickformat="%m-%d" if lang() == "en" else "%-m月%-d日")
    charts.show(fig, t("stock.weekly.title"), rows, "stock_weekly", height=380)
    st.caption(t("stock.weekly.caption"))


def distributors(present: dict[str, bool]) -> None:
    st.subheader(t("stock.distributors.heading"))
    rows, reason = metric_or_reason("distributor_stock", CATALOGUE, limit=TOP_DISTRIBUTORS)
    if rows.empty:
        charts.empty_note(reason or t("stock.distributors.none"))
        return
    fig = go.Figure()
    unit = charts.money_axis(fig, "x", unit_on_ticks=True)
    hover = [
        t(
            "stock.distributors.hover",
            stock=num(s),
            cover=weeks(c),
            sold=num(o),
            slow=num(m),
            positions=num(p),
            slow_positions=num(q),
        )
        for s, c, o, m, p, q in zip(
            rows.stock_amount,
            rows.weeks_of_cover,
            rows.sell_out_8w_amount,
            rows.slow_moving_amount,
            rows.positions,
            rows.slow_moving_positions,
            strict=True,
        )
    ]
    template = "<b>%{y}</b><br>%{hovertext}<extra></extra>"
    fig.add_bar(
        y=rows.customer, x=(rows.stock_amount - rows.slow_moving_amount) / unit, orientation="h",
        name=t("stock.distributors.moving"), marker_color=BLUE, hovertext=hover,
        hovertemplate=template,
    )  # fmt: skip
    fig.add_bar(
        y=rows.customer, x=rows.slow_moving_amount / unit, orientation="h",
        name=t("stock.distributors.slow"), marker_color=RED, hovertext=hover,
        hovertemplate=template,
    )  # fmt: skip
    # Weeks of cover at the end of each bar; inside the long ones, so a phone does not cut it off.
    total = rows.stock_amount / unit
    inside = [v > total.max() * 0.5 for v in total]
    fig.add_scatter(
        y=rows.customer, x=total, mode="text", text=[f"{weeks(c)} " if i else f" {weeks(c)}" for c, i in zip(rows.weeks_of_cover, inside, strict=True)],
        textposition=["middle left" if i else "middle right" for i in inside],
        textfont={"color": ["white" if i else "#64748b" for i in inside]},
        showlegend=False, hoverinfo="skip", cliponaxis=False,
    )  # fmt: skip
    fig.update_layout(barmode="stack", bargap=0.3, legend={"traceorder": "normal"})
    fig.update_xaxes(range=[0, total.max() * 1.15])  # room for the labels
    fig.update_yaxes(autorange="reversed", type="category", tickfont={"size": 12})
    charts.show(
        fig,
        t("stock.distributors.title", n=len(rows)),
        rows,
        "stock_distributors",
        height=max(280, 120 + 28 * len(rows)),
    )
    st.caption(t("stock.distributors.caption", weeks=SLOW_COVER_WEEKS))


def slow_moving(present: dict[str, bool]) -> None:
    title = t("stock.slow.title")
    st.subheader(title)
    rows, reason = metric_or_reason("slow_moving_stock", CATALOGUE)
    if rows.empty:
        charts.empty_note(reason or t("stock.slow.none"))
        return
    st.caption(t("stock.slow.caption", weeks=SLOW_COVER_WEEKS))
    st.dataframe(
        rows,
        column_order=(
            "customer",
            "product",
            "stock_amount",
            "weeks_of_cover",
            "sell_out_8w_amount",
            "days_since_sell_out",
            "last_sell_out_date",
            "stock_units",
            "rep",
            "region",
        ),  # fmt: skip
        column_config={
            "customer": st.column_config.Column(t("stock.col.customer"), pinned=True),
            "product": st.column_config.Column(t("stock.col.product")),
            "stock_amount": money_column("stock.col.stock_amount"),
            "weeks_of_cover": st.column_config.NumberColumn(
                t("stock.col.weeks_of_cover"), format="%.1f"
            ),
            "sell_out_8w_amount": money_column("stock.col.sell_out_8w_amount"),
            "days_since_sell_out": st.column_config.NumberColumn(t("stock.col.days_since")),
            "last_sell_out_date": st.column_config.DateColumn(
                t("stock.col.last_sell_out_date"), format="YYYY-MM-DD"
            ),
            "stock_units": st.column_config.NumberColumn(
                t("stock.col.stock_units"), format="%,.0f"
            ),
            "rep": st.column_config.Column(t("stock.col.rep")),
            "region": st.column_config.Column(t("stock.col.region")),
        },
        hide_index=True,
        width="stretch",
        key="stock_slow_table",
    )
    charts.download(rows, "stock_slow_moving", title)


# ---- page -------------------------------------------------------------------------------------

ensure_filters(__file__)
st.title(t("stock.title"))
st.caption(t("stock.caption"))
present = data_present()
if not present["sales"]:
    charts.empty_note(missing_reason("sales_weekly", CATALOGUE))
    st.stop()
headline(present)
if not present["sell_out"]:
    charts.empty_note(t("stock.need.sell_out"))
weekly(present)
if present["sell_out"]:  # else the note above says what to load; no empty sections below it
    distributors(present)
    slow_moving(present)
