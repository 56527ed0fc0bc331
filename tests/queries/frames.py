"""What every metric test shares: the shop's review date and rows as comparable tuples."""

from __future__ import annotations

import pandas as pd

from tests.queries.conftest import AS_OF

__all__ = ["AS_OF", "rows"]


def rows(frame: pd.DataFrame, *columns: str) -> list[tuple]:
    """The frame's rows as plain tuples, NaN/NA as None, floats rounded to 4 places."""
    out = []
    for record in frame[list(columns)].astype(object).itertuples(index=False):
        out.append(tuple(
            None if pd.isna(v) else round(v, 4) if isinstance(v, float) else v for v in record
        ))  # fmt: skip
    return out
