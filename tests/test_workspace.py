"""The workspace shared by page runs and command-line jobs (salesdash/workspace.py)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from salesdash import store, workspace
from salesdash.load import load_file
from tests.fixtures import write_csv

ROOT = Path(__file__).resolve().parents[1]
SALES = [("date", "customer", "amount"), ("2025-03-05", "甲", "100")]


def test_a_missing_workspace_is_created_for_the_app_but_not_for_a_report(tmp_path):
    with (
        pytest.raises(FileNotFoundError, match="no workspace"),
        workspace.reading(tmp_path / "typo.duckdb", create=False),
    ):
        pass
    assert not (tmp_path / "typo.duckdb").exists()
    with workspace.reading(tmp_path / "w.duckdb") as con:
        assert con.execute("select count(*) from sales").fetchone() == (0,)


def test_readers_share_the_workspace(tmp_path):
    db = tmp_path / "w.duckdb"
    with workspace.reading(db) as first, workspace.reading(db, timeout=1) as second:
        assert first.execute("select count(*) from uploads").fetchone() == (0,)
        assert second.execute("select count(*) from uploads").fetchone() == (0,)


def test_a_writer_waits_for_the_reader_of_the_moment_then_goes_ahead(tmp_path):
    db = tmp_path / "w.duckdb"
    events = []

    def write():
        with workspace.writing(db, timeout=10) as con:
            events.append("write")
            con.execute("insert into sales (date, customer, amount) values ('2025-03-05', '甲', 1)")

    with workspace.reading(db) as con:
        writer = threading.Thread(target=write)
        writer.start()
        time.sleep(0.3)
        events.append("read done")
        assert con.execute("select count(*) from sales").fetchone() == (0,)
    writer.join(10)
    assert events == ["read done", "write"]
    with workspace.reading(db) as con:
        assert con.execute("select count(*) from sales").fetchone() == (1,)


def test_a_queued_writer_goes_before_readers_that_come_after_it(tmp_path):
    db = tmp_path / "w.duckdb"
    order = []

    def write():
        with workspace.writing(db, timeout=10):
            order.append("writer")

    def read():
        with workspace.reading(db, timeout=10):
            order.append("late reader")

    with workspace.reading(db):
        writer = threading.Thread(target=write)
        writer.start()
        time.sleep(0.2)  # the writer now waits at the gate's far side
        reader = threading.Thread(target=read)
        reader.start()
        time.sleep(0.2)
        assert order == []  # the late reader waits behind the writer
    writer.join(10)
    reader.join(10)
    assert order == ["writer", "late reader"]


def test_a_reader_that_waits_too_long_is_told_the_workspace_is_busy(tmp_path):
    db = tmp_path / "w.duckdb"
    with workspace.reading(db):  # created
        pass
    with (
        workspace.writing(db),
        pytest.raises(workspace.WorkspaceBusy, match="busy"),
        workspace.reading(db, timeout=0.2),
    ):
        pass


def test_a_command_line_load_waits_for_a_page_run_in_another_process(tmp_path):
    db = tmp_path / "w.duckdb"
    csv = write_csv(tmp_path / "s.csv", SALES)
    with workspace.reading(db) as con:
        started = time.monotonic()
        load = subprocess.Popen(
            [sys.executable, "-m", "salesdash", "load", "--db", str(db), str(csv)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(1.0)
        assert load.poll() is None  # waiting, not failing with "database is locked"
        assert con.execute("select count(*) from sales").fetchone() == (0,)
    out, err = load.communicate(timeout=60)
    assert load.returncode == 0, err
    assert time.monotonic() - started >= 1.0
    assert "1 rows loaded" in out
    with workspace.reading(db) as con:
        assert con.execute("select count(*) from sales").fetchone() == (1,)


def test_a_page_run_starts_from_the_caches_the_last_writer_left_for_the_latest_date(tmp_path):
    import duckdb

    from salesdash import queries

    db = tmp_path / "w.duckdb"
    csv = write_csv(tmp_path / "s.csv", [*SALES, ("2025-03-06", "乙", "50")])
    with workspace.writing(db) as con:
        load_file(con, csv)
    # Mark the stored copy, as if it had been built by the writer with a segment of its own.
    with duckdb.connect(str(db)) as raw:
        raw.execute(f"update {queries.PERSISTED_DIM} set segment = 'from the writer'")

    def segments() -> set[str]:
        with workspace.reading(db) as con:
            options = queries.run(con, "filter_options")
        return set(options.loc[options["dimension"] == "segment", "value"])

    assert segments() == {"from the writer"}  # read, not rebuilt
    with duckdb.connect(str(db)) as raw:  # a change the loader did not make: new fingerprint
        raw.execute(
            "insert into sales (date, customer, amount, kind) values ('2025-03-06', '丙', 1, 'sell_in')"
        )
    assert "from the writer" not in segments()


def _attached(con) -> set[str]:
    return {
        name for (name,) in con.execute("select database_name from duckdb_databases()").fetchall()
    }


def test_a_load_planned_on_its_own_connection_stores_through_it_and_lets_the_file_go(tmp_path):
    db = tmp_path / "ws.duckdb"
    scratch = duckdb.connect()
    scratch.execute(
        "create temp table staged as select date '2025-03-01' as d, 'Acme' as c, 5.0 as a"
    )

    with workspace.writing(db, into=scratch) as con:
        con.execute("insert into sales (date, customer, amount) select d, c, a from staged")

    assert scratch.execute("select current_database()").fetchone() == ("memory",)
    assert "workspace" not in _attached(scratch)
    with workspace.writing(db) as other:  # nobody holds the file any more
        assert other.execute("select customer, amount from sales").fetchall() == [("Acme", 5.0)]


def test_a_failure_while_storing_through_the_planning_connection_changes_nothing(tmp_path):
    db = tmp_path / "ws.duckdb"
    scratch = duckdb.connect()

    with pytest.raises(RuntimeError), workspace.writing(db, into=scratch) as con:
        con.execute("begin transaction")
        con.execute("insert into sales (date, customer, amount) values ('2025-03-01', 'Acme', 5)")
        raise RuntimeError("a loader bug half-way")

    assert "workspace" not in _attached(scratch)
    with workspace.reading(db) as con:
        assert con.execute("select count(*) from sales").fetchone() == (0,)


def test_an_attach_that_fails_half_way_is_undone(tmp_path, monkeypatch):
    db = tmp_path / "ws.duckdb"
    with workspace.writing(db):
        pass
    scratch = duckdb.connect()

    def broken(con):
        raise duckdb.IOException("disk full")

    monkeypatch.setattr(store, "ensure_schema", broken)
    with pytest.raises(duckdb.IOException):
        store.attach(scratch, db, "workspace")

    assert scratch.execute("select current_database()").fetchone() == ("memory",)
    assert "workspace" not in _attached(scratch)
