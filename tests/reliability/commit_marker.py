"""`python -m salesdash` that says on stderr when the workspace's COMMIT starts and ends.

    python tests/reliability/commit_marker.py load --db W FILE

The same command line and code path as `python -m salesdash`; only the
writer's connection is wrapped so that the statement `commit` is announced
(`@@ commit starts`, `@@ commit done`) the moment it is sent to DuckDB and
the moment it returns. A test reading stderr can then SIGKILL the process
inside the commit itself, a window of a few milliseconds that no outside
timing finds reliably.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from salesdash import cli, workspace

STARTS, DONE = "@@ commit starts", "@@ commit done"


class _Announcing:
    """A DuckDB connection that announces its commit; everything else passes through."""

    def __init__(self, con) -> None:
        self._con = con

    def __getattr__(self, name: str):
        return getattr(self._con, name)

    def execute(self, sql: str, *args, **kwargs):
        if sql.strip().lower() != "commit":
            return self._con.execute(sql, *args, **kwargs)
        print(STARTS, file=sys.stderr, flush=True)
        result = self._con.execute(sql, *args, **kwargs)
        print(DONE, file=sys.stderr, flush=True)
        return result


_open = workspace._open


def _announcing_open(db, read_only, timeout, into=None):
    con = _open(db, read_only, timeout, into=into)
    return con if read_only else _Announcing(con)


if __name__ == "__main__":
    workspace._open = _announcing_open
    sys.exit(cli.main(sys.argv[1:]))
