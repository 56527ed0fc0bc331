"""Small layout helpers shared by the customers, visits and complaints pages.

Candidates for pages/common.py and pages/charts.py: they live here until the
owners of those files take them. No SQL and no business rules: running a
page file on its own, labels for data codes, headline cards, tables with
translated headers, amounts on axes and cards.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from pages import charts
from pages.common import fmt_number, lang, new_run, sidebar_filters, t

RED, ORANGE, GREEN, BLUE, LIGHT_BLUE, PURPLE = (
    "#dc2626", "#f97316", "#16a34a", "#2563eb", "#60a5fa", "#9333ea",
)  # fmt: skip
GREY = charts.NEUTRAL
CARD_WIDTH = 160  # two cards to a row on a 375 px phone


def ensure_filters(page_file: str) -> None:
    """The sidebar filters. app.py draws them before the page (this call then only reads
    them); when the page file runs on its own (`streamlit run`, AppTest) each run draws them."""
    ctx = get_script_run_ctx()
    if ctx is not None and Path(ctx.main_script_path).resolve() == Path(page_file).resolve():
        new_run()
    sidebar_filters()


def is_blank(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value))


def label(value: object, prefix: str | None = None, blank: str = "–") -> str:
    """A data code (channel `retailer`, purpose `collection`) in the UI language, else as is."""
    if is_blank(value):
        return blank
    key = f"{prefix}.{value}"
    text = t(key) if prefix else key
    return str(value) if text == key else text  # t() gives the key back for unknown codes


def money(value: object) -> str:
    """An amount short enough for a headline card: 153.0万 in Chinese, 1.53M in English."""
    if not is_blank(value) and lang() != "zh" and abs(float(value)) >= 1_000_000:
        return f"{float(value) / 1_000_000:,.2f}M"
    return fmt_number(value)


def money_axis(fig: go.Figure, values: pd.Series, axis: str = "y", **options) -> pd.Series:
    """Scale amounts for an axis as charts.money_scale says (万 in Chinese); returns them."""
    divisor, unit, tickformat = charts.money_scale()
    update = fig.update_yaxes if axis == "y" else fig.update_xaxes
    update(tickformat=tickformat, **({"title": unit} if unit else {}), **options)
    return values / divisor


def cards(items: list[tuple[str, str, str]]) -> None:
    """Headline numbers (title, value, help) that wrap two to a row on a phone."""
    with st.container(horizontal=True, gap="small"):
        for title, value, help_text in items:
            st.metric(title, value, help=help_text, border=True, width=CARD_WIDTH)


def heading_note(title: str, reason: str) -> None:
    """A chart's title and, instead of an empty chart, why there is nothing to show."""
    st.markdown(f"**{title}**")
    charts.empty_note(reason)


def table(
    frame: pd.DataFrame,
    names: Mapping[str, str],
    key: str,
    title: str,
    *,
    money: tuple[str, ...] = (),
    percent: tuple[str, ...] = (),
    dates: tuple[str, ...] = (),
    formats: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
) -> None:
    """A sortable table of `names` (column -> text key) with its CSV download (full precision).

    money: whole and localized; percent: 0.25 -> 25%; formats: printf per
    column; labels: column -> prefix of the catalogue keys its codes map to.
    """
    formats = formats or {}
    shown = frame[list(names)].round(dict.fromkeys(money, 0))
    for column, prefix in (labels or {}).items():
        shown[column] = [label(v, prefix) for v in shown[column]]
    config: dict[str, object] = {}
    for column, text_key in names.items():
        header = t(text_key)
        if column in percent:
            config[column] = st.column_config.NumberColumn(header, format="percent")
        elif column in money:
            config[column] = st.column_config.NumberColumn(header, format="localized")
        elif column in formats:
            config[column] = st.column_config.NumberColumn(header, format=formats[column])
        elif column in dates:
            config[column] = st.column_config.DateColumn(header, format="YYYY-MM-DD")
        else:
            config[column] = st.column_config.Column(header, pinned=column == "customer")
    st.dataframe(shown, column_config=config, hide_index=True, width="stretch", key=f"table_{key}")
    charts.download(frame, key, title)
