"""Links carrying attacks in every URL parameter the app reads.

`?lang=`, `?as_of=`, `?window=`, `?region=`, `?rep=`, `?segment=`, `?product=`
(app.py and pages/common.py), `?by=` (customers), `?sla_days=`
(complaints) and `?present=1&section=` (the weekly review's meeting mode). A value the app cannot use is dropped with a notice that
repeats it escaped, cut short and with control characters made visible;
nothing runs, nothing breaks, the workspace is unchanged. A value that is
a name in the data, however it looks, filters like any other.
"""

from __future__ import annotations

import duckdb
import pytest

from salesdash import i18n
from tests.hostile.rendered import open_page
from tests.hostile.workbook import AS_OF, DROP, IMG, QUOTES, SCRIPT, stored

# (value in the link, how the notice repeats it: inline Markdown escaped, worked out by hand)
ATTACKS = [
    ("'); DELETE FROM sales; --", "'\\); DELETE FROM sales; --"),
    ("'\"\\", "'\"\\\\"),
    ("a\x00b\x1f", "a\u2400b\u241f"),
    ("y" * 10_000, "y" * 60 + "…"),
    (
        "<img src=x onerror=alert(1)> **b** [l](javascript:x) $x$",
        "\\<img src=x onerror=alert\\(1\\)\\> \\*\\*b\\*\\* \\[l\\]\\(javascript\\:x\\) \\$x\\$",
    ),
    ("see www.evil.example or a@evil.example", "see www\\.evil\\.example or a\\@evil\\.example"),
    ("2.5", "2.5"),  # a number stays as typed
]
IDS = ["sql", "quotes", "nul", "long", "markup", "autolink", "number"]
# A page's own parameter shares the notice (url_value) checked in full above: three will do.
SOME = [ATTACKS[1], ATTACKS[2], ATTACKS[4]]
SOME_IDS = ["quotes", "nul", "markup"]
FILTER_NAMES = {"region": "Region", "rep": "Rep", "segment": "Segment", "product": "Product"}


def en(key: str, **values: str) -> str:
    return i18n.t(key, "en", **values)


def counts(db) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return stored(con)
    finally:
        con.close()


@pytest.fixture
def before(hostile_workspace) -> dict[str, int]:
    return counts(hostile_workspace)


def assert_no_harm(at, db, before: dict[str, int]) -> None:
    assert not at.exception
    assert not at.error
    assert counts(db) == before


@pytest.mark.parametrize(("value", "shown"), ATTACKS, ids=IDS)
def test_an_attack_in_every_shared_parameter_is_dropped_with_a_notice(
    hostile_workspace, before, value, shown
):
    params = {"lang": value, "as_of": value, "window": value, **dict.fromkeys(FILTER_NAMES, value)}
    params[value[:50]] = value  # a parameter the app does not read: passed over in silence
    at = open_page("pages/weekly.py", **params)

    assert_no_harm(at, hostile_workspace, before)
    assert sorted(t.value for t in at.toast) == sorted(
        [
            en("app.bad_language", value=shown),
            en("filters.bad_date", value=shown),
            en("filters.unknown_value", name="Review window (days)", value=shown),
            *(en("filters.unknown_value", name=n, value=shown) for n in FILTER_NAMES.values()),
        ]
    )
    sidebar = at.sidebar
    assert sidebar.date_input(key="as_of").value == AS_OF
    assert all(sidebar.multiselect(key=key).value == [] for key in FILTER_NAMES)
    assert at.title[0].value == "Weekly review"  # in English
    assert not set(FILTER_NAMES) & set(at.query_params)  # taken out of the link


@pytest.mark.parametrize(("value", "shown"), SOME, ids=SOME_IDS)
def test_an_attack_as_the_customers_breakdown_is_ignored_with_a_notice(
    hostile_workspace, before, value, shown
):
    at = open_page("pages/customers.py", by=value)
    assert_no_harm(at, hostile_workspace, before)
    assert [t.value for t in at.toast] == [
        en("filters.unknown_value", name="Break down by", value=shown)
    ]
    assert at.selectbox(key="customers_by").value == "segment"


@pytest.mark.parametrize(("value", "shown"), SOME, ids=SOME_IDS)
def test_an_attack_as_the_complaints_sla_is_ignored_with_a_notice(
    hostile_workspace, before, value, shown
):
    at = open_page("pages/complaints.py", sla_days=value)
    assert_no_harm(at, hostile_workspace, before)
    assert [t.value for t in at.toast] == [
        en("filters.unknown_value", name="Service level (days to close)", value=shown)
    ]
    assert at.number_input(key="sla_days").value == 7


@pytest.mark.parametrize(("value", "shown"), SOME, ids=SOME_IDS)
def test_an_attack_as_the_meeting_section_shows_the_first_with_a_notice(
    hostile_workspace, before, value, shown
):
    at = open_page("pages/weekly.py", present="1", section=value)
    assert_no_harm(at, hostile_workspace, before)
    assert [t.value for t in at.toast] == [en("weekly.present.bad_section", value=shown, n="8")]
    assert at.query_params["section"] == "1"


@pytest.mark.parametrize(("value", "used"), [("30", 30), ("2.5", 2), (" 5", 5)])
def test_an_sla_the_widget_can_read_is_used_without_a_notice(hostile_workspace, value, used):
    at = open_page("pages/complaints.py", sla_days=value)
    assert not at.toast
    assert at.number_input(key="sla_days").value == used


def test_a_link_to_the_region_named_drop_table_filters_to_it(hostile_workspace, before):
    at = open_page("pages/weekly.py", region=DROP)
    assert_no_harm(at, hostile_workspace, before)
    assert not at.toast  # a real region: no notice
    assert at.sidebar.multiselect(key="region").value == [DROP]
    assert "filtered to '; DROP TABLE sales; \\-\\-" in at.caption[0].value
    # Region DROP holds customers 0, 3, 6, 9; of them 0 and 6 bought less (workbook.py).
    risk = next(df.value for df in at.dataframe if "drop_pct" in df.value.columns)
    assert sorted(risk["customer"]) == sorted([DROP, QUOTES])


def test_hostile_names_chosen_in_the_sidebar_filter_every_figure(hostile_workspace, before):
    at = open_page("pages/weekly.py")
    at.sidebar.multiselect(key="rep").set_value([SCRIPT, IMG]).run()
    assert_no_harm(at, hostile_workspace, before)
    assert at.sidebar.multiselect(key="rep").value == [SCRIPT, IMG]
    behind = next(df.value for df in at.dataframe if "pace_index" in df.value.columns)
    assert sorted(behind["rep"]) == sorted([SCRIPT, IMG])
