"""Names that are HTML, script, Markdown or LaTeX show as text in a real browser.

A workbook whose customers, products, reps, regions and segments are attacks
(tests/hostile/workbook.py) goes through `python -m salesdash load` into a
fresh workspace; the app starts on it and Chromium opens the weekly review,
the customers and the complaints pages. No script may run (no dialog), no
element may be injected (no `<img src=x>`, no `javascript:` link), and the
names must be readable as typed. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.browser.conftest import ROOT, _require_chromium, running_app
from tests.browser.helpers import wait_settled
from tests.hostile.workbook import (
    BOLD,
    DROP,
    IMG,
    LINK,
    MATH,
    SCRIPT,
    write_workbook,
)

pytestmark = pytest.mark.browser

# page url -> (a text proving the page ran, names it must show as typed, one in a tooltip)
VIEWS = {
    "weekly": ("Needs attention", [SCRIPT, f"{SCRIPT} · 2025-06", f"{MATH} · 2025-06",
                                   f"{LINK} · 2025-06", f"{BOLD} · 2025-06", DROP],
               f"{SCRIPT} · 2025-06"),
    "customers": ("Satisfied is not loyal", [IMG, "**key**", DROP], IMG),
    "complaints": ("Complaints to chase", [IMG, "**key**"], IMG),
}  # fmt: skip


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """The app on a workspace loaded from the hostile workbook by the command line."""
    _require_chromium()
    folder = tmp_path_factory.mktemp("hostile")
    db = folder / "ws.duckdb"
    workbook = write_workbook(folder / "hostile.xlsx")
    done = subprocess.run(
        [sys.executable, "-m", "salesdash", "load", str(workbook), "--db", str(db)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "rows loaded" in done.stdout
    # Others edit the source tree while tests run: a "File change" banner would keep the
    # page from ever looking settled.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STREAMLIT_SERVER_FILE_WATCHER_TYPE", "none")
        with running_app(db) as url:
            yield url


def _screenshot(page, path) -> None:
    """The whole page: Streamlit scrolls inside its main area, which full_page does not see."""
    size = page.viewport_size
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
    page.wait_for_timeout(500)
    page.screenshot(path=path)
    page.set_viewport_size(size)


@pytest.mark.parametrize("url", list(VIEWS))
def test_hostile_names_show_as_text_and_nothing_runs(hostile_server, page, artifacts, url):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    settled_on, names, in_tooltip = VIEWS[url]

    page.goto(f"{hostile_server}/{url}?lang=en")
    wait_settled(page, settled_on)
    _screenshot(page, artifacts / f"hostile-{url}-en.png")
    tooltips = hover_texts(page)
    page.get_by_test_id("stPlotlyChart").first.scroll_into_view_if_needed()
    page.screenshot(path=artifacts / f"hostile-{url}-tooltip-en.png")

    assert dialogs == []
    assert page.locator("img[src=x]").count() == 0
    assert page.locator("img[onerror]").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("script", has_text="alert(1)").count() == 0
    assert page.get_by_test_id("stException").count() == 0
    for name in names:
        assert page.get_by_text(name, exact=True).count() > 0, name
    assert any(in_tooltip in text for text in tooltips), tooltips


# Points of the charts: [chart, trace, point] (at most 12 per trace).
POINTS = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap((gd, c) =>
  gd._fullData.flatMap((trace, k) =>
    [...Array(Math.min((trace.y || trace.x || []).length, 12)).keys()].map((j) => [c, k, j])))"""
# Plotly's own hover routine on one point (Playwright's mouse does not trigger Plotly's
# hover in headless Chromium); a heatmap cannot be hovered by point number.
HOVER = """([c, k, j]) => {
  const gd = document.querySelectorAll('.js-plotly-plot')[c];
  try { window.Plotly.Fx.hover(gd, [{curveNumber: k, pointNumber: j}]); } catch (e) { }
}"""
TOOLTIP = """([c]) => {
  const layer = document.querySelectorAll('.js-plotly-plot')[c].querySelector('.hoverlayer');
  return layer ? layer.textContent : '';
}"""


def hover_texts(page) -> list[str]:
    """Each chart point's tooltip text (Plotly throttles hovers: one at a time)."""
    texts = []
    for point in page.evaluate(POINTS):
        page.evaluate(HOVER, point)
        page.wait_for_timeout(60)
        texts.append(page.evaluate(TOOLTIP, point))
    return [text for text in texts if text]


def test_the_data_grids_offer_no_raw_csv_download_of_hostile_names(hostile_server, page):
    # The grid's own toolbar writes cells as they are ("=HYPERLINK(...)" would become a
    # formula in Excel); .streamlit/config.toml turns it off, the app's buttons escape.
    page.goto(f"{hostile_server}/customers?lang=en")
    wait_settled(page, VIEWS["customers"][0])
    grid = page.get_by_test_id("stDataFrame").first
    grid.scroll_into_view_if_needed()
    grid.hover()
    page.wait_for_timeout(500)
    assert page.get_by_test_id("stElementToolbar").first.is_visible()  # the toolbar shows
    assert page.get_by_role("button", name="Download as CSV").count() == 0
    assert page.get_by_role("button", name="Download table (CSV)").count() > 0  # escaped
