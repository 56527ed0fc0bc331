"""`python -m salesdash`: load files, print metrics, make sample data, from scripts and cron.

Exit status 0 only when every file loaded (or was already loaded); a refused
file prints why (file, row, column, reason) on stderr and changes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import duckdb

from salesdash import i18n, load, store, workspace
from salesdash.config import PROJECT_ROOT, default_db_path
from salesdash.schema import DATASETS


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m salesdash", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    lo = sub.add_parser("load", help="load CSV/Excel exports into the workspace")
    lo.add_argument("files", nargs="+", type=Path, metavar="FILE")
    lo.add_argument("--db", type=Path, help="workspace database (default: the app's)")
    lo.add_argument(
        "--dataset", choices=list(DATASETS), help="skip detection: every sheet is this dataset"
    )
    lo.add_argument(
        "--kind",
        choices=["sell_in", "sell_out", "return"],
        help="kind of sales rows whose file has no kind column (default sell_in)",
    )
    lo.add_argument(
        "--max-rejected",
        type=float,
        default=load.DEFAULT_REJECT_THRESHOLD * 100,
        metavar="PCT",
        help="refuse a file when more than PCT%% of its rows cannot be read (default 1)",
    )
    lo.add_argument(
        "--replaces",
        type=int,
        metavar="UPLOAD",
        help="the file is a new export of upload #UPLOAD (see `uploads`): that upload's rows"
        " are removed as the file's are stored, in one transaction (one FILE only)",
    )

    me = sub.add_parser("metrics", help="print the weekly review numbers as JSON")
    me.add_argument("--db", type=Path)
    me.add_argument("--as-of", help="review date YYYY-MM-DD (default: latest sales date)")
    me.add_argument("--window-days", type=int, default=7)
    me.add_argument("--churn-days", type=int, default=90)
    me.add_argument("--sla-days", type=int, default=7)

    sa = sub.add_parser("sample", help="regenerate the sample exports")
    sa.add_argument("--out", type=Path, default=PROJECT_ROOT / "sample_data")

    rm = sub.add_parser("remove", help="remove an upload (its rows) by id")
    rm.add_argument("upload_id", type=int)
    rm.add_argument("--db", type=Path)

    hi = sub.add_parser("uploads", help="list the upload history")
    hi.add_argument("--db", type=Path)

    _report_arguments(sub.add_parser("report", help="the weekly review as HTML, Excel or PDF"))

    pw = sub.add_parser(
        "hash-password",
        help="print the hash of a password for [[salesdash.passwords]] in secrets.toml",
    )
    pw.add_argument("--role", choices=["viewer", "editor", "admin"], default="viewer")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = {
        "load": _load,
        "metrics": _metrics,
        "sample": _sample,
        "remove": _remove,
        "uploads": _uploads,
        "report": _report,
        "hash-password": _hash_password,
    }[args.command]
    try:
        return command(args)
    except Unopenable as exc:
        print(exc, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{args.command}: interrupted; a file being loaded was not stored", file=sys.stderr)
        return 130
    except Exception as exc:  # users get a sentence, never a traceback
        print(f"{args.command}: {_one_line(exc)}", file=sys.stderr)
        return 1


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


class Unopenable(Exception):
    """The workspace file cannot be opened (not a database, no permission, locked too long)."""


@contextmanager
def _workspace(
    db: Path | None,
    write: bool = False,
    create: bool = False,
    into: duckdb.DuckDBPyConnection | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The workspace for one command, shared with a running app (see salesdash.workspace).

    A command that only reads refuses a workspace that does not exist rather
    than creating an empty one (a typo in --db should not leave files behind),
    unless `create` (a load reading the upload history first). `into`: see
    `workspace.writing`.
    """
    with ExitStack() as stack:
        try:
            if write:
                con = stack.enter_context(workspace.writing(db, into=into))
            else:
                con = stack.enter_context(workspace.reading(db, create=create))
        except (duckdb.Error, OSError, workspace.WorkspaceBusy) as exc:
            where = db if db is not None else default_db_path()
            raise Unopenable(f"cannot open the workspace {where}: {_one_line(exc)}") from exc
        yield con


def _progress(message: str) -> None:
    print(f"  ... {message}", file=sys.stderr, flush=True)


def _load(args: argparse.Namespace) -> int:
    if args.replaces is not None and len(args.files) != 1:
        print("load: --replaces takes exactly one FILE", file=sys.stderr)
        return 2
    failed = 0
    for path in args.files:
        if not path.is_file():
            print(f"{path}: no such file", file=sys.stderr)
            failed += 1
            continue
        big = path.stat().st_size > 5_000_000
        say = _progress if big else None
        try:
            result = _load_one(args, path, say)
        except Unopenable:
            raise
        except Exception as exc:  # a loader bug must not cost the other files, nor show a traceback
            failed += 1
            print(
                f"{path.name}: refused, nothing loaded: unexpected error ({_one_line(exc)})",
                file=sys.stderr,
            )
            continue
        if result.status == "refused":
            failed += 1
            print(f"{path.name}: {result.message}", file=sys.stderr)
        else:
            print(result.message)
            for note in result.notes:
                print(f"  note: {note}", file=sys.stderr)
            for warning in result.warnings:
                print(f"  warning: {warning}", file=sys.stderr)
    return 1 if failed else 0


def _load_one(
    args: argparse.Namespace, path: Path, say: Callable[[str], None] | None
) -> load.FileResult:
    """Read and check the file on a private connection without holding the workspace
    (its upload history is looked at for a moment), then hold it just to store the
    rows. One file at a time, so pages between files see the progress."""
    scratch = duckdb.connect()
    exists = (args.db or default_db_path()).exists()

    def earlier(content_hash: str) -> tuple | None:
        """An identical earlier upload, looked up with the workspace held only for that."""
        if not exists:
            return None  # a new workspace: no history yet
        with _workspace(args.db) as con:
            return load.earlier_upload(con, content_hash)

    try:
        plan = load.plan_file(
            scratch,
            path,
            dataset=args.dataset,
            kind=args.kind,
            threshold=args.max_rejected / 100,
            progress=say,
            earlier=earlier,
        )
        if plan.refused or plan.duplicate_of:  # nothing to store: the workspace stays free
            if not exists:
                with _workspace(args.db, create=True):
                    pass  # made, as after any load, with nothing in it
            return load.commit(scratch, plan)
        if say:
            say(i18n.t("load.progress.storing", "en", name=plan.file_name))
        with _workspace(args.db, write=True, into=scratch) as con:
            return load.commit(con, plan, original=path, replaces=args.replaces)
    finally:
        scratch.close()


def _metrics(args: argparse.Namespace) -> int:
    from salesdash import metrics

    try:
        with _workspace(args.db) as con:
            result = metrics.contract_metrics(
                con,
                as_of=args.as_of,
                window_days=args.window_days,
                churn_days=args.churn_days,
                sla_days=args.sla_days,
            )
    except ValueError as exc:
        print(f"metrics: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


def _sample(args: argparse.Namespace) -> int:
    from salesdash import sample

    for path in sample.generate(args.out):
        print(path)
    return 0


def _remove(args: argparse.Namespace) -> int:
    try:
        with _workspace(args.db, write=True) as con:
            removed = load.remove_upload(con, args.upload_id)
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return 1
    print(f"upload #{args.upload_id} removed ({removed:,} rows)")
    return 0


def _uploads(args: argparse.Namespace) -> int:
    import pandas as pd  # only here: the load command stays quick to start

    with _workspace(args.db) as con:
        history = store.upload_history(con).iloc[::-1]
    for r in history.itertuples(index=False):
        sheet = r.sheet if isinstance(r.sheet, str) else ""
        span = f"  {_span(r.first_date, r.last_date)}" if not pd.isna(r.first_date) else ""
        print(
            f"#{r.id}  {r.file_name} {sheet}  {r.dataset}  {r.rows_loaded:,} loaded"
            f"  {r.rows_rejected:,} rejected  {r.loaded_at:%Y-%m-%d %H:%M}{span}"
        )
    return 0


def _span(first, last) -> str:
    return f"{first:%Y-%m-%d}" if first == last else f"{first:%Y-%m-%d} to {last:%Y-%m-%d}"


# ---- report --------------------------------------------------------------


def _report_arguments(rp: argparse.ArgumentParser) -> None:
    rp.add_argument("--db", type=Path, help="workspace database (default: the app's)")
    rp.add_argument("--as-of", help="review date YYYY-MM-DD (default: latest sales date)")
    rp.add_argument("--window-days", type=int, default=7, help="review window in days (default 7)")
    rp.add_argument("--lang", choices=["en", "zh"], default="en", help="report language")
    rp.add_argument("--format", choices=["html", "xlsx", "pdf"], required=True, dest="fmt")
    rp.add_argument("--out", type=Path, required=True, metavar="FILE")
    for name in ("region", "rep", "segment", "product", "customer"):
        rp.add_argument(
            f"--{name}", action="append", metavar="NAME", help=f"only this {name} (repeatable)"
        )


def _report(args: argparse.Namespace) -> int:
    """Write the weekly report; one line on stdout, or one on stderr and exit status 1."""
    from salesdash import report

    where = args.db if args.db is not None else default_db_path()
    try:
        with _workspace(args.db) as con:  # figures gathered under the read lock, drawn after
            built = report.build(
                con,
                as_of=args.as_of,
                window_days=args.window_days,
                regions=args.region,
                reps=args.rep,
                segments=args.segment,
                products=args.product,
                customers=args.customer,
                lang=args.lang,
            )
        if args.fmt == "html":
            data = report.to_html(built).encode("utf-8")
        elif args.fmt == "xlsx":
            data = report.to_xlsx(built)
        else:
            data = report.pdf_bytes(built)
    except Unopenable as exc:
        print(f"report: {exc}", file=sys.stderr)
        return 1
    except report.ReportError as exc:
        print(f"report: {exc}", file=sys.stderr)
        return 1
    except duckdb.CatalogException:  # a database file that is not a salesdash workspace
        print(f"report: no sales loaded in {where}", file=sys.stderr)
        return 1
    try:
        args.out.write_bytes(data)
    except OSError as exc:
        print(f"report: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    size = f"{args.fmt}, {len(data):,} bytes"
    print(f"{args.out}: weekly report as of {built.as_of.isoformat()} ({size})")
    return 0


def _hash_password(args: argparse.Namespace) -> int:
    """Ask for a password twice (or read one line from a pipe) and print its secrets entry."""
    import getpass

    from salesdash import access

    if sys.stdin.isatty():
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            print("hash-password: the two passwords differ", file=sys.stderr)
            return 1
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        print("hash-password: the password is empty", file=sys.stderr)
        return 1
    print("[[salesdash.passwords]]")
    print(f'role = "{args.role}"')
    print('# regions = ["华东"]  # optional: limit this password to regions')
    print(f'hash = "{access.hash_password(password)}"')
    return 0
