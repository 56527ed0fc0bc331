"""The weekly review's charts as Plotly figures written as plain dicts.

The report's HTML draws them with the plotly.js it carries, so the core needs
no `import plotly`. They follow the page's charts (pages/weekly_sections.py and
pages/charts.py): the same traces, colours, money axis (万 in Chinese) and
legend below, the deployment's currency symbol before the money ticks; fixed
width so that the printed page and the screen agree.
Text from the data (rep and region names) goes through `plot_text`, because
Plotly reads a few HTML tags inside its labels.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from typing import Any

from salesdash import i18n

# The palette of the pages and the report (pages/charts.py takes it from here), and the
# colour per measure.
BLUE, ORANGE, GREEN, RED, PURPLE = "#2563eb", "#f97316", "#16a34a", "#dc2626", "#9333ea"
PALETTE = (BLUE, ORANGE, GREEN, RED, PURPLE, "#0891b2", "#ca8a04", "#64748b")
NEUTRAL = "#94a3b8"
COLOURS = {"gross_sales": BLUE, "net_sales": GREEN, "stocked_sales": ORANGE}
FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
TEXT = "#1f2937"
GRID = "rgba(148,163,184,0.35)"
# A4 portrait less 12 mm margins is about 703 CSS px: a chart this wide prints uncut.
WIDTH = 660
CONFIG = {"displaylogo": False, "displayModeBar": False, "responsive": False}


def plot_text(value: object) -> str:
    """Text from the data as Plotly shows it literally (it reads <b>, <a>, <br> in labels)."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def number(value: Any) -> float | None:
    """A plain float for JSON; None for a missing value (NULL, NaN, NA)."""
    if value is None:
        return None
    try:
        result = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(result) else result


def money_scale(lang: str) -> tuple[float, str, str]:
    """Divisor, axis title and tick format for amounts: 万 in Chinese, SI suffixes in English."""
    if lang == "zh":
        return 10_000, i18n.t("common.unit_wan", lang), ",.0f"
    return 1, "", "~s"


def money_axis(lang: str, currency: str = "") -> dict[str, Any]:
    """A money axis as the pages' `charts.money_axis` sets it: the tick format, 万 as the
    title in Chinese, and the currency symbol before every tick (¥3M, ¥120)."""
    _, unit, tickformat = money_scale(lang)
    axis: dict[str, Any] = {"tickformat": tickformat}
    if unit:
        axis["title"] = {"text": plot_text(unit)}
    if currency:
        axis["tickprefix"] = plot_text(currency)
    return axis


def layout(height: int, **extra: Any) -> dict[str, Any]:
    """The shared look: white, CJK-capable font, palette, legend at the foot, compact margins."""
    axis = {"gridcolor": GRID, "zerolinecolor": GRID, "automargin": True, "linecolor": GRID}
    base: dict[str, Any] = {
        "width": WIDTH,
        "height": height,
        "autosize": False,
        "font": {"family": FONT, "color": TEXT, "size": 12},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "colorway": list(PALETTE),
        "margin": {"l": 8, "r": 8, "t": 16, "b": 8},
        "legend": {
            "orientation": "h",
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
            "x": 0,
        },
        "xaxis": dict(axis),
        "yaxis": dict(axis),
    }
    for key, value in extra.items():
        if key in ("xaxis", "yaxis"):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
    return base


def _scaled(values: Iterable[Any], divisor: float) -> list[float | None]:
    return [None if (v := number(x)) is None else v / divisor for x in values]


def pace_chart(
    reps: Sequence[str], periods: Sequence[str], pace: Sequence[float], lang: str
) -> dict[str, Any]:
    """Reps behind pace: a horizontal bar per rep target, slowest at the top, a line at 1.00."""
    # Plotly draws the first category at the bottom: reversed, the slowest is on top.
    order = list(range(len(reps)))[::-1]
    values = [number(pace[i]) or 0.0 for i in order]
    top = max([1.15, *(v * 1.1 for v in values)])
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "x": values,
                "y": [f"{plot_text(reps[i])} · {plot_text(periods[i])}" for i in order],
                "text": [f"{v:.2f}" for v in values],
                "textposition": "auto",
                "marker": {"color": BLUE},
                "name": plot_text(i18n.t("weekly.col.pace_index", lang)),
                "hovertemplate": "%{y}: %{x:.2f}<extra></extra>",
            }
        ],
        "layout": layout(
            120 + 28 * len(reps),
            xaxis={"range": [0, top]},
            shapes=[
                {
                    "type": "line",
                    "x0": 1,
                    "x1": 1,
                    "xref": "x",
                    "y0": 0,
                    "y1": 1,
                    "yref": "paper",
                    "line": {"dash": "dash", "color": NEUTRAL},
                }
            ],
            annotations=[
                {
                    "x": 1,
                    "xref": "x",
                    "y": 1,
                    "yref": "paper",
                    "text": plot_text(i18n.t("weekly.on_pace", lang)),
                    "showarrow": False,
                    "xanchor": "right",
                    "yanchor": "bottom",
                    "font": {"color": NEUTRAL},
                }
            ],
            showlegend=False,
        ),
    }


def trend_chart(
    weeks: Sequence[dt.date], series: dict[str, Sequence[Any]], lang: str, currency: str = ""
) -> dict[str, Any]:
    """Gross and net sales per week as lines, stocked sales as pale bars (the page's trend)."""
    divisor = money_scale(lang)[0]
    x = [w.isoformat() for w in weeks]
    data = []
    for column, kind in (("stocked_sales", "bar"), ("gross_sales", "line"), ("net_sales", "line")):
        values = _scaled(series.get(column, ()), divisor)
        if all(v is None for v in values):
            continue
        trace: dict[str, Any] = {
            "x": x,
            "y": values,
            "name": plot_text(i18n.t(f"weekly.kpi.{column}", lang)),
            "marker": {"color": COLOURS[column]},
        }
        if kind == "bar":
            trace |= {"type": "bar", "opacity": 0.45}
        else:
            trace |= {
                "type": "scatter",
                "mode": "lines+markers",
                "line": {"color": COLOURS[column]},
            }
        data.append(trace)
    return {
        "data": data,
        "layout": layout(
            360, xaxis={"type": "date", "tickformat": "%m-%d"}, yaxis=money_axis(lang, currency)
        ),
    }


def region_chart(
    regions: Sequence[str], series: dict[str, Sequence[Any]], lang: str, currency: str = ""
) -> dict[str, Any]:
    """The review window's gross and net sales by region, side by side."""
    divisor = money_scale(lang)[0]
    x = [plot_text(r) for r in regions]
    data = []
    for column in ("gross_sales", "net_sales"):
        values = _scaled(series.get(column, ()), divisor)
        if all(v is None for v in values):
            continue
        data.append(
            {
                "type": "bar",
                "x": x,
                "y": values,
                "name": plot_text(i18n.t(f"weekly.kpi.{column}", lang)),
                "marker": {"color": COLOURS[column]},
            }
        )
    yaxis = money_axis(lang, currency)
    return {
        "data": data,
        "layout": layout(360, barmode="group", xaxis={"type": "category"}, yaxis=yaxis),
    }
