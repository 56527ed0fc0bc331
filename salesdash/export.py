"""Tables leaving the app (downloads, reports) as files no spreadsheet will execute.

A cell starting with `=`, `+`, `-`, `@`, tab or carriage return is a formula to
Excel and LibreOffice; a customer called `=HYPERLINK(...)` must stay text.
"""

from __future__ import annotations

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
    """UTF-8 with BOM, so Excel on a Chinese Windows opens Chinese text correctly."""
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")
