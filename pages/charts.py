"""One look for every chart, in light and dark, and a download of the table behind it.

Pages build a Plotly figure from a query's rows and hand it to `show`, which
applies the shared theme (following Streamlit's light/dark setting), titles it
in the UI language and puts a CSV download of the same rows beneath it.
Amounts go on an axis through `money_axis` (万 in Chinese); where there is
nothing to draw, `empty_note` (or `heading_note`, with the chart's title) says why.
Names from the data are escaped on the way (`as_text`): Plotly reads HTML tags
and entities in labels, so a customer called `<b>A</b>` would otherwise lose
its tags.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from pages.common import currency, lang, md, t
from salesdash import export

# One palette for the pages and the report, which must look alike (re-exported to the pages).
from salesdash.report.figures import BLUE as BLUE
from salesdash.report.figures import GREEN as GREEN
from salesdash.report.figures import ORANGE as ORANGE
from salesdash.report.figures import PALETTE as PALETTE
from salesdash.report.figures import PURPLE as PURPLE
from salesdash.report.figures import RED as RED

LIGHT_BLUE, NAVY = "#60a5fa", "#1e3a8a"
# Reference lines and their labels, and bars of the less important series (calls, "other"):
# readable on white and on the dark theme.
NEUTRAL = "#94a3b8"
FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"


def money_scale() -> tuple[float, str, str]:
    """Divisor, axis title and tick format for money in the UI language.

    Chinese reports count in 万 (10,000) with grouped digits; SI suffixes
    ("3M") read well in English but not in Chinese.
    """
    if lang() == "zh":
        return 10_000, t("common.unit_wan"), ",.0f"
    return 1, "", "~s"


def money_axis(fig: go.Figure, axis: str = "y", *, unit_on_ticks: bool = False, **options) -> float:
    """Put amounts on `axis` as `money_scale` says; returns the divisor to scale them by.

    In Chinese the unit (万) is the axis title, or follows every tick label
    with `unit_on_ticks`; the currency symbol, where one is set, goes before
    every tick label (¥3M, ¥120), as on the weekly report's charts
    (salesdash.report.figures.money_axis); `options` go to the axis too
    (rangemode, secondary_y...).
    """
    divisor, unit, tickformat = money_scale()
    if unit:
        options |= {"ticksuffix": "万"} if unit_on_ticks else {"title": unit}
    if symbol := currency():
        options |= {"tickprefix": plain(symbol)}
    update = fig.update_yaxes if axis == "y" else fig.update_xaxes
    update(tickformat=tickformat, **options)
    return divisor


def is_dark() -> bool:
    theme = getattr(st.context, "theme", None)
    return getattr(theme, "type", None) == "dark"


def style(fig: go.Figure, title: str | None = None, height: int = 360) -> dict[str, Any]:
    """The figure as Plotly's plain data, its texts escaped and the shared theme applied.

    Theme: palette, CJK-capable font, legend below, compact margins. `show`
    writes the title above the chart as text instead (it wraps on a phone, a
    Plotly title is cut off); pass `title` to put it in the figure. The legend
    sits at the foot of the figure (container-relative, so the margin grows as
    it wraps) where it cannot run into a title.

    Works on the data, not through Plotly's checked objects: the page's part
    was checked when the page built it, and what is merged in here is fixed
    in this module. Plotly's checked updates (`update_layout`, a named
    template deep-copied each time, the figure copied again by
    `st.plotly_chart`) took 17 ms a chart, most of a page run's CPU with
    several charts on a page (bench/load.py).
    """
    spec = _as_text(fig.to_dict())
    dark = is_dark()
    layout = _merged(spec.get("layout", {}), _layout_style(dark, title, height))
    layout["template"] = _template(dark, frozenset(trace["type"] for trace in spec["data"]))
    for axis in sorted({"xaxis", "yaxis", *filter(_AXIS.fullmatch, layout)}):
        layout[axis] = _merged(layout.get(axis, {}), _AXIS_STYLE)
    return {**spec, "layout": layout}


class _Drawn(go.Figure):
    """A figure `style` has made: Streamlit takes its data as it is (`to_dict`).

    `st.plotly_chart` checks a plain dict property by property again; a
    Figure it asks for its data, which this one holds ready.
    """

    def __init__(self, spec: dict[str, Any]) -> None:
        super().__init__()
        self._spec = spec

    def to_dict(self) -> dict[str, Any]:
        return self._spec


_AXIS = re.compile(r"[xy]axis\d*")
_GRID = "rgba(148,163,184,0.25)"
_AXIS_STYLE = {"gridcolor": _GRID, "zerolinecolor": _GRID, "automargin": True}


def _layout_style(dark: bool, title: str | None, height: int) -> dict[str, Any]:
    layout = {
        "colorway": list(PALETTE),
        "font": {"family": FONT, "color": "#e5e7eb" if dark else "#1f2937", "size": 13},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "height": height,
        "margin": {"l": 8, "r": 8, "t": 48 if title else 16, "b": 8},
        "legend": {
            "orientation": "h",
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
            "x": 0,
            "title": None,
        },
        "hoverlabel": {"font": {"family": FONT}},
    }
    if title:
        layout["title"] = {"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}}
    return layout


def _merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """`base` with `over` written into it, nested tables key by key; None removes a key."""
    out = dict(base)
    for key, value in over.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict):
            out[key] = _merged(out[key] if isinstance(out.get(key), dict) else {}, value)
        else:
            out[key] = value
    return out


@lru_cache(maxsize=2)
def _template_parts(dark: bool) -> dict[str, Any]:
    return pio.templates["plotly_dark" if dark else "plotly_white"].to_plotly_json()


def _template(dark: bool, trace_types: frozenset[str]) -> dict[str, Any]:
    """Plotly's white (or dark) template, with trace defaults only for the types drawn.

    The full template holds defaults for some thirty trace types: nine
    tenths of a small chart's JSON, sent with every chart.
    """
    parts = _template_parts(dark)
    data = {kind: parts["data"][kind] for kind in sorted(trace_types) if kind in parts["data"]}
    return copy.deepcopy({"layout": parts["layout"], "data": data})


# Trace attributes that Plotly draws as text (ticks, bar labels, legend, hover).
TEXT_ATTRS = ("x", "y", "labels", "text", "hovertext", "name")
# Of those, the ones pages fill with catalogue texts that use Plotly's line break.
LINE_BREAK_ATTRS = ("text", "hovertext")
_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def plain(text: str, line_breaks: bool = False) -> str:
    """`text` as Plotly shows it literally: its `<`, `>` and `&` as entities.

    Plotly renders a small HTML subset (`<b>`, `<a href>`, `<br>`, entities) in
    every label; with `line_breaks` a `<br>` stays a line break (the hover
    texts of the catalogue are written with it).
    """
    escaped = text.translate(_HTML)
    return escaped.replace("&lt;br&gt;", "<br>") if line_breaks else escaped


def _plain_values(value: Any, line_breaks: bool = False) -> Any:
    """`value` (a string, or a list, tuple or array of them, nested) with its strings `plain`."""
    if isinstance(value, str):
        return plain(value, line_breaks)
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "OU":
            return value  # numbers, dates
        return np.array([_plain_values(v, line_breaks) for v in value], dtype=object)
    if isinstance(value, list | tuple):
        return [_plain_values(v, line_breaks) for v in value]
    return value


def _as_text(spec: dict[str, Any]) -> dict[str, Any]:
    """Escape every text a figure (as plain data) draws from the data, so names show as typed.

    Covers the traces' categories, labels, texts, hovers and names, the axes'
    category orders and tick texts, and annotations. Templates
    (`hovertemplate`) are code and stay as they are; `customdata` is escaped
    only where a template shows it, as drill-down reads it back as a filter
    value (a chart must not both show and drill by its customdata).
    """
    for trace in spec.get("data", []):
        templates = " ".join(str(trace.get(a) or "") for a in ("hovertemplate", "texttemplate"))
        attrs = TEXT_ATTRS + (("customdata",) if "customdata" in templates else ())
        for attr in attrs:
            if trace.get(attr) is not None:
                trace[attr] = _plain_values(trace[attr], attr in LINE_BREAK_ATTRS)
    layout = spec.get("layout", {})
    for name in filter(_AXIS.fullmatch, layout):
        for attr in ("categoryarray", "ticktext"):
            if layout[name].get(attr) is not None:
                layout[name][attr] = _plain_values(layout[name][attr])
    for annotation in layout.get("annotations", []):
        if annotation.get("text") is not None:
            annotation["text"] = plain(annotation["text"], line_breaks=True)
    return spec


def show(
    fig: go.Figure,
    title: str,
    table: pd.DataFrame,
    key: str,
    height: int = 360,
    on_select: str | Callable[[], None] = "ignore",
):
    """Draw a styled chart under its title with its table downloadable; returns the selection.

    `on_select`: "ignore", "rerun", or a callback such as `common.drill_down(...)`.
    """
    st.markdown(f"**{md(title)}**")
    event = st.plotly_chart(
        _Drawn(style(fig, None, height)),
        key=key,
        on_select=on_select,
        selection_mode="points",
        config={"displaylogo": False, "responsive": True},
        width="stretch",
    )
    download(table, key, title)
    return event


def download(
    table: pd.DataFrame, key: str, title: str, headers: dict[str, str] | None = None
) -> None:
    """A button for a formula-safe CSV of `table` (its columns `headers` renamed, if given).

    The file is made when the button is clicked, not on every run: a page
    with half a dozen lists spent a fifth of its run writing CSVs nobody
    asked for (bench/load.py). Clicking does not rerun the page.
    """

    def csv() -> bytes:
        listed = table if headers is None else table[list(headers)].rename(columns=headers)
        return export.csv_bytes(listed)

    st.download_button(
        t("common.download_csv"),
        csv,
        file_name=f"{key}.csv",
        mime="text/csv",
        key=f"dl_{key}",
        help=t("common.download_help", title=title),
        icon=":material/download:",
        on_click="ignore",
    )


def empty_note(reason: str | None) -> None:
    """What to show instead of an empty chart: why there is nothing (no targets loaded...)."""
    st.info(reason or t("common.nothing_in_window"), icon=":material/info:")


def heading_note(title: str, reason: str) -> None:
    """A chart's title and, instead of an empty chart, why there is nothing to show."""
    st.markdown(f"**{md(title)}**")
    empty_note(reason)
