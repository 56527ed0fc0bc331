"""Uploaded originals kept beside the workspace (salesdash/archive.py)."""

from __future__ import annotations

import hashlib

import pytest

from salesdash import load, store
from tests.fixtures import write_csv

SALES = [("date", "customer", "amount"), ("2025-03-05", "甲", "100")]


def test_a_loaded_file_is_kept_under_its_hash_and_named_in_the_history(tmp_path):
    db = tmp_path / "data" / "salesdash.duckdb"
    path = write_csv(tmp_path / "../三月 明细.CSV".replace("../", ""), SALES)
    con = store.connect(db)
    result = load.load_file(con, path, file_name="../../etc/三月 明细.CSV")
    assert result.status == "loaded"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    [(stored,)] = con.execute("select stored_as from uploads").fetchall()
    assert stored == f"uploads/{digest}.csv"  # never the client's name or path
    kept = db.parent / stored
    assert kept.read_bytes() == path.read_bytes()
    assert [p.name for p in (db.parent / "uploads").iterdir()] == [f"{digest}.csv"]


def test_removing_the_upload_removes_its_original(tmp_path):
    db = tmp_path / "salesdash.duckdb"
    con = store.connect(db)
    load.load_file(con, write_csv(tmp_path / "s.csv", SALES))
    assert len(list((tmp_path / "uploads").iterdir())) == 1
    load.remove_upload(con, 1)
    assert list((tmp_path / "uploads").iterdir()) == []


def test_a_refused_file_is_not_kept(tmp_path):
    db = tmp_path / "salesdash.duckdb"
    con = store.connect(db)
    bad = write_csv(tmp_path / "bad.csv", [("date", "customer", "amount"), ("soon", "甲", "x")])
    assert load.load_file(con, bad).status == "refused"
    assert not (tmp_path / "uploads").exists() or not any((tmp_path / "uploads").iterdir())


def test_an_in_memory_workspace_keeps_no_files(con, tmp_path):
    load.load_file(con, write_csv(tmp_path / "s.csv", SALES))
    assert con.execute("select stored_as from uploads").fetchall() == [(None,)]


def test_an_original_that_cannot_be_kept_stores_nothing(tmp_path):
    db = tmp_path / "salesdash.duckdb"
    con = store.connect(db)
    (tmp_path / "uploads").write_text("a file where the folder should be")
    with pytest.raises(OSError):
        load.load_file(con, write_csv(tmp_path / "s.csv", SALES))
    assert con.execute("select count(*) from sales").fetchone()[0] == 0
    assert con.execute("select count(*) from uploads").fetchone()[0] == 0
