"""Where the workspace lives, shared by the CLI and the app so both see the same data."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = PROJECT_ROOT / "sample_data"


def default_db_path() -> Path:
    """`SALESDASH_DB` if set, else `data/salesdash.duckdb` in the project folder.

    Anchored to the project folder rather than the working directory, so
    `python -m salesdash load` from a cron job and `streamlit run app.py`
    open the same file wherever they are started.
    """
    env = os.environ.get("SALESDASH_DB")
    return Path(env) if env else PROJECT_ROOT / "data" / "salesdash.duckdb"
