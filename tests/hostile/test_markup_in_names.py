"""HTML, script, Markdown and LaTeX in customer, product and rep names show as typed.

Every page runs through app.py on a workspace whose names are attacks
(tests/hostile/workbook.py). What Streamlit renders as Markdown must carry
them escaped by `md()`; what Plotly draws must carry their tags as entities
(Plotly renders `<b>`, `<a href>`, `<br>`); data grids carry them verbatim.
The weekly review's meeting mode draws its lists with `st.table`, whose
cells are Markdown too.
"""

from __future__ import annotations

import pytest

from pages.charts import plain
from pages.common import md
from tests.hostile.rendered import (
    PAGES,
    escaped_in_markdown,
    figure_texts,
    figures,
    markdown_texts,
    open_page,
    table_cells,
)
from tests.hostile.workbook import (
    BOLD,
    CUSTOMERS,
    DROP,
    EVERY_NAME,
    FORMULA,
    IMG,
    LINK,
    MATH,
    PLAIN,
    SCRIPT,
    SHEET,
)


@pytest.fixture
def runs(page_runs):
    return {page: run.at for page, run in page_runs.items()}


@pytest.mark.parametrize("page", PAGES)
def test_the_page_runs_without_an_error(runs, page):
    at = runs[page]
    assert not at.exception
    assert not at.error


def assert_escaped(texts: list[str]) -> None:
    """No name that Markdown would change appears in `texts` other than through md()."""
    assert texts
    for name in EVERY_NAME:
        if escaped_in_markdown(name):
            raw = [text for text in texts if name in text.replace(md(name), "")]
            assert not raw, f"{name!r} unescaped in {raw[0]!r}"


def assert_no_tags(at) -> None:
    for fig in figures(at):
        for text in figure_texts(fig):
            assert "<" not in text.replace("<br>", ""), text


@pytest.mark.parametrize("page", PAGES)
def test_no_name_reaches_markdown_unescaped(runs, page):
    assert_escaped(markdown_texts(runs[page]))


@pytest.mark.parametrize("page", PAGES)
def test_charts_draw_no_tag_but_a_line_break(runs, page):
    assert_no_tags(runs[page])


@pytest.mark.parametrize("section", range(2, 7))
def test_meeting_mode_shows_the_lists_with_names_escaped(hostile_workspace, section):
    # Sections 2-6 are the lists (behind pace ... churn risk), drawn as st.table in large type.
    at = open_page("pages/weekly.py", present="1", section=str(section))
    assert not at.exception and not at.error
    assert at.table, "a list drawn as a table"
    texts = markdown_texts(at)
    assert_escaped(texts)
    assert any(md(name) in text for text in texts for name in (SCRIPT, IMG, BOLD, LINK, MATH))
    assert_no_tags(at)


def test_the_weekly_review_names_the_rep_furthest_behind_as_typed(runs):
    at = runs["pages/weekly.py"]
    text = " ".join(m.value for m in at.markdown)
    assert "Furthest behind: **\\<script\\>alert\\(1\\)\\</script\\>**" in text
    assert md(SCRIPT) == "\\<script\\>alert\\(1\\)\\</script\\>"  # how md() writes it
    pace = next(f for f in figures(at) if "&lt;script&gt;alert(1)&lt;/script&gt; · 2025-06" in
                figure_texts(f))  # fmt: skip
    assert pace["data"][0]["customdata"][-1] == SCRIPT  # a click filters by the real name
    # Everyone but Plain Trading (the one visited) is overdue; the list holds the names as typed.
    assert set(CUSTOMERS) - {PLAIN} <= table_cells(at)


def test_the_customer_lists_and_the_pareto_hover_carry_the_names(runs):
    at = runs["pages/customers.py"]
    assert {SCRIPT, BOLD, FORMULA} <= table_cells(at)  # the churned: odd customers but $x$, Plain
    pareto = [t for f in figures(at) for t in figure_texts(f) if t == plain(IMG)]
    assert pareto, "the Pareto hover shows the customer named like an <img> tag"
    assert plain(IMG) == "&lt;img src=x onerror=alert(1)&gt;"


def test_the_complaints_lists_carry_customers_products_and_reps(runs):
    cells = table_cells(runs["pages/complaints.py"])
    assert set(CUSTOMERS) <= cells  # everyone complained twice: all repeat complainers
    assert {SCRIPT, IMG, LINK} <= cells  # products
    assert {BOLD, MATH, DROP} <= cells  # reps


def test_the_targets_caption_names_the_slowest_rep_escaped(runs):
    captions = [c.value for c in runs["pages/targets.py"].caption]
    assert any(c.startswith(f"Furthest behind: {md(SCRIPT)}, at 0.0% of pace") for c in captions)


def test_the_upload_history_shows_the_sheet_name_escaped(runs):
    texts = markdown_texts(runs["pages/data.py"])
    assert any(md(SHEET) in text for text in texts)
