"""The report as a paginated PDF: the HTML report printed by a headless Chromium.

Chromium is optional (the Docker image installs it): `find_chromium` says
whether one is on the PATH and `to_pdf` refuses with a sentence when none is.
The browser runs with its own throwaway profile and no network features, so
it neither touches a user's profile nor reaches out; the page's own margin
boxes print the as-of date and the filters on every page, so Chromium's
default header and footer (URL, date) are switched off.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from salesdash.report.html_doc import to_html
from salesdash.report.model import Report, ReportError

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Virtual time Chromium lets the page run before printing: plotly.js draws in well under it.
VIRTUAL_TIME_MS = 10_000
TIMEOUT_S = 180


def find_chromium() -> str | None:
    """The path of a Chromium (or Chrome) binary on the PATH, or None."""
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


def to_pdf(report: Report, out: Path, browser: str | None = None) -> Path:
    """Print the HTML report to the file `out` as PDF (see `pdf_bytes`); returns `out`."""
    data = pdf_bytes(report, browser)
    Path(out).write_bytes(data)
    return Path(out)


def pdf_bytes(report: Report, browser: str | None = None) -> bytes:
    """The HTML report printed to PDF by Chromium (`browser`, else the one on the PATH).

    Raises ReportError, with what to do instead, when no browser is found
    or printing fails.
    """
    binary = browser or find_chromium()
    if binary is None:
        raise ReportError(
            "PDF needs Chromium, and none was found (looked for "
            + ", ".join(BROWSERS)
            + "); install it, or make the HTML report and print it from a browser"
        )
    with tempfile.TemporaryDirectory(prefix="salesdash-report-") as folder:
        page = Path(folder) / "report.html"
        page.write_text(to_html(report), encoding="utf-8")
        printed = Path(folder) / "report.pdf"
        command = [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={Path(folder) / 'profile'}",
            "--no-pdf-header-footer",
            f"--virtual-time-budget={VIRTUAL_TIME_MS}",
            f"--print-to-pdf={printed}",
            page.as_uri(),
        ]
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, errors="replace", timeout=TIMEOUT_S
            )
        except subprocess.TimeoutExpired:
            raise ReportError(f"Chromium did not finish printing within {TIMEOUT_S} s") from None
        except OSError as exc:
            raise ReportError(f"cannot start Chromium ({binary}): {exc.strerror or exc}") from None
        data = printed.read_bytes() if printed.is_file() else b""
        if not data.startswith(b"%PDF"):
            lines = [line for line in result.stderr.splitlines() if line.strip()]
            detail = lines[-1].strip() if lines else f"exit status {result.returncode}"
            raise ReportError(f"Chromium could not print the report: {detail}")
        return data
