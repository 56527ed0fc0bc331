"""Weekly review (周会复盘): the page a manager walks the team through.

Headline numbers with the change against the previous window, then what
needs attention this week (reps behind pace, stock stuck at distributors,
customers overdue for a visit, complaints past their SLA, customers buying
much less), then the trend. Every figure is a named query; this script only
wires the page together:

- pages/weekly_cards.py: the headline cards
- pages/weekly_sections.py: the sections, their running order, the caption
- pages/present.py: meeting mode (`?present=1`), the same sections one per
  screen, projector-sized, for the weekly meeting
"""

from __future__ import annotations

import streamlit as st

from pages import auth
from pages.common import has_sales, t
from pages.present import enter_meeting_mode, meeting_page, presenting
from pages.report_download import report_downloads
from pages.weekly_cards import headline
from pages.weekly_sections import (
    churn_risk,
    complaints_past_sla,
    empty_guide,
    overdue_visits,
    region_split,
    reps_behind_pace,
    review_caption,
    slow_moving_stock,
    weekly_trend,
)


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


if presenting():
    meeting_page()
else:
    review_page()
