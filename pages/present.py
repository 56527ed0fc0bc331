"""Meeting mode of the weekly review (`?present=1`): one section per screen, for a projector.

The same sections as the page (pages/weekly_sections.py, drawn with
`big=True`), full-width with large text and the sidebar hidden. The section
shown is in the URL (`&section=3`), so a link reopens it; the filters chosen
before entering stay in the URL and in effect (the sidebar still runs, only
CSS hides it). Entering and leaving are callbacks that only change the URL's
parameters.

Not a page: imported by pages/weekly.py (pages.common comes first, see its
`_leave_legacy_multipage_mode`).
"""

from __future__ import annotations

import streamlit as st

from pages.common import has_sales, t, url_value
from pages.weekly_sections import SECTIONS, empty_guide, review_caption

PRESENT_PARAM, SECTION_PARAM = "present", "section"

# Meeting mode's look. CSS only, a constant: no data ever goes into it.
# Laid out to fit 1280x720; on a larger screen (1080p projector) the text grows
# by --s. Figures keep their pixel height (Plotly's is fixed in the figure; CSS
# zoom would make Plotly and the data grid misjudge their size), see
# weekly_sections.PRESENT_HEIGHT_LEAD.
PRESENT_CSS = """
<style>
[data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"],
[data-testid="stSidebarCollapseButton"],
[data-testid="stExpandSidebarButton"],
[data-testid="stHeader"] { display: none !important; }
[data-testid="stMainBlockContainer"] {
  max-width: 100% !important;
  padding: 1rem 2.5rem 1rem 2.5rem !important;
}
[data-testid="stMain"] { --s: 1; }
@media (min-width: 1600px) and (min-height: 900px) {
  [data-testid="stMain"] { --s: 1.15; }
}
@media (min-width: 1900px) and (min-height: 1060px) {
  [data-testid="stMain"] { --s: 1.3; }
}
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li { font-size: calc(1.3rem * var(--s)); }
[data-testid="stMain"] [data-testid="stCaptionContainer"] p { font-size: calc(1.05rem * var(--s)); }
[data-testid="stMain"] h2 { font-size: calc(2rem * var(--s)); }
[data-testid="stMain"] h3 { font-size: calc(1.75rem * var(--s)); }
[data-testid="stMain"] [data-testid="stMetricLabel"] p { font-size: calc(1.15rem * var(--s)); }
[data-testid="stMain"] [data-testid="stMetricValue"] p {
  font-size: calc(2.6rem * var(--s)); line-height: 1.25;
}
[data-testid="stMain"] [data-testid="stMetricDelta"] p { font-size: calc(1.1rem * var(--s)); }
[data-testid="stMain"] [data-testid="stMetricDeltaDescription"] p {
  font-size: calc(1rem * var(--s));
}
[data-testid="stMain"] [data-testid="stButton"] button p { font-size: calc(1.15rem * var(--s)); }
[data-testid="stMain"] [data-testid="stTable"] {
  max-height: calc(100vh - 16rem * var(--s));
  overflow-y: auto;
}
[data-testid="stMain"] [data-testid="stTable"] td { white-space: nowrap; }
[data-testid="stMain"] [data-testid="stTable"] td,
[data-testid="stMain"] [data-testid="stTable"] th p { font-size: calc(1.05rem * var(--s)); }
[data-testid="stMain"] [data-testid="stTable"] thead th { position: sticky; top: 0; z-index: 1; }
</style>
"""


def presenting() -> bool:
    return st.query_params.get(PRESENT_PARAM) == "1"


def enter_meeting_mode() -> None:
    """The Present button: same URL (so the same filters) plus `present=1`, first section."""
    st.query_params[PRESENT_PARAM] = "1"
    st.query_params.pop(SECTION_PARAM, None)


def leave_meeting_mode() -> None:
    """Back to the whole page, with the same language and filters (they stay in the URL).

    A button, not a page link: a link to the page already open reruns it
    without its parameters but leaves `present=1` in the browser's address
    bar, so a reload would go back into meeting mode.
    """
    st.query_params.pop(PRESENT_PARAM, None)
    st.query_params.pop(SECTION_PARAM, None)


def section_number() -> int:
    """The section of `?section=` (1-based), or 1 with a notice for one that does not exist."""
    given = st.query_params.get(SECTION_PARAM)
    if not given:
        return 1
    if given.isdigit() and 1 <= int(given) <= len(SECTIONS):
        return int(given)
    st.toast(t("weekly.present.bad_section", value=url_value(given), n=len(SECTIONS)))
    st.query_params[SECTION_PARAM] = "1"
    return 1


def go_to_section(number: int) -> None:
    st.query_params[SECTION_PARAM] = str(number)


def step_button(number: int, text_key: str, end_key: str, icon: str, key: str) -> None:
    """Previous or next: names the section it goes to; disabled past either end."""
    inside = 1 <= number <= len(SECTIONS)
    st.button(
        t(text_key, name=t(SECTIONS[number - 1][0])) if inside else t(end_key),
        icon=icon,
        disabled=not inside,
        on_click=go_to_section,
        args=(number,),
        key=key,
    )


def meeting_page() -> None:
    """One section per screen, the sidebar hidden, next/previous below."""
    st.html(PRESENT_CSS)
    number = section_number()
    with st.container(horizontal=True, vertical_alignment="center", gap="medium"):
        st.subheader(t("weekly.title"), anchor=False, width="content")
        st.caption(review_caption(), width="stretch")
        st.caption(
            t("weekly.present.position", i=number, n=len(SECTIONS)),
            width="content",
        )
        st.button(
            t("weekly.present.exit"),
            icon=":material/close:",
            type="tertiary",
            on_click=leave_meeting_mode,
            key="weekly_exit",
        )
    if not has_sales():
        empty_guide()
        return
    _, draw = SECTIONS[number - 1]
    draw(big=True)
    with st.container(horizontal=True, horizontal_alignment="distribute"):
        step_button(number - 1, "weekly.present.previous", "weekly.present.back",
                    ":material/arrow_back:", "weekly_previous")  # fmt: skip
        step_button(number + 1, "weekly.present.next", "weekly.present.forward",
                    ":material/arrow_forward:", "weekly_next")  # fmt: skip
