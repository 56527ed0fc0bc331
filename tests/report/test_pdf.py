"""The report as PDF through headless Chromium, and a clear refusal where there is none."""

from __future__ import annotations

import re

import duckdb
import pytest

from salesdash import report
from salesdash.report import pdf
from tests.report.conftest import AS_OF


def test_pdf_is_printed_with_several_pages(shop_readonly: duckdb.DuckDBPyConnection, tmp_path):
    if report.find_chromium() is None:
        pytest.skip("no Chromium binary on this machine")
    built = report.build(shop_readonly, as_of=AS_OF, regions=["east", "west"])

    out = report.to_pdf(built, tmp_path / "weekly.pdf")

    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    pages = re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data)
    assert len(pages) >= 2  # cards and five lists, then the trend and region charts


def test_no_chromium_is_refused_with_what_to_do_instead(
    shop_readonly: duckdb.DuckDBPyConnection, monkeypatch, tmp_path
):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    built = report.build(shop_readonly, as_of=AS_OF)

    assert report.find_chromium() is None
    with pytest.raises(report.ReportError, match="PDF needs Chromium.*HTML report"):
        report.to_pdf(built, tmp_path / "weekly.pdf")
    assert not (tmp_path / "weekly.pdf").exists()


def test_a_browser_that_fails_is_reported_in_one_sentence(
    shop_readonly: duckdb.DuckDBPyConnection, tmp_path
):
    built = report.build(shop_readonly, as_of=AS_OF)

    with pytest.raises(report.ReportError, match="cannot start Chromium"):
        report.pdf_bytes(built, browser=str(tmp_path / "no-such-browser"))
