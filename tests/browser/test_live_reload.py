"""A nightly `python -m salesdash load` while the app serves: no lock error, new rows on view.

The weekly review is open in a browser on a workspace holding four sales
rows; the command line loads two more into the same file while the page
stays open. The load must succeed (the app holds the workspace only while a
script runs, salesdash.workspace), and the viewer's next interaction must
show the new rows in the headline cards.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from salesdash import i18n
from tests.browser.conftest import ROOT, _require_chromium, running_app
from tests.browser.helpers import wait_settled

pytestmark = pytest.mark.browser

HEADER = "date,order_id,customer,product,quantity,amount,kind,rep,region\n"
# The review week ends on the latest sales date, 16 Nov 2025: 10-16 Nov; the week
# before is 3-9 Nov.
FIRST = (
    "2025-11-03,O-1,Acme,P1,1,500.00,sell_in,Ann,North\n"  # the week before
    "2025-11-10,O-2,Acme,P1,1,1000.00,sell_in,Ann,North\n"
    "2025-11-12,O-3,Beta,P1,2,2000.00,sell_in,Bob,South\n"
    "2025-11-16,O-4,Acme,P2,1,3000.00,sell_in,Ann,North\n"
)
NIGHTLY = (
    "2025-11-14,O-5,Cedar,P1,1,700.00,sell_in,Cy,East\n"
    "2025-11-15,O-6,Acme,P3,1,300.00,sell_in,Ann,North\n"
)
GROSS = i18n.t("weekly.kpi.gross_sales", "en")
ACTIVE = i18n.t("weekly.kpi.active_customers", "en")


def _load(db, csv) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "salesdash", "load", "--db", str(db), str(csv)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _card(page, label: str) -> str:
    card = page.get_by_test_id("stMetric").filter(has_text=label).first
    return card.get_by_test_id("stMetricValue").inner_text()


def test_a_command_line_load_while_the_page_is_open_shows_on_the_next_interaction(
    browser, artifacts, tmp_path
):
    _require_chromium()
    db = tmp_path / "ws.duckdb"
    (tmp_path / "first.csv").write_text(HEADER + FIRST, encoding="utf-8")
    (tmp_path / "nightly.csv").write_text(HEADER + NIGHTLY, encoding="utf-8")
    assert _load(db, tmp_path / "first.csv").returncode == 0

    with running_app(db) as url:
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        page.goto(f"{url}/weekly?lang=en")
        wait_settled(page, "Needs attention")
        # 10-16 Nov: 1,000 + 2,000 + 3,000 from Acme and Beta
        assert _card(page, GROSS) == "6,000"
        assert _card(page, ACTIVE) == "2"
        page.screenshot(path=artifacts / "live-reload-before-en.png")

        done = _load(db, tmp_path / "nightly.csv")  # the page stays open meanwhile
        assert done.returncode == 0, done.stderr
        assert "2 rows loaded" in done.stdout
        assert "locked" not in done.stderr

        # The next interaction: two weeks, 3-16 Nov, now 500 + 6,000 + 700 + 300
        page.get_by_test_id("stSidebar").get_by_text("14", exact=True).click()
        page.wait_for_function("() => location.search.includes('window=14')", timeout=60_000)
        wait_settled(page, "Needs attention")
        assert _card(page, GROSS) == "7,500"
        # and back to one week: 6,000 + 700 + 300, bought by Acme, Beta and Cedar
        page.get_by_test_id("stSidebar").get_by_text("7", exact=True).click()
        # (the default window leaves the URL)
        page.wait_for_function("() => !location.search.includes('window=14')", timeout=60_000)
        wait_settled(page, "Needs attention")
        page.wait_for_function(
            "(want) => [...document.querySelectorAll('[data-testid=stMetricValue]')]"
            ".some((e) => e.innerText === want)",
            arg="7,000",
            timeout=60_000,
        )
        assert _card(page, GROSS) == "7,000"
        assert _card(page, ACTIVE) == "3"
        page.screenshot(path=artifacts / "live-reload-after-en.png")
        page.context.close()
