"""The app shell as a manager meets it: where it opens, the URL as the view, language, freshness."""

from __future__ import annotations

import datetime as dt

from pages.common import apply_drill
from salesdash import load, queries, workspace
from tests.fixtures import write_csv
from tests.pages.sample_workspace import PAGE_WEEKLY, open_app, open_app_at, read_only


def card(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_with_data_the_app_opens_on_the_weekly_review(sample_workspace):
    at = open_app()
    assert at.title[0].value == "Weekly review"
    assert [w.key for w in at.sidebar.multiselect] == ["region", "rep", "segment", "product"]


def test_an_empty_workspace_opens_on_the_upload_page_and_the_review_shows_a_guide(no_data):
    at = open_app()
    assert at.title[0].value == "Upload & data"
    assert not at.sidebar.multiselect  # nothing to filter on the upload page

    at.switch_page(PAGE_WEEKLY).run()
    assert not at.exception
    assert "nothing to review yet" in at.info[0].value
    assert "Load data to filter it." in [c.value for c in at.sidebar.caption]


def test_filters_from_a_link_are_applied_and_stay_in_the_url(sample_workspace):
    link = {"lang": "en", "region": "华北", "window": "14", "as_of": "2025-11-09"}
    at = open_app(**link)

    assert at.sidebar.multiselect(key="region").value == ["华北"]
    assert at.sidebar.date_input(key="as_of").value == dt.date(2025, 11, 9)
    assert at.query_params == link
    con = read_only(sample_workspace)
    expected = queries.run(con, "kpi_cards", as_of="2025-11-09", window_days=14, regions=["华北"])
    gross = expected.set_index("kpi").loc["gross_sales", "current_value"]
    assert card(at, "Gross sales (sell-in)") == f"{gross:,.0f}"


def test_values_in_a_link_that_the_data_lacks_fall_back_with_a_notice(sample_workspace):
    at = open_app(region="Atlantis", as_of="2025-13-45", window="5", lang="fr")

    notices = " ".join(toast.value for toast in at.toast)
    assert "Atlantis" in notices
    assert "2025-13-45" in notices
    assert "'5'" in notices
    assert "'fr'" in notices
    assert at.sidebar.multiselect(key="region").value == []
    assert at.sidebar.date_input(key="as_of").value == dt.date(2025, 11, 16)
    assert at.title[0].value == "Weekly review"
    assert at.query_params == {"lang": "en"}


def test_a_review_date_after_the_data_falls_back_to_the_latest(sample_workspace):
    at = open_app(as_of="2030-01-01")
    assert "2030-01-01" in " ".join(toast.value for toast in at.toast)
    assert at.sidebar.date_input(key="as_of").value == dt.date(2025, 11, 16)


def test_lang_zh_in_the_link_shows_chinese_everywhere(sample_workspace):
    at = open_app(lang="zh")
    assert at.title[0].value == "周会复盘"
    assert at.sidebar.multiselect(key="region").label == "区域"
    assert at.sidebar.selectbox(key="lang_switch").value == "zh"


def test_switching_language_puts_the_choice_in_the_url(sample_workspace):
    at = open_app()
    at.sidebar.selectbox(key="lang_switch").set_value("zh").run()
    assert not at.exception
    assert at.query_params["lang"] == "zh"
    assert at.title[0].value == "周会复盘"


def test_the_sidebar_says_how_fresh_the_data_is(sample_workspace):
    # the shared sample workspace was built minutes ago: date its uploads two hours back
    two_hours_ago = dt.datetime.now().replace(microsecond=0) - dt.timedelta(hours=2, minutes=5)
    with workspace.writing(sample_workspace) as con:
        con.execute("update uploads set loaded_at = $at", {"at": two_hours_ago})
    at = open_app()
    assert "Sales up to 16 Nov 2025, loaded 2 h ago" in [c.value for c in at.sidebar.caption]
    at = open_app(lang="zh")
    assert "销售数据截至 2025年11月16日，2 小时前加载" in [c.value for c in at.sidebar.caption]


def test_a_new_upload_refreshes_the_cached_figures(sample_workspace, tmp_path):
    at = open_app()
    before = card(at, "Gross sales (sell-in)")

    extra = write_csv(
        tmp_path / "late_orders.csv",
        [
            ("date", "customer", "amount", "kind"),
            ("2025-11-16", "杭州顺达商贸有限公司", 1000, "sell_in"),
        ],
    )
    # as a nightly `python -m salesdash load` would, while the app keeps serving
    with workspace.writing(sample_workspace, timeout=10) as con:
        assert load.load_file(con, extra).status == "loaded"
    at.run()

    assert not at.exception
    with workspace.reading(sample_workspace) as con:
        gross = queries.run(con, "kpi_cards").set_index("kpi").loc["gross_sales", "current_value"]
    after = card(at, "Gross sales (sell-in)")
    assert after == f"{gross:,.0f}" != before


def test_clicking_a_bar_sets_that_filter():
    state = {"chart": {"selection": {"points": [{"point_index": 1, "x": "华北"}]}}}
    applied = apply_drill(state, "chart", "region", ["华东", "华北"], ["华东", "华北", "华南"])
    assert applied == "华北"
    assert state["region"] == ["华北"]


def test_a_bar_carrying_its_value_as_customdata_wins_over_its_position():
    state = {"chart": {"selection": {"points": [{"point_index": 0, "customdata": ["刘洋"]}]}}}
    assert apply_drill(state, "chart", "rep", ["张伟"], ["张伟", "刘洋"]) == "刘洋"
    assert state["rep"] == ["刘洋"]


def test_a_click_on_nothing_or_on_a_value_that_is_no_filter_option_changes_nothing():
    state = {"chart": {"selection": {"points": []}}}
    assert apply_drill(state, "chart", "region", ["华东"], ["华东"]) is None
    state = {"chart": {"selection": {"points": [{"customdata": "Total"}]}}}
    assert apply_drill(state, "chart", "region", ["华东"], ["华东"]) is None
    assert "region" not in state


def test_a_failing_query_shows_a_sentence_not_a_traceback(sample_workspace, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(queries, "run", broken)
    at = open_app_at("pages/targets.py")
    assert not at.exception
    assert "could not be drawn" in at.error[0].value
    assert "disk on fire" not in at.error[0].value
