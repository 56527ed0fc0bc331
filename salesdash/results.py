"""Figures computed once per data version and shared by every page run of the server.

A meeting room opening the same link asks the same questions of the same
data: the first run to ask computes the answer, the others wait for it and
share it. Keys are plain tuples (query name, parameters, regions) under the
workspace file and its data fingerprint, hashed by Python; Streamlit's own
cache hashes each argument through `inspect` and pickling, which cost a
tenth of a page run with thirty look-ups a run (bench/load.py).

Entries of a workspace's older data versions are dropped as soon as a
newer version is asked for, so memory holds the figures of the data as it
is, at most MAX_ENTRIES of them (the least recently used go first). Values
are shared, not copied: callers must not change them (pandas frames are
handed out as shallow copies, which copy-on-write keeps apart).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")

MAX_ENTRIES = 2000
# Data versions of a workspace whose figures are kept: the newest, and the one
# before it, which runs that started before a load are still drawing.
KEEP_VERSIONS = 2

_lock = threading.Lock()
_entries: OrderedDict[tuple[str, str, Hashable], object] = OrderedDict()
_computing: dict[tuple[str, str, Hashable], threading.Lock] = {}
_versions: dict[str, list[str]] = {}  # workspace -> its versions kept, newest last


def cached(db: str, version: str, key: Hashable, compute: Callable[[], T]) -> T:
    """The value of `compute()` for `key` on workspace `db` at data `version`, computed once."""
    full = (db, version, key)
    with _lock:
        _note_version(db, version)
        if full in _entries:
            _entries.move_to_end(full)
            return _entries[full]  # type: ignore[return-value]
        computing = _computing.setdefault(full, threading.Lock())
    with computing:  # one run computes; the others asking meanwhile wait for its answer
        with _lock:
            if full in _entries:
                return _entries[full]  # type: ignore[return-value]
        try:
            value = compute()
        except BaseException:
            with _lock:
                _computing.pop(full, None)
            raise
        with _lock:
            if version in _versions.get(db, ()):  # not pushed out by newer data meanwhile
                _entries[full] = value
                while len(_entries) > MAX_ENTRIES:
                    _entries.popitem(last=False)
            _computing.pop(full, None)
        return value


def _note_version(db: str, version: str) -> None:
    """Keep `version` among the workspace's versions; drop the figures of one pushed out."""
    kept = _versions.setdefault(db, [])
    if version in kept:
        return
    kept.append(version)
    if len(kept) > KEEP_VERSIONS:
        gone = kept.pop(0)
        for stale in [k for k in _entries if k[0] == db and k[1] == gone]:
            del _entries[stale]


def clear() -> None:
    """Forget everything (tests; a workspace replaced under the same name and fingerprint)."""
    with _lock:
        _entries.clear()
        _versions.clear()
