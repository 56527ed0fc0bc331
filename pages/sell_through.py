"""Sell-in vs sell-out: is the channel selling on what we ship, or filling up?

Layout only: every figure is a query in queries/ asked for by name
(stock_summary, kpi_cards, sales_weekly, distributor_stock, slow_moving_stock).
Stock by distributor and the slow-moving list judge only customers that
report sell-out: for the others "stock" is simply all they ever bought.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from pages import charts
from pages.common import filters, lang, metric, new_run, sidebar_filters, t, workspace
from salesdash import i18n, queries

BLUE, ORANGE, RED, NAVY = "#2563eb", "#f97316", "#dc2626", "#1e3a8a"
TOP_DISTRIBUTORS = 15
SLOW_COVER_WEEKS = 12  # the SPEC's slow-moving threshold, drawn as a guide only

# ---- helpers a shared module could hold (see the report) -------------------------------------


def ensure_filters() -> None:
    """The sidebar filters: app.py draws them before the page (this call then only reads
    them); when this file runs on its own (`streamlit run`, AppTest) each run draws them."""
    ctx = get_script_run_ctx()
    if ctx is not None and Path(ctx.main_script_path).resolve() == Path(__file__).resolve():
        new_run()
    sidebar_filters()


def num(value: object, decimals: int = 0) -> str:
    return i18n.fmt_number(None if value is None or pd.isna(value) else value, lang(), decimals)


def compact(value: object) -> str:
    """A card-sized amount: 8.92M in English, 892.3万 in Chinese (the help gives it in full)."""
    if value is None or pd.isna(value) or lang() == "zh":
        return num(value)
    size = abs(float(value))
    for unit, suffix in ((1e9, "B"), (1e6, "M"), (1e5, "k")):
        if size >= unit:
            divisor = unit if suffix != "k" else 1e3
            return f"{float(value) / divisor:.3g}{suffix}"
    return num(value)


def exact(help_text: str, value: object) -> str:
    return t("stock.card.help_exact", help=help_text, value=num(value))


def pct(value: object) -> str:
    return i18n.fmt_pct(None if value is None or pd.isna(value) else float(value))


def weeks(value: object) -> str:
    return "–" if value is None or pd.isna(value) else t("stock.weeks", n=num(value, 1))


def why_missing(name: str, present: dict[str, bool]) -> str | None:
    """queries.missing_reason in the UI language."""
    reason = queries.missing_reason(workspace(), name, present)
    if reason is None:
        return None
    need = {text: need for need, text in queries.NEED_REASONS.items()}[reason]
    return t(f"stock.need.{need}")


def money_axis(fig: go.Figure, axis: str = "y") -> float:
    """Amounts as Chinese reports write them (万) in Chinese, 1.2M in English; returns the divisor."""
    update = fig.update_yaxes if axis == "y" else fig.update_xaxes
    if lang() == "zh":
        update(ticksuffix="万", tickformat=",.0f")
        return 10_000
    update(tickformat="~s")
    return 1


def cards(items: list[dict]) -> None:
    """Headline numbers that wrap two to a row on a phone; each item holds st.metric's arguments."""
    with st.container(horizontal=True, gap="small"):
        for item in items:
            st.metric(**item, border=True, width=160)


def money_column(key: str) -> st.column_config.NumberColumn:
    return st.column_config.NumberColumn(t(key), format="%,.0f")


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
            else t("stock.points", value=f"{through.change * 100:+.1f}"),
            "help": t("stock.card.sell_through_help", days=window),
        }
    ]
    if present["sell_out"]:
        stock = metric("stock_summary").iloc[0]
        items += [
            {
                "label": t("stock.card.reporting_stock"),
                "value": compact(stock.reporting_stock),
                "help": exact(t("stock.card.reporting_stock_help"), stock.reporting_stock),
            },
            {
                "label": t("stock.card.cover"),
                "value": weeks(stock.weeks_of_cover),
                "help": t("stock.card.cover_help"),
            },
            {
                "label": t("stock.card.slow"),
                "value": compact(stock.slow_moving_amount),
                "delta": t("stock.card.positions", n=num(stock.slow_moving_positions)),
                "delta_color": "off",
                "delta_arrow": "off",
                "help": exact(t("stock.card.slow_help"), stock.slow_moving_amount),
            },
            {
                "label": t("stock.card.channel_stock"),
                "value": compact(stock.channel_stock),
                "help": exact(t("stock.card.channel_stock_help"), stock.channel_stock),
            },
        ]
    cards(items)
    st.caption(t("stock.card.deltas", days=window))


def weekly(present: dict[str, bool]) -> None:
    rows = metric("sales_weekly")
    st.subheader(t("stock.weekly.heading"))
    fig = go.Figure()
    unit = money_axis(fig)
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
    reason = why_missing("distributor_stock", present)
    rows = pd.DataFrame() if reason else metric("distributor_stock", limit=TOP_DISTRIBUTORS)
    if rows.empty:
        charts.empty_note(reason or t("stock.distributors.none"))
        return
    fig = go.Figure()
    unit = money_axis(fig, "x")
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
    reason = why_missing("slow_moving_stock", present)
    rows = pd.DataFrame() if reason else metric("slow_moving_stock")
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

ensure_filters()
st.title(t("stock.title"))
st.caption(t("stock.caption"))
present = queries.data_present(workspace())
if not present["sales"]:
    charts.empty_note(why_missing("sales_weekly", present))
    st.stop()
headline(present)
if not present["sell_out"]:
    charts.empty_note(t("stock.need.sell_out"))
weekly(present)
if present["sell_out"]:  # else the note above says what to load; no empty sections below it
    distributors(present)
    slow_moving(present)
