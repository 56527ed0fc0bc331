"""Page runs that overlap hand their workspace connection on; writers still get in.

`reading(reuse=True)` (what every page run uses) may give a connection that
another run has finished with, while some run still holds one. These tests
hold connections open the way overlapping page runs do, then show that a
load from another process, or from the app itself, waits only for the runs
holding a connection, and that every read after it sees the new rows.
"""

from __future__ import annotations

import threading
import time

import pytest

from salesdash import workspace
from tests.reliability.workspaces import salesdash, write_sales_csv

pytestmark = pytest.mark.skipif(
    workspace.fcntl is None, reason="connections are handed on with flock only"
)


def _runs(db):
    runs = workspace._runs.get(db, {"busy": 0, "idle": []})
    return {"busy": runs["busy"], "idle": runs["idle"]}


def _idle_closed(db, within: float) -> bool:
    deadline = time.monotonic() + within
    while _runs(db)["idle"] and time.monotonic() < deadline:
        time.sleep(0.01)
    return not _runs(db)["idle"]


@pytest.fixture(autouse=True)
def short_linger(monkeypatch):
    monkeypatch.setattr(workspace, "LINGER_S", 0.5)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "ws.duckdb"
    done = salesdash("load", "--db", path, write_sales_csv(tmp_path / "first.csv", 0, 10))
    assert done.returncode == 0, done.stderr
    return path


def _sales(con) -> int:
    return con.execute("select count(*) from sales").fetchone()[0]


def test_a_run_finishing_while_another_holds_one_leaves_its_connection_to_the_next(db):
    with workspace.reading(db, reuse=True) as first:
        with workspace.reading(db, reuse=True) as second:
            second.execute("create temp table marker as select 1 as x")
        # the second run is over, the first still going: its connection waits, open
        assert _runs(db) == {"busy": 1, "idle": [_runs(db)["idle"][0]]}
        with workspace.reading(db, reuse=True) as third:
            assert third is second
            assert third.execute("select x from marker").fetchone() == (1,)
        assert _sales(first) == 10
    # the last run out keeps one for a run a moment later (the others are closed)
    ((_stack, kept),) = _runs(db)["idle"]
    assert kept is second
    with workspace.reading(db, reuse=True) as soon_after:
        assert soon_after is second
    # ... until nobody has asked for it for LINGER_S: then the next run starts afresh
    assert _idle_closed(db, within=workspace.LINGER_S + 1)
    with workspace.reading(db, reuse=True) as fourth:
        assert fourth is not second
        assert not fourth.execute(
            "select count(*) from duckdb_tables() where table_name = 'marker'"
        ).fetchone()[0]


def test_a_command_line_load_waits_only_for_the_runs_holding_a_connection(db, tmp_path):
    extra = write_sales_csv(tmp_path / "extra.csv", 1_000, 5)
    with workspace.reading(db, reuse=True) as holding:
        with workspace.reading(db, reuse=True):
            pass  # finished: its connection stays open for the next run
        assert len(_runs(db)["idle"]) == 1
        loading = threading.Thread(
            target=lambda: result.append(salesdash("load", "--db", db, extra))
        )
        result: list = []
        loading.start()
        time.sleep(1.5)
        assert loading.is_alive()  # the load waits for the run still going
        assert _sales(holding) == 10
    loading.join(timeout=60)
    assert result[0].returncode == 0, result[0].stderr
    with workspace.reading(db, reuse=True) as after:
        assert _sales(after) == 15


def test_a_load_from_the_app_itself_gets_in_while_runs_keep_overlapping(db):
    """No run is handed an idle connection while a writer waits, and a run waiting at the
    gate holds nothing, so the writer is never waiting for a connection nobody uses."""
    order: list[str] = []

    def write() -> None:
        with workspace.writing(db, timeout=20) as con:
            con.execute("insert into sales (date, customer, amount) values ('2025-01-01', 'x', 1)")
        order.append("written")

    def read() -> None:
        with workspace.reading(db, timeout=20, reuse=True) as con:
            order.append(f"read {_sales(con)}")

    first = workspace.reading(db, reuse=True)
    holding = first.__enter__()
    with workspace.reading(db, reuse=True):
        pass  # an idle connection now, kept for the run still going
    writer = threading.Thread(target=write)
    writer.start()
    time.sleep(0.5)  # the writer holds the gate and waits for the shared locks
    reader = threading.Thread(target=read)
    reader.start()
    time.sleep(0.5)
    assert order == [] and writer.is_alive() and reader.is_alive()
    assert _sales(holding) == 10
    first.__exit__(None, None, None)  # the last run holding one ends
    writer.join(timeout=20)
    reader.join(timeout=20)
    assert order == ["written", "read 11"]
    assert _runs(db)["busy"] == 0


def test_a_run_that_fails_does_not_hand_its_connection_on(db):
    with workspace.reading(db, reuse=True):
        with pytest.raises(ZeroDivisionError), workspace.reading(db, reuse=True):
            1 / 0  # noqa: B018
        assert _runs(db)["idle"] == []


def test_a_connection_kept_after_the_last_run_gives_way_to_a_load_at_once(
    db, tmp_path, monkeypatch
):
    monkeypatch.setattr(workspace, "LINGER_S", 60.0)
    with workspace.reading(db, reuse=True):
        pass
    assert len(_runs(db)["idle"]) == 1  # kept for the next run, for up to a minute

    started = time.monotonic()
    done = salesdash("load", "--db", db, write_sales_csv(tmp_path / "extra.csv", 1_000, 5))

    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 30  # not the minute: closed when the load queued
    assert _runs(db)["idle"] == []
    with workspace.reading(db, reuse=True) as after:
        assert _sales(after) == 15


def test_a_watcher_that_fails_closes_the_kept_connection_and_the_next_run_watches_again(
    db, monkeypatch
):
    monkeypatch.setattr(workspace, "LINGER_S", 60.0)
    real = workspace._writer_queued
    failed: list[str] = []

    def unreadable_gate_once(path):
        watcher = threading.current_thread() is not threading.main_thread()
        if watcher and path == db and not failed:
            failed.append("the watcher's look at the gate")
            raise PermissionError("gate file unreadable")
        return real(path)

    monkeypatch.setattr(workspace, "_writer_queued", unreadable_gate_once)
    with workspace.reading(db, reuse=True):
        pass

    assert _idle_closed(db, within=2)  # not the minute: closed when the watcher failed
    with workspace.reading(db, reuse=True):
        pass
    assert len(_runs(db)["idle"]) == 1  # kept again, under a new watcher
    assert workspace._runs[db]["watched"]
