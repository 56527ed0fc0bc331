"""The corpus through `python -m salesdash load`: each file its own transaction,
one line per refusal naming the file, a non-zero exit, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from salesdash import cli
from tests.corpus.build import declare_size, replace_member, write_encrypted_xlsx
from tests.fixtures import write_csv, write_xlsx

ROOT = Path(__file__).resolve().parents[2]
HEADER = ["单据日期", "客户名称", "销售金额"]


def run_load(db: Path, *files: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "SALESDASH_DB": str(db.parent / "default-must-not-be-used.duckdb")}
    result = subprocess.run(
        [sys.executable, "-m", "salesdash", "load", *map(str, files), "--db", str(db)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def table(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_two_files_at_once_the_good_one_loads_the_bad_one_is_refused(tmp_path):
    db = tmp_path / "w.duckdb"
    good = write_csv(tmp_path / "good.csv", [HEADER, ["2025-03-05", "甲", "100"]])
    bad = write_encrypted_xlsx(tmp_path / "locked.xlsx")

    result = run_load(db, good, bad)

    assert result.returncode == 1
    assert result.stdout == "good.csv: sales, 1 rows loaded, 0 rejected (upload #1)\n"
    assert (
        "locked.xlsx: refused, nothing loaded: locked.xlsx: the workbook is password-protected or encrypted"
        in result.stderr
    )
    assert table(db, "select file_name, rows_loaded from uploads") == [("good.csv", 1)]
    assert table(db, "select customer, amount from sales") == [("甲", 100.0)]


def test_a_bad_file_first_does_not_stop_the_good_one_after_it(tmp_path):
    db = tmp_path / "w.duckdb"
    bad = tmp_path / "empty.csv"
    bad.write_bytes(b"")
    good = write_csv(tmp_path / "good.csv", [HEADER, ["2025-03-05", "甲", "100"]])

    result = run_load(db, bad, good)

    assert result.returncode == 1
    assert result.stdout == "good.csv: sales, 1 rows loaded, 0 rejected (upload #1)\n"
    assert "empty.csv: refused, nothing loaded: empty.csv: the file is empty." in result.stderr


def _hostile(tmp_path: Path) -> list[tuple[Path, str]]:
    ok = write_xlsx(tmp_path / "ok.xlsx", {"S": [HEADER, ["2025-03-05", "甲", 100]]})
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(ok.read_bytes())
    declare_size(bomb, "xl/worksheets/sheet1.xml", 2**31)
    laughs = replace_member(
        ok,
        tmp_path / "laughs.xlsx",
        "xl/worksheets/sheet1.xml",
        lambda t: '<!DOCTYPE worksheet [<!ENTITY a "aaaa">]>' + t,
    )
    formulas = write_xlsx(
        tmp_path / "formulas.xlsx", {"S": [HEADER + ["数量"], ["2025-03-05", "甲", "=2*50", 2]]}
    )
    return [
        (
            bomb,
            "bomb.xlsx: refused, nothing loaded: bomb.xlsx: the workbook would expand to 2,048 MB",
        ),
        (laughs, "laughs.xlsx: refused, nothing loaded: laughs.xlsx: the workbook was not opened"),
        (formulas, "row 2, column 销售金额: '=2*50' is a formula saved without its result"),
    ]


def test_hostile_and_unreadable_workbooks_are_one_line_each_from_the_command_line(tmp_path):
    db = tmp_path / "w.duckdb"
    cases = _hostile(tmp_path)

    result = run_load(db, *(path for path, _ in cases))

    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == len(cases)
    for line, (_, expected) in zip(lines, cases, strict=True):
        assert expected in line
    assert table(db, "select count(*) from uploads") == [(0,)]


@pytest.mark.parametrize("index", [0, 1, 2])
def test_in_process_cli_refuses_the_same_workbooks(tmp_path, capsys, index):
    db = tmp_path / "w.duckdb"
    path, expected = _hostile(tmp_path)[index]

    status = cli.main(["load", str(path), "--db", str(db)])

    out, err = capsys.readouterr()
    assert status == 1
    assert out == ""
    assert expected in err
    assert "Traceback" not in err
