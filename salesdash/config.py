"""Where the workspace lives and the deployment's settings, shared by the CLI and the app.

A setting comes from an environment variable, else from the `[salesdash]`
table of Streamlit's `secrets.toml` (read here with tomllib: the core does
not import Streamlit), else its default. docs/deploy.md lists them all.
"""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = PROJECT_ROOT / "sample_data"
DB_NAME = "salesdash.duckdb"

# setting -> (environment variable, default)
SETTINGS: dict[str, tuple[str, Any]] = {
    "data_dir": ("SALESDASH_DATA_DIR", None),  # None: data/ in the project folder
    "default_language": ("SALESDASH_LANGUAGE", None),  # None: the browser's, else English
    "currency_symbol": ("SALESDASH_CURRENCY", ""),
}


def secrets_files() -> list[Path]:
    """Streamlit's secrets locations, lowest precedence first (as Streamlit merges them)."""
    return [
        Path.home() / ".streamlit" / "secrets.toml",
        PROJECT_ROOT / ".streamlit" / "secrets.toml",
        Path.cwd() / ".streamlit" / "secrets.toml",
    ]


def secrets() -> dict[str, Any]:
    """The merged secrets (top-level tables merged key by key); {} without a file.

    Parsed again only when a file changes (its modification time or size), so a changed
    password or allow-list applies on the next page run without a restart,
    while the many look-ups of one run (the language of every text) cost a stat.
    """
    stamps = []
    for path in secrets_files():
        try:
            stat = path.stat()
            stamps.append((str(path.resolve()), stat.st_mtime_ns, stat.st_size))
        except OSError:
            continue
    return _parsed(tuple(dict.fromkeys(stamps)))


@lru_cache(maxsize=4)
def _parsed(stamps: tuple[tuple[str, int, int], ...]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for path, *_ in stamps:
        with open(path, "rb") as f:
            for key, value in tomllib.load(f).items():
                if isinstance(value, dict) and isinstance(merged.get(key), dict):
                    merged[key] = {**merged[key], **value}
                else:
                    merged[key] = value
    return merged


def setting(name: str) -> Any:
    """A setting's value: its environment variable, else `[salesdash] name` in secrets, else default."""
    return setting_with_source(name)[0]


def setting_with_source(name: str) -> tuple[Any, str]:
    """A setting's value and where it came from: the variable's name, "secrets" or "default"."""
    env, default = SETTINGS[name]
    if name == "data_dir" and os.environ.get("SALESDASH_DB"):  # the database file's folder wins
        return str(Path(os.environ["SALESDASH_DB"]).parent), "SALESDASH_DB"
    if os.environ.get(env):
        return os.environ[env], env
    value = secrets().get("salesdash", {}).get(name)
    return (default, "default") if value in (None, "") else (value, "secrets")


def data_dir() -> Path:
    """The folder holding the workspace database and the uploaded originals."""
    configured = setting("data_dir")
    return Path(configured).expanduser() if configured else PROJECT_ROOT / "data"


def default_db_path() -> Path:
    """`SALESDASH_DB` if set, else `salesdash.duckdb` in the data folder.

    Anchored to the project folder (not the working directory) by default,
    so `python -m salesdash load` from a cron job and `streamlit run app.py`
    open the same file wherever they are started.
    """
    env = os.environ.get("SALESDASH_DB")
    return Path(env) if env else data_dir() / DB_NAME
