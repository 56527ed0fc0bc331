"""Downloads never carry a formula a spreadsheet would run."""

from __future__ import annotations

import io

import pandas as pd

from salesdash import export


def test_text_that_looks_like_a_formula_is_prefixed_with_a_quote():
    cells = ["=1+1", "+86 138", "-x", "@SUM(A1)", "\tTab", "\rCR", "杭州顺达", "a=b"]
    assert [export.safe_cell(c) for c in cells] == [
        "'=1+1", "'+86 138", "'-x", "'@SUM(A1)", "'\tTab", "'\rCR", "杭州顺达", "a=b",
    ]  # fmt: skip


def test_numbers_stay_numbers_even_when_negative():
    frame = pd.DataFrame({"customer": ["=cmd|'/c calc'!A1"], "amount": [-5.0]})
    out = export.safe_frame(frame)
    assert out.loc[0, "amount"] == -5.0
    assert out.loc[0, "customer"] == "'=cmd|'/c calc'!A1"


def test_csv_download_opens_as_utf8_with_bom_and_keeps_chinese_text():
    data = export.csv_bytes(pd.DataFrame({"客户": ["杭州顺达", "=2+3"], "金额": [1.5, 2.0]}))
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["客户"].tolist() == ["杭州顺达", "'=2+3"]


def test_workbook_cells_keep_numbers_and_dates_and_make_text_safe():
    import datetime as dt

    import numpy as np

    values = [
        "=HYPERLINK(\"http://x\",\"y\")", "+1", "-2", "@x", "\tTab", "\rCR", "杭州顺达",
        "bell\x07=1", np.int64(3), np.float64(-5.5), float("nan"), pd.NA, pd.NaT, None,
        pd.Timestamp("2025-03-10"), pd.Timestamp("2025-03-10 08:30"), dt.date(2025, 3, 1),
    ]  # fmt: skip
    assert [export.sheet_value(v) for v in values] == [
        "'=HYPERLINK(\"http://x\",\"y\")", "'+1", "'-2", "'@x", "'\tTab", "'\rCR", "杭州顺达",
        "bell=1", 3, -5.5, None, None, None, None,
        dt.date(2025, 3, 10), dt.datetime(2025, 3, 10, 8, 30), dt.date(2025, 3, 1),
    ]  # fmt: skip
    assert type(export.sheet_value(np.int64(3))) is int
