"""The shared chart theme (`pages.charts.style`): what it sets, and that Plotly accepts it.

`style` assembles the themed figure as plain data without Plotly's checks
(they cost most of a page run), so these tests let Plotly check the result.
Escaping names is tested with hostile data (tests/hostile).
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from pages.charts import FONT, style

GRID = "rgba(148,163,184,0.25)"


def two_axes() -> go.Figure:
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_bar(x=["W1", "W2"], y=[3, 4], name="sales")
    fig.add_scatter(x=["W1", "W2"], y=[0.5, 0.7], name="rate", secondary_y=True)
    fig.update_yaxes(title="Rate", tickformat=".0%", secondary_y=True)
    fig.update_layout(legend={"title": {"text": "Series"}}, margin={"l": 50}, font={"size": 20})
    return fig


def test_a_styled_chart_is_one_plotly_accepts_as_it_is():
    styled = style(two_axes())

    # Plotly's own checks raise on an unknown property or a bad value, and coerce
    # nothing that is already right: the checked figure is the same figure.
    assert go.Figure(styled).to_dict() == styled


def test_every_axis_gets_the_grid_and_keeps_what_the_page_set():
    layout = style(two_axes())["layout"]

    for axis in ("xaxis", "yaxis", "yaxis2"):
        assert layout[axis]["gridcolor"] == GRID, axis
        assert layout[axis]["zerolinecolor"] == GRID, axis
        assert layout[axis]["automargin"] is True, axis
    assert layout["yaxis2"]["title"]["text"] == "Rate"
    assert layout["yaxis2"]["tickformat"] == ".0%"
    assert layout["yaxis2"]["overlaying"] == "y"


def test_the_theme_overrides_the_pages_font_margin_and_legend_title():
    layout = style(two_axes(), height=300)["layout"]

    assert layout["font"] == {"family": FONT, "color": "#1f2937", "size": 13}
    assert layout["margin"] == {"l": 8, "r": 8, "t": 16, "b": 8}
    assert layout["height"] == 300
    assert "title" not in layout["legend"]  # the legend at the foot says what it is itself
    assert layout["legend"]["orientation"] == "h"
    assert layout["legend"]["yref"] == "container"
    assert "title" not in layout


def test_a_title_goes_into_the_figure_only_when_asked_with_room_above():
    layout = style(go.Figure(go.Bar(x=["a"], y=[1])), title="Sales")["layout"]

    assert layout["title"]["text"] == "Sales"
    assert layout["margin"]["t"] == 48


def test_the_template_is_plotlys_white_one_with_defaults_for_the_drawn_trace_types_only():
    template = style(two_axes())["layout"]["template"]

    white = pio.templates["plotly_white"].to_plotly_json()
    assert template["layout"] == white["layout"]
    assert set(template["data"]) == {"bar", "scatter"}
    assert template["data"]["bar"] == white["data"]["bar"]


def test_the_pages_figure_is_left_as_it_was():
    fig = two_axes()
    before = fig.to_dict()

    style(fig)

    assert fig.to_dict() == before


def test_a_name_with_a_line_break_tag_shows_as_typed_while_hover_texts_keep_theirs():
    # Names reach charts as categories and trace names; the pages' hover and bar texts
    # hold figures and catalogue sentences, whose <br> is a line break.
    fig = go.Figure(
        go.Bar(x=["A<br>B"], y=[1], name="<br>North", hovertext=["Stock 5<br>Cover 2 wk"])
    )

    trace = style(fig)["data"][0]

    assert list(trace["x"]) == ["A&lt;br&gt;B"]
    assert trace["name"] == "&lt;br&gt;North"
    assert list(trace["hovertext"]) == ["Stock 5<br>Cover 2 wk"]
