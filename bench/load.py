"""Load: the whole team opens the weekly review at 9:00 while an editor loads a file.

    .venv/bin/python bench/load.py                      # 1M rows, 30 at once, 200 in all
    .venv/bin/python bench/load.py --servers 1          # one server process
    .venv/bin/python bench/load.py --browsers 2         # two of the 30 are Chromiums
    .venv/bin/python bench/load.py --rows 100000 --total 60 --alone-browsers 0   # a quick look

Writes a synthetic workspace of --rows sales rows (bench/generate.py), starts
`streamlit run app.py` --servers times (default: one per core, as
docs/deploy.md recommends behind nginx) on free loopback ports against it
(the project's .streamlit/config.toml, plus the options recommended for a
server, SERVER below; --as-configured leaves those out), and spreads the
sessions over them in turn, as deploy/nginx.conf spreads browsers; then:

0. one session per server: its first page view, which imports the page
   modules; then --alone sessions one after the other (and up to two
   Chromiums): what a page costs with nobody else on the server;
1. --concurrent sessions open the weekly review at the same moment and each
   changes one filter (the review window, 7 -> 14 days), while an editor
   runs `python -m salesdash load` on a weekly export (--upload-rows rows)
   --upload-after seconds in: the same write path as the page's Load button,
   holding the workspace exclusively until its commit, and changing the
   data version, so the sessions after it recompute every figure;
2. more sessions, --concurrent at a time, until --total have connected and gone.

A session is a real Streamlit websocket session (the protocol the browser
speaks, /_stcore/stream), not a browser: 30 headless Chromiums drawing
Plotly on the same 2 cores as the server would measure Chromium, not the
app (one Chromium alone takes about 3 s to show the page, 30x the server's
work). What a person waits for is shown by --alone-browsers real Chromium
contexts (Playwright, /usr/bin/chromium) after the --alone sessions, and,
with --browsers, by that many of the first wave's sessions (their Chromiums
then draw on the cores the servers need).

"Rendered" for a websocket session: the server reports the script run
finished successfully and its output held the headline cards (at least 7
`st.metric` with a value), no exception, no error or "workspace busy"
notice; after the filter change, the cards compare with the prior 14 days.
For a browser: the cards are on screen and Streamlit's running indicator,
skeletons and stale elements are gone. The time runs from opening the
connection (the URL, for a browser) or from sending the change.

Prints, per phase, sessions, errors, median and p95 time to a rendered
page (websocket sessions and browsers apart: a Chromium's time is mostly its
own drawing on the same two cores, about 4 s for this page even alone), the
wall time and the servers' CPU time per script run (a session is
two runs), which says what the 2 cores can serve whatever else runs on the
machine (of the whole phase, browsers included); the editor's load (and how
long it held the workspace); the servers' RSS (VmRSS of the streamlit
processes, added up, so pages of the libraries they share count once per
process) at start, at peak, after the first wave and after --total sessions. Streamlit keeps a disconnected
session for 2 minutes (at most 128) for a reconnect; --linger waits that
out and samples once more. Figures for humans: it asserts nothing, but
exits 1 when a session or the load failed.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate import AS_OF, generate  # noqa: E402

from salesdash import i18n, store  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [  # as tests/browser/conftest.py: nothing reaches for the network
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# What a server deployment should run with (docs/reliability.md): no file watcher
# (it registers every imported module for each new session and re-scans them
# after every run: 40% of a page run's CPU), no full garbage collection after
# every run (Python's own collector still runs; RSS stays flat, see the figures).
SERVER = ("server.fileWatcherType=none", "runner.postScriptGC=false")
PAGE, QUERY = "weekly", "lang=en"
CARDS = 7  # the kpi cards the weekly review shows first
FINISHED_OK, FINISHED_EARLY_FOR_RERUN = 0, 2
SESSION_TIMEOUT = 120.0
FAILED_TEXTS = {i18n.t(k, lang) for k in ("app.busy", "app.page_failed") for lang in i18n.LANGS}
AFTER_CHANGE = i18n.t("weekly.vs_previous", "en", days=14)

# The browser's test for a drawn page: cards on screen, nothing running or stale.
RENDERED_JS = """(cards) => {
  const q = (s) => [...document.querySelectorAll(s)];
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  if (q('[data-testid="stSkeleton"]').length || q('[data-stale="true"]').length) return false;
  return q('[data-testid="stMetricValue"]').filter((e) => e.checkVisibility()).length >= cards;
}"""


Ports = Callable[[], int]  # the port the next session connects to


@dataclass
class Session:
    kind: str  # websocket | browser
    open_s: float | None = None
    change_s: float | None = None
    error: str | None = None


@dataclass
class Phase:
    name: str
    sessions: list[Session] = field(default_factory=list)


# ---- the workspace and the editor's file -------------------------------------


def weekly_export(path: Path, rows: int) -> Path:
    """A week of new sales to AS_OF (sell-in and sell-out, known customers), English headers."""
    con = duckdb.connect()
    con.execute(
        f"""
        copy (
            select
                $as_of::date - (i % 7)::int as "date",
                'N' || i::varchar as order_id,
                'C' || lpad((hash(i, 1) % 2000)::varchar, 6, '0') as customer,
                'P' || (hash(i, 2) % 200)::varchar as product,
                1 + hash(i, 3) % 20 as quantity,
                round(50 + (hash(i, 4) % 200000) / 100.0, 2) as amount,
                case when i % 2 = 0 then 'sell_in' else 'sell_out' end as kind
            from range($rows) t(i)
        ) to '{str(path).replace("'", "''")}' (header true)
        """,
        {"as_of": AS_OF, "rows": rows},
    )
    con.close()
    return path


def build_workspace(db: Path, rows: int) -> None:
    con = store.connect(db)
    try:
        generate(con, rows)
    finally:
        con.close()


# ---- the server ----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int, log: Path, options: list[str]) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.headless", "true", "--server.port", str(port),
        "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    for option in options:
        name, _, value = option.partition("=")
        command += [f"--{name}", value]
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, "SALESDASH_DB": str(db)},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1):
                return proc
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.3)
    proc.kill()
    sys.exit(f"streamlit did not start:\n{log.read_text(errors='replace')}")


def cpu_s(pids: list[int]) -> float:
    """User + system CPU seconds the processes have used (/proc/<pid>/stat)."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def rss_mb(pids: list[int]) -> float:
    """VmRSS of the processes, added up."""
    total = 0.0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) / 1024
    return total


class RssSampler(threading.Thread):
    """VmRSS of the servers every 50 ms; `peak` is the largest sum seen."""

    def __init__(self, pids: list[int]) -> None:
        super().__init__(daemon=True)
        self.pids, self.peak, self.running = pids, 0.0, True

    def run(self) -> None:
        while self.running:
            try:
                self.peak = max(self.peak, rss_mb(self.pids))
            except OSError:
                return
            time.sleep(0.05)


# ---- a websocket session --------------------------------------------------------


def rerun_message(widgets: dict[str, list[str]] | None = None) -> bytes:
    """What the browser sends to run the page: its URL, its widgets' values, its context."""
    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = QUERY
    state.page_name = PAGE
    state.context_info.locale = "en-US"
    state.context_info.timezone = "UTC"
    for widget_id, value in (widgets or {}).items():
        widget = state.widget_states.widgets.add()
        widget.id = widget_id
        widget.string_array_value.data.extend(value)
    return msg.SerializeToString()


@dataclass
class Run:
    metrics: list = field(default_factory=list)
    window_widget: str | None = None
    problem: str | None = None


async def finish_run(ws) -> Run:
    """Read the server's messages until a script run finishes (past a rerun it asked for)."""
    run = Run()
    while True:
        msg = ForwardMsg()
        msg.ParseFromString(await ws.recv())
        kind = msg.WhichOneof("type")
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            what = element.WhichOneof("type")
            if what == "metric":
                run.metrics.append(element.metric)
            elif what == "button_group" and element.button_group.id.endswith("-window"):
                run.window_widget = element.button_group.id
            elif what == "exception":
                run.problem = f"exception: {element.exception.message[:200]}"
            elif what == "alert" and element.alert.body in FAILED_TEXTS:
                run.problem = f"notice: {element.alert.body}"
        elif kind == "script_finished":
            if msg.script_finished == FINISHED_EARLY_FOR_RERUN:
                run = Run()  # the rerun's output replaces this one's
                continue
            if msg.script_finished != FINISHED_OK:
                run.problem = run.problem or f"script finished with status {msg.script_finished}"
            return run


def check(run: Run, after_change: bool) -> None:
    if run.problem:
        raise RuntimeError(run.problem)
    shown = [m for m in run.metrics if m.body and m.body != "–"]
    if len(shown) < CARDS:
        raise RuntimeError(f"{len(shown)} cards with a value, expected at least {CARDS}")
    if after_change and not any(AFTER_CHANGE in str(m) for m in run.metrics):
        raise RuntimeError("the filter change did not reach the cards")


async def websocket_session(port: int) -> Session:
    session = Session("websocket")
    try:
        started = time.monotonic()
        async with websockets.connect(
            f"ws://127.0.0.1:{port}/_stcore/stream",
            subprotocols=["streamlit"],
            origin=f"http://127.0.0.1:{port}",
            max_size=None,
            open_timeout=SESSION_TIMEOUT,
        ) as ws:
            await ws.send(rerun_message())
            run = await asyncio.wait_for(finish_run(ws), SESSION_TIMEOUT)
            check(run, after_change=False)
            session.open_s = time.monotonic() - started
            if run.window_widget is None:
                raise RuntimeError("no review-window filter on the page")
            changed = time.monotonic()
            await ws.send(rerun_message({run.window_widget: ["14"]}))
            run = await asyncio.wait_for(finish_run(ws), SESSION_TIMEOUT)
            check(run, after_change=True)
            session.change_s = time.monotonic() - changed
    except Exception as exc:  # a failed session is a figure, not the end of the bench
        session.error = f"{type(exc).__name__}: {exc}"[:300]
    return session


# ---- a browser session ----------------------------------------------------------


async def browser_session(browser, port: int) -> Session:
    session = Session("browser")
    context = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    try:
        page = await context.new_page()
        timeout = SESSION_TIMEOUT * 1000
        started = time.monotonic()
        await page.goto(f"http://127.0.0.1:{port}/{PAGE}?{QUERY}")
        await page.wait_for_function(RENDERED_JS, arg=CARDS, timeout=timeout, polling=50)
        session.open_s = time.monotonic() - started
        changed = time.monotonic()
        await page.get_by_test_id("stSidebar").get_by_text("14", exact=True).click()
        await page.get_by_text(AFTER_CHANGE).first.wait_for(timeout=timeout)
        await page.wait_for_function(RENDERED_JS, arg=CARDS, timeout=timeout, polling=50)
        session.change_s = time.monotonic() - changed
        for text in FAILED_TEXTS:
            if await page.get_by_text(text).count():
                raise RuntimeError(f"notice: {text}")
    except Exception as exc:
        session.error = f"{type(exc).__name__}: {exc}"[:300]
    finally:
        await context.close()
    return session


# ---- the phases -----------------------------------------------------------------


@dataclass
class Upload:
    status: int = -1
    seconds: float = 0.0
    exclusive_s: float = 0.0  # how long it held the workspace's lock exclusively
    said: str = "not run"


def holds_exclusive(pid: int, lock: Path) -> bool:
    """Whether process `pid` holds an exclusive flock on `lock` (Linux's /proc/locks)."""
    try:
        inode = lock.stat().st_ino
        table = Path("/proc/locks").read_text()
    except OSError:
        return False
    held = (f"{pid}", f":{inode}")
    return any(
        f[1:4] == ["FLOCK", "ADVISORY", "WRITE"] and f[4] == held[0] and f[5].endswith(held[1])
        for f in (line.split() for line in table.splitlines())
        if "->" not in f
    )


async def editor_upload(db: Path, csv: Path, delay: float) -> Upload:
    """`python -m salesdash load` after `delay` s; times it, and its hold on the workspace."""
    await asyncio.sleep(delay)
    started = time.monotonic()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "salesdash", "load", "--db", str(db), str(csv),
        cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    finished = asyncio.ensure_future(proc.communicate())
    upload, lock = Upload(), db.with_name(f"{db.name}.lock")
    while not finished.done():
        await asyncio.sleep(0.01)
        if holds_exclusive(proc.pid, lock):
            upload.exclusive_s += 0.01
    out, err = finished.result()
    text = (out + err).decode(errors="replace").strip().splitlines()
    upload.status, upload.seconds = proc.returncode, time.monotonic() - started
    upload.said = text[0] if text else ""
    return upload


async def first_wave(
    ports: Ports, count: int, browsers: int, db: Path, csv: Path, upload_after: float
) -> tuple[list[Session], Upload]:
    tasks = [websocket_session(ports()) for _ in range(count - browsers)]
    if browsers:
        from playwright.async_api import async_playwright

        async with async_playwright() as pw:
            browser = await pw.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            tasks += [browser_session(browser, ports()) for _ in range(browsers)]
            *sessions, upload = await asyncio.gather(*tasks, editor_upload(db, csv, upload_after))
            await browser.close()
    else:
        *sessions, upload = await asyncio.gather(*tasks, editor_upload(db, csv, upload_after))
    return sessions, upload


async def waves(ports: Ports, count: int, concurrent: int) -> list[Session]:
    gate = asyncio.Semaphore(concurrent)

    async def one() -> Session:
        async with gate:
            return await websocket_session(ports())

    return list(await asyncio.gather(*(one() for _ in range(count))))


# ---- the report -----------------------------------------------------------------


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


@dataclass
class Measured:
    name: str
    sessions: list[Session]
    wall_s: float
    cpu_s: float  # the server's CPU time meanwhile


def measure(name: str, pids: list[int], work) -> Measured:
    cpu, started = cpu_s(pids), time.monotonic()
    sessions = asyncio.run(work)
    return Measured(name, sessions, time.monotonic() - started, cpu_s(pids) - cpu)


async def alone(ports: Ports, count: int, browsers: int = 0) -> list[Session]:
    """Sessions one after the other: what a page costs with nobody else on the server."""
    sessions = [await websocket_session(ports()) for _ in range(count)]
    if browsers:
        from playwright.async_api import async_playwright

        async with async_playwright() as pw:
            browser = await pw.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            sessions += [await browser_session(browser, ports()) for _ in range(browsers)]
            await browser.close()
    return sessions


def row(m: Measured, kind: str | None = None) -> str:
    sessions = [s for s in m.sessions if kind is None or s.kind == kind]
    ok = [s for s in sessions if s.error is None]
    name = f"{m.name} ({kind})" if kind else m.name
    cells = [name, str(len(sessions)), str(len(sessions) - len(ok))]
    for attr in ("open_s", "change_s"):
        values = [getattr(s, attr) for s in ok]
        cells += [f"{statistics.median(values):.2f}", f"{p95(values):.2f}"] if values else ["–"] * 2
    runs = max(1, 2 * len(m.sessions))  # a session is two script runs: the page, the change
    # The phase's wall and CPU (all its sessions, browsers included) go on its first row.
    timed = kind in (None, "websocket") and m.wall_s > 0
    cells += [f"{m.wall_s:.1f}", f"{m.cpu_s / runs * 1000:.0f}"] if timed else ["", ""]
    return "| " + " | ".join(cells) + " |"


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--rows", type=int, default=1_000_000, help="sales rows in the workspace")
    ap.add_argument("--concurrent", type=int, default=30, help="sessions at once")
    ap.add_argument("--total", type=int, default=200, help="sessions in all")
    ap.add_argument("--alone", type=int, default=5, help="sessions one at a time, first")
    ap.add_argument(
        "--servers", type=int, default=os.cpu_count() or 1, help="server processes (one per core)"
    )
    ap.add_argument("--browsers", type=int, default=0, help="of the first wave, real Chromiums")
    ap.add_argument(
        "--alone-browsers", type=int, default=2, help="Chromiums after the --alone sessions"
    )
    ap.add_argument("--upload-rows", type=int, default=20_000, help="rows of the editor's file")
    ap.add_argument("--upload-after", type=float, default=0.5, help="seconds into the first wave")
    ap.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="one more Streamlit option for the server (repeatable)",
    )
    ap.add_argument(
        "--as-configured",
        action="store_true",
        help=f"without the server options recommended for a deployment ({' '.join(SERVER)})",
    )
    ap.add_argument("--linger", action="store_true", help="also sample RSS after 2 min idle")
    args = ap.parse_args()
    if (args.browsers or args.alone_browsers) and not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing: install it (python dev.py test does) or pass 0 browsers")

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="salesdash-load-") as tmp:
        folder = Path(tmp)
        db, csv = folder / "ws.duckdb", folder / "weekly-export.csv"
        started = time.monotonic()
        build_workspace(db, args.rows)
        weekly_export(csv, args.upload_rows)
        print(
            f"workspace of {args.rows:,} sales rows written in {time.monotonic() - started:.1f} s"
        )

        options = ([] if args.as_configured else list(SERVER)) + args.option
        print(
            f"streamlit run app.py x{args.servers} with .streamlit/config.toml and "
            f"{options or 'nothing more'}"
        )
        ports_used = [free_port() for _ in range(args.servers)]
        servers = [
            start_server(db, port, folder / f"server-{port}.log", options) for port in ports_used
        ]
        pids = [server.pid for server in servers]
        ports = itertools.cycle(ports_used).__next__
        sampler = RssSampler(pids)
        upload = Upload()
        try:
            time.sleep(1.0)
            rss = {"start": rss_mb(pids)}
            sampler.start()
            phases = [measure("first view after start", pids, alone(ports, args.servers))]
            phases.append(
                measure("one at a time", pids, alone(ports, args.alone, args.alone_browsers))
            )

            async def wave() -> list[Session]:
                nonlocal upload
                sessions, upload = await first_wave(
                    ports, args.concurrent, args.browsers, db, csv, args.upload_after
                )
                return sessions

            phases.append(measure(f"{args.concurrent} at once, editor loading", pids, wave()))
            time.sleep(2.0)
            rss["after_first"] = rss_mb(pids)
            rest = max(0, args.total - args.concurrent)
            phases.append(
                measure(f"{rest} more, {args.concurrent} at a time", pids,
                        waves(ports, rest, args.concurrent))
            )  # fmt: skip
            time.sleep(2.0)
            rss["after_total"] = rss_mb(pids)
            if args.linger:
                time.sleep(125)
                for _ in ports_used:  # a connection lets Streamlit drop expired ones
                    asyncio.run(websocket_session(ports()))
                time.sleep(2.0)
                rss["lingered"] = rss_mb(pids)
        finally:
            sampler.running = False
            for server in servers:
                server.terminate()
            for server in servers:
                server.wait(timeout=30)
        log = "".join(
            (folder / f"server-{port}.log").read_text(errors="replace") for port in ports_used
        )

    print()
    print(
        f"{os.cpu_count()} cores; load average before {load_before[0]:.1f}, "
        f"after {os.getloadavg()[0]:.1f} (other work on the machine counts in the times)"
    )
    print()
    print(
        "| phase | sessions | errors | open median s | open p95 s | change median s "
        "| change p95 s | wall s | server CPU ms per run |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for m in phases:  # browsers apart: their times are mostly Chromium drawing on these cores
        if any(s.kind == "browser" for s in m.sessions):
            print(row(m, "websocket"))
            print(row(m, "browser"))
        else:
            print(row(m))
    counted = [s for m in phases[2:] for s in m.sessions]
    everyone = Measured("all sessions after the first view", counted, 0, 0)
    print(row(everyone, "websocket"))
    print()
    print(
        f"editor's load of {args.upload_rows:,} rows: exit {upload.status} in "
        f"{upload.seconds:.2f} s, holding the workspace exclusively for about "
        f"{upload.exclusive_s:.1f} s: {upload.said}"
    )
    growth = (rss["after_total"] / rss["after_first"] - 1) * 100
    print(
        f"servers' RSS MB: start {rss['start']:.0f}, peak {max(sampler.peak, *rss.values()):.0f}, "
        f"after the first {args.concurrent} {rss['after_first']:.0f}, "
        f"after {args.total} {rss['after_total']:.0f} ({growth:+.1f}%)"
        + (f", after 2 min idle {rss['lingered']:.0f}" if "lingered" in rss else "")
    )
    errors = [s.error for m in phases for s in m.sessions if s.error]
    for error in sorted(set(errors)):
        print(f"  error ({errors.count(error)}x): {error}")
    if "Traceback" in log:
        print("the server logged a traceback:\n" + log[log.index("Traceback") :][:3000])
    return 1 if errors or upload.status != 0 else 0


if __name__ == "__main__":
    sys.exit(main())
