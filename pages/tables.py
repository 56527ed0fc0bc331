"""Tables with translated headers: the column formats pages share, and a sortable list.

`table` draws a query's rows with headers from the catalogue and a CSV
download of the full-precision rows beneath (`charts.download`); a page that
builds its own `st.dataframe` takes the column formats from here.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from pages import charts
from pages.common import currency, label, t


def money_column(key: str) -> st.column_config.NumberColumn:
    """An amount, whole with thousands separators and the currency symbol, under text `key`."""
    symbol = currency().replace("%", "%%")  # printf-style: a literal % doubled
    return st.column_config.NumberColumn(t(key), format=f"{symbol}%,.0f")


def pct_column(key: str) -> st.column_config.NumberColumn:
    return st.column_config.NumberColumn(t(key), format="percent")


def date_column(key: str) -> st.column_config.DateColumn:
    return st.column_config.DateColumn(t(key), format="YYYY-MM-DD")


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
            config[column] = pct_column(text_key)
        elif column in money:
            config[column] = st.column_config.NumberColumn(header, format="localized")
        elif column in formats:
            config[column] = st.column_config.NumberColumn(header, format=formats[column])
        elif column in dates:
            config[column] = date_column(text_key)
        else:
            config[column] = st.column_config.Column(header, pinned=column == "customer")
    st.dataframe(shown, column_config=config, hide_index=True, width="stretch", key=f"table_{key}")
    charts.download(frame, key, title)
