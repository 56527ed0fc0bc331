"""A real `streamlit run` server and Debian's headless Chromium, driven by Playwright.

The server runs on a free loopback port against a workspace in a temp folder;
the browser is /usr/bin/chromium (never a downloaded build), with the flags
that keep it from reaching for the network.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("SALESDASH_SKIP_BROWSER"):
            pytest.skip("SALESDASH_SKIP_BROWSER is set and Chromium is not installed")
        pytest.fail(
            "Chromium is missing: run the tests with `python dev.py test`, which installs it"
        )


@contextmanager
def running_app(db: Path, cwd: Path = ROOT, env: dict[str, str] | None = None):
    """`streamlit run app.py` on a free loopback port against workspace `db`; yields the URL.

    `cwd` is where Streamlit looks for `.streamlit/secrets.toml` (sign-in tests put one there).
    """
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
            "--server.headless", "true", "--server.port", str(port),
            "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
            # an edit in the working tree must not pop a "File change" banner mid-test
            "--server.fileWatcherType", "none",
        ],
        cwd=cwd, env={**os.environ, "SALESDASH_DB": str(db), **(env or {})},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("streamlit did not start: " + proc.stdout.read().decode(errors="replace"))
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The base URL of a fresh app on an empty workspace."""
    _require_chromium()
    with running_app(tmp_path_factory.mktemp("workspace") / "ws.duckdb") as url:
        yield url


@pytest.fixture(scope="module")
def sample_server(tmp_path_factory):
    """The base URL of an app on a copy of the sample workspace."""
    from tests.pages.sample_workspace import sample_copy

    _require_chromium()
    with running_app(sample_copy(tmp_path_factory.mktemp("sample"))) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def artifacts() -> Path:
    """Where screenshots go (git-ignored), for a person to look at after the run."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-US")
    p = context.new_page()
    yield p
    context.close()
