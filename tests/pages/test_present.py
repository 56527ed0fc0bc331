"""Meeting mode (`?present=1`): one section of the weekly review per screen, same figures.

Each check opens the app as a link would, walks the sections with the
next/previous buttons, and compares what a section shows with what the
normal page shows for the same filters, so meeting mode cannot drift from
the page it presents.
"""

from __future__ import annotations

import pandas as pd
import pytest

from salesdash import queries, store
from tests.pages.sample_workspace import PAGE_WEEKLY, cards, figure, open_app

SECTIONS = 8

# What only the section's own screen shows: its heading, or its chart's key.
HEADINGS = {
    2: "Reps behind pace",
    3: "Slow-moving stock at distributors",
    4: "Customers overdue for a visit",
    5: "Complaints open past the 7-day SLA",
    6: "Customers at churn risk (buying less than half)",
}
CHARTS = {2: "weekly_behind_pace", 7: "weekly_trend", 8: "weekly_region"}


def captions(at) -> list[str]:
    return [c.value for c in at.main.caption]


def subheaders(at) -> list[str]:
    return [s.value for s in at.subheader]


def chart_keys(at) -> set[str]:
    return {
        key for key in CHARTS.values() for c in at.get("plotly_chart") if c.proto.id.endswith(key)
    }


def test_present_shows_the_headline_cards_and_nothing_of_the_other_sections(sample_workspace):
    at = open_app(present="1")

    assert len(at.metric) == 12
    assert "Section 1 of 8" in captions(at)
    assert subheaders(at) == ["Weekly review"]
    assert not at.get("plotly_chart")
    assert not at.table and not at.dataframe
    assert not at.main.header  # no "Needs attention", no "Trend"
    assert cards(at) == cards(open_app())


@pytest.mark.parametrize("number", range(2, SECTIONS + 1))
def test_each_section_shows_only_its_own_elements(sample_workspace, number):
    at = open_app(present="1", section=str(number))

    assert f"Section {number} of {SECTIONS}" in captions(at)
    assert not at.metric
    assert subheaders(at) == ["Weekly review", *([HEADINGS[number]] if number in HEADINGS else [])]
    assert chart_keys(at) == ({CHARTS[number]} if number in CHARTS else set())
    assert len(at.table) == (1 if number in HEADINGS else 0)


def test_next_and_previous_step_through_the_sections_and_keep_the_place_in_the_url(
    sample_workspace,
):
    at = open_app(present="1", lang="en")
    assert at.button(key="weekly_previous").disabled
    assert at.button(key="weekly_next").label == "Next: Reps behind pace"

    for number in range(2, SECTIONS + 1):
        at.button(key="weekly_next").click().run()
        assert not at.exception
        assert at.query_params["section"] == str(number)
        assert f"Section {number} of {SECTIONS}" in captions(at)
    assert at.button(key="weekly_next").disabled
    assert at.button(key="weekly_previous").label == "Previous: Weekly trend"

    at.button(key="weekly_previous").click().run()
    at.button(key="weekly_previous").click().run()
    assert at.query_params == {"present": "1", "lang": "en", "section": "6"}
    assert HEADINGS[6] in subheaders(at)


@pytest.mark.parametrize("value", ["0", "9", "abc", "2.5", "-1"])
def test_a_section_that_does_not_exist_falls_back_to_the_first_with_a_notice(
    sample_workspace, value
):
    at = open_app(present="1", section=value)

    assert [toast.value for toast in at.toast] == [
        f"There is no section “{value}” (the review has sections 1 to 8); showing section 1."
    ]
    assert at.query_params["section"] == "1"
    assert "Section 1 of 8" in captions(at)
    assert len(at.metric) == 12


def without_text_size(traces: list[dict]) -> list[dict]:
    """A figure's traces without their label font (the one thing meeting mode enlarges)."""
    return [{k: v for k, v in trace.items() if k != "textfont"} for trace in traces]


def test_the_charts_are_the_normal_pages_with_larger_text(sample_workspace):
    normal = open_app()
    for number, key in CHARTS.items():
        shown = figure(open_app(present="1", section=str(number)), key)
        expected = figure(normal, key)
        assert without_text_size(shown["data"]) == without_text_size(expected["data"]), key
        assert shown["layout"]["xaxis"]["tickfont"]["size"] == 17, key


# Each list's query and the columns the section shows, in order.
LISTS = {
    2: ("reps_behind_pace", ["rep", "period", "target", "actual", "attainment",
                             "expected_share", "pace_index", "projected_shortfall"]),
    4: ("overdue_visits", ["customer", "tier", "days_since_visit", "overdue_days",
                           "last_visit_date", "rep", "region"]),
    6: ("partial_defectors", ["customer", "previous_purchases", "current_purchases",
                              "drop_pct", "last_purchase_date", "rep", "region"]),
}  # fmt: skip


def test_the_lists_are_the_queries_rows(sample_workspace):
    con = store.connect(sample_workspace)
    expected = {
        number: queries.run(con, name)[columns] for number, (name, columns) in LISTS.items()
    }
    con.close()  # before the app opens the workspace
    for number, rows in expected.items():
        shown = open_app(present="1", section=str(number)).table[0].value
        assert len(rows) > 0
        pd.testing.assert_frame_equal(
            shown.reset_index(drop=True),
            rows.reset_index(drop=True).set_axis(shown.columns, axis=1),
            check_dtype=False,
        )


def test_the_filters_chosen_before_stay_in_effect(sample_workspace):
    at = open_app(present="1", region="华北", window="14")

    assert cards(at) == cards(open_app(region="华北", window="14"))
    assert cards(at) != cards(open_app())
    assert any("filtered to 华北" in c for c in captions(at))
    # The sidebar still runs (CSS hides it), so its widgets keep the filters.
    assert at.sidebar.multiselect(key="region").value == ["华北"]


def test_the_present_button_enters_meeting_mode_with_the_same_filters(sample_workspace):
    at = open_app(lang="en", region="华北", window="14")
    at.button(key="weekly_present").click().run()

    assert not at.exception
    assert at.query_params == {"lang": "en", "region": "华北", "window": "14", "present": "1"}
    assert "Section 1 of 8" in captions(at)


def test_exit_returns_to_the_whole_page_with_the_same_filters(sample_workspace):
    at = open_app(present="1", section="3", region="华北", lang="en")
    at.button(key="weekly_exit").click().run()

    assert at.query_params == {"region": "华北", "lang": "en"}
    assert [h.value for h in at.main.header] == ["Needs attention", "Trend"]
    assert len(at.metric) == 12


def test_only_meeting_mode_hides_the_sidebar_with_the_same_css_whatever_the_filters(
    sample_workspace,
):
    def styles(at) -> list[str]:
        return [h.proto.body for h in at.get("html")]

    assert not styles(open_app())
    css = styles(open_app(present="1"))
    assert len(css) == 1
    assert '[data-testid="stSidebar"]' in css[0] and "display: none" in css[0]
    assert styles(open_app(present="1", region="华北", section="4", lang="zh")) == css


def test_in_chinese_meeting_mode_reads_in_chinese(sample_workspace):
    at = open_app(present="1", lang="zh")
    assert "第 1 部分，共 8 部分" in captions(at)
    assert at.button(key="weekly_next").label == "下一部分：进度落后的业务员"
    assert at.button(key="weekly_exit").label == "退出会议模式"


def test_an_empty_workspace_in_meeting_mode_shows_the_guide(no_data):
    at = open_app()
    at.switch_page(PAGE_WEEKLY)
    at.query_params["present"] = "1"
    at.run()

    assert not at.exception
    assert "nothing to review yet" in at.info[0].value
    assert not at.metric
