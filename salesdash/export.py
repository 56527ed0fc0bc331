"""Tables leaving the app (downloads, reports) as files no spreadsheet will execute.

A cell starting with `=`, `+`, `-`, `@`, tab or carriage return is a formula to
Excel and LibreOffice; a customer called `=HYPERLINK(...)` must stay text.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula, prefixed with a quote; others unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell made safe (numbers stay numbers, so -5 is still -5)."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(safe_cell)
    out.columns = [safe_cell(str(c)) for c in out.columns]
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM, so Excel on a Chinese Windows opens Chinese text correctly.

    Rows end in CRLF, which also makes the writer quote a cell holding a bare
    CR: unquoted, `x\\r=1+1` would split into a new row whose cell is a formula.
    """
    return safe_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


# Characters a workbook cannot hold (XML 1.0 forbids them; openpyxl refuses them).
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def sheet_value(value: object) -> object:
    """A value as a workbook cell should hold it: numbers stay numbers, text is made safe.

    Text goes through `safe_cell` (a leading `=`, `+`, `-`, `@`, tab or CR gets
    a quote, as in the CSV downloads) and loses control characters a
    workbook cannot store; NULL, NaN and NaT become an empty cell; numpy
    scalars become plain numbers, Timestamps dates (or datetimes when they
    carry a time of day).
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, str):
        return safe_cell(_NOT_IN_XML.sub("", value))
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return None if np.isnan(value) else float(value)
    if isinstance(value, pd.Timestamp | np.datetime64):
        stamp = pd.Timestamp(value)
        return stamp.date() if stamp == stamp.normalize() else stamp.to_pydatetime()
    if isinstance(value, dt.date):
        return value
    return safe_cell(_NOT_IN_XML.sub("", str(value)))
