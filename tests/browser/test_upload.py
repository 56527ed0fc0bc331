"""A manager uploads the sales workbook through the real uploader, checks it, and loads it."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from salesdash import i18n, load, metrics, store
from tests.browser.conftest import ROOT
from tests.browser.helpers import wait_settled

pytestmark = pytest.mark.browser
WORKBOOK = ROOT / "sample_data" / "销售数据_2023-2025.xlsx"


def _screenshot(page, path) -> None:
    """The whole page: Streamlit scrolls inside its main area, which full_page does not see."""
    size = page.viewport_size
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
    page.wait_for_timeout(500)
    page.screenshot(path=path)
    page.set_viewport_size(size)


def _shown_after(page, selector: str) -> str:
    """The text a CSS ::after rule shows in the uploader's dropzone at `selector`."""
    return page.evaluate(
        "s => getComputedStyle(document.querySelector("
        "'[data-testid=\"stFileUploaderDropzone\"] ' + s), '::after').content",
        selector,
    )


def _expected_net_sales(folder) -> str:
    """The review week's net sales as the metrics engine computes them from the same workbook."""
    con = store.connect(folder / "expected.duckdb")
    load.load_file(con, WORKBOOK)
    net = metrics.contract_metrics(con)["net_sales"]
    con.close()
    return i18n.fmt_number(net)


def test_a_manager_uploads_a_workbook_checks_the_mapping_and_loads_it(
    server, page, artifacts, tmp_path
):
    page.goto(f"{server}/data")
    wait_settled(page, "The workspace is empty")
    _screenshot(page, artifacts / "upload-empty-en.png")

    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(WORKBOOK)
    try:  # the progress box shows while the workbook is read (if the machine is not too quick)
        page.get_by_text("parsing as sales").wait_for(timeout=10_000)
        page.screenshot(path=artifacts / "upload-reading-en.png")
    except PlaywrightTimeout:
        pass
    wait_settled(page, "Check and load", timeout_ms=120_000)
    assert page.get_by_role("tab", name="销售明细 · Sales").is_visible()
    assert page.get_by_text("55,263", exact=True).is_visible()  # rows read, not yet stored
    assert page.get_by_text("Nothing uploaded yet.").is_visible()
    _screenshot(page, artifacts / "upload-check-en.png")

    page.get_by_role("button", name="Load", exact=True).click()
    wait_settled(page, "销售明细]: Sales, 55,263 rows loaded, 0 rejected", timeout_ms=120_000)
    assert not page.get_by_text("Check and load").is_visible()
    assert page.get_by_text("55,263 loaded · 0 rejected").is_visible()  # the upload history
    _screenshot(page, artifacts / "upload-loaded-en.png")

    page.get_by_role("button", name="Remove").first.click()
    wait_settled(page, "Remove upload #3")
    _screenshot(page, artifacts / "upload-remove-confirm-en.png")
    page.get_by_role("button", name="Keep it").click()
    page.get_by_text("Remove upload #3").wait_for(state="hidden")
    assert page.get_by_text("320 loaded · 0 rejected").is_visible()  # kept

    page.goto(f"{server}/data?lang=zh")
    wait_settled(page, "上传记录")
    assert page.get_by_text("载入 55,263 行 · 拒绝 0 行").is_visible()
    _screenshot(page, artifacts / "upload-loaded-zh.png")

    # The weekly review now shows the uploaded week's net sales, as the engine computes them.
    page.goto(f"{server}/weekly?lang=en")
    wait_settled(page, "Needs attention")
    card = page.get_by_test_id("stMetric").filter(has_text="Net sales (sell-out)")
    assert card.get_by_test_id("stMetricValue").inner_text() == _expected_net_sales(tmp_path)
    _screenshot(page, artifacts / "upload-then-weekly-en.png")


def test_a_file_above_the_upload_limit_is_refused_with_the_limit_named(
    browser, tmp_path_factory, artifacts
):
    from tests.browser.conftest import _require_chromium, running_app

    _require_chromium()
    folder = tmp_path_factory.mktemp("small-limit")
    big = folder / "全年明细.csv"
    big.write_bytes(b"date,customer,amount\n" + b"2025-03-05,A,1\n" * 100_000)  # 1.5 MB
    with running_app(folder / "ws.duckdb", env={"STREAMLIT_SERVER_MAX_UPLOAD_SIZE": "1"}) as url:
        page = browser.new_context(locale="en-US").new_page()
        page.goto(f"{url}/data")
        wait_settled(page, "up to 1 MB each")
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(big)
        page.get_by_text("1.0MB or smaller").wait_for(timeout=30_000)  # Streamlit's own refusal
        page.screenshot(path=artifacts / "upload-too-large-en.png")
        assert not page.get_by_text("Check and load").count()  # nothing was planned


def test_a_new_export_replaces_the_upload_it_repeats(browser, tmp_path_factory, artifacts):
    from tests.browser.conftest import _require_chromium, running_app

    _require_chromium()
    folder = tmp_path_factory.mktemp("replace")
    first, again = folder / "三月周报.csv", folder / "三月周报-更正.csv"
    first.write_text("日期,客户,金额\n2025-03-03,华东经销商,100\n", "utf-8")
    again.write_text(
        "日期,客户,金额\n2025-03-03,华东经销商,120\n2025-03-04,北京大客户,50\n", "utf-8"
    )
    con = store.connect(folder / "ws.duckdb")
    load.load_file(con, first)
    con.close()
    with running_app(folder / "ws.duckdb") as url:
        page = browser.new_context(locale="zh-CN").new_page()
        page.goto(f"{url}/data?lang=zh")
        wait_settled(page, "上传记录")
        # Streamlit's own uploader words, replaced by the catalogue's (CSS content).
        assert _shown_after(page, "button [data-testid='stMarkdownContainer']") == '"选择文件"'
        assert (
            _shown_after(page, "[data-testid='stFileUploaderDropzoneInstructions'] > div")[:10]
            == '"或把文件拖到这里：'
        )
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(again)
        wait_settled(page, "替换之前的上传")
        replaces = page.get_by_test_id("stSelectbox").filter(has_text="替换之前的上传")
        replaces.get_by_role("combobox").click()
        page.keyboard.press("ArrowDown")  # opens the list
        page.get_by_role("option", name="第 1 号 三月周报.csv").click()
        wait_settled(page, "替换之前的上传")
        assert replaces.get_by_role("combobox").input_value().startswith("第 1 号 三月周报.csv（")
        _screenshot(page, artifacts / "upload-replaces-zh.png")
        page.get_by_role("button", name="载入", exact=True).click()
        wait_settled(page, "替换第 1 号上传（三月周报.csv）：已移除其 1 行。", timeout_ms=60_000)
        _screenshot(page, artifacts / "upload-replaced-zh.png")
    with store.connect(folder / "ws.duckdb") as con:
        assert con.execute("select sum(amount), count(*) from sales").fetchone() == (170, 2)
