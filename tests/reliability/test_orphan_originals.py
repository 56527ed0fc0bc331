"""Kept originals that no upload names are swept when a writer opens the workspace.

A load keeps the uploaded file inside its transaction (salesdash.archive),
so a load killed before its commit leaves the file, or its `.partial`
copy, behind. The next writer, which is alone with the workspace, removes
them; what the history names, and files the archive did not write, stay.
"""

from __future__ import annotations

import duckdb

from salesdash import archive, load, store, workspace
from tests.reliability.workspaces import write_sales_csv

HASH = "ab" * 32  # a sha256 in hex, as `archive.keeping` names files


def _workspace_with_an_upload(tmp_path):
    db = tmp_path / "ws.duckdb"
    with workspace.writing(db) as con:
        result = load.load_file(con, write_sales_csv(tmp_path / "sales.csv", 0, 20))
    assert result.status == "loaded", result.message
    return db


def test_an_unnamed_original_and_a_partial_copy_are_removed_when_a_writer_opens(tmp_path):
    db = _workspace_with_an_upload(tmp_path)
    uploads = tmp_path / "uploads"
    (kept,) = [p.name for p in uploads.iterdir()]
    (uploads / f"{HASH}.csv").write_text("a killed load's original")
    (uploads / f".{HASH}.xlsx.partial").write_text("half a copy")
    (uploads / "README.txt").write_text("someone's note")

    with workspace.writing(db):
        pass

    assert sorted(p.name for p in uploads.iterdir()) == sorted([kept, "README.txt"])


def test_sweep_names_what_it_removed_and_keeps_what_the_history_names(tmp_path):
    db = _workspace_with_an_upload(tmp_path)
    uploads = tmp_path / "uploads"
    (kept,) = [p.name for p in uploads.iterdir()]
    (uploads / f"{HASH}.bin").write_bytes(b"\0")

    con = store.connect(db)
    try:
        assert archive.sweep(con) == [f"{HASH}.bin"]
        assert archive.sweep(con) == []
    finally:
        con.close()
    assert [p.name for p in uploads.iterdir()] == [kept]


def test_sweep_does_nothing_for_a_workspace_in_memory():
    con = duckdb.connect()
    store.ensure_schema(con)
    assert archive.sweep(con) == []
