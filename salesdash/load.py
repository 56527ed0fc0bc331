"""Load files into the workspace: plan (read, detect, map, parse), then commit atomically.

Planning writes nothing to the workspace tables, so the upload page can show
the detected dataset, the mapping and the rejected rows before the user
confirms. Committing a file is one transaction: every accepted row of every
sheet, or nothing. Refusals carry the file, sheet, row, column and reason.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from salesdash import archive, i18n, read, stage
from salesdash.config import SAMPLE_DIR
from salesdash.header import Header, find_header
from salesdash.mapping import Mapping, column_letter, map_columns
from salesdash.schema import DATASETS, EVENT_DATE_COLUMNS, REPLACE_KEYS, table_columns
from salesdash.store import quote_ident as q

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_REJECT_THRESHOLD = 0.01
SHOWN_REJECTS = 5
SKIPPED_BY_USER = "left out at upload"  # `skipped` in English; test `skip_kind == SKIP_USER`
# Why a sheet was skipped, for logic (its `skipped` text is in the plan's language).
SKIP_HIDDEN, SKIP_EMPTY, SKIP_USER = "hidden", "empty", "user"
Progress = Callable[[str], None]


@dataclass
class SheetPlan:
    """One sheet's fate: the dataset and mapping found, rows parsed, or why it is skipped."""

    label: str
    sheet: str | None
    dataset: str | None = None
    header: Header | None = None
    staged: stage.Staged | None = None
    skipped: str | None = None  # not data (empty, notes, hidden): ignored, not an error
    skip_kind: str | None = None  # SKIP_HIDDEN, SKIP_EMPTY or SKIP_USER; None for other skips
    error: str | None = None  # data that cannot be loaded: refuses the whole file
    # An error that only means "this sheet is not data" (no rows, a summary
    # lacking columns): skipped with its message when another sheet loads.
    soft: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def mapping(self) -> Mapping | None:
        return self.header.mapping if self.header else None


@dataclass
class FilePlan:
    file_name: str
    content_hash: str
    sheets: list[SheetPlan] = field(default_factory=list)
    error: str | None = None
    duplicate_of: tuple | None = None  # (id, file_name, loaded_at) of the identical earlier upload
    lang: str = "en"  # of the messages in this plan

    @property
    def loadable(self) -> list[SheetPlan]:
        return [s for s in self.sheets if s.staged is not None and s.error is None]

    @property
    def refused(self) -> str | None:
        """Why nothing of this file will be loaded, or None."""
        if self.error:
            return self.error
        errors = [s.error for s in self.sheets if s.error]
        if errors:
            return "; ".join(errors)
        if not self.loadable and self.duplicate_of is None:
            reasons = [f"{s.label}: {s.skipped}" for s in self.sheets if s.skipped]
            return i18n.t("load.no_dataset", self.lang, reasons=" ".join(reasons))
        return None


@dataclass
class SheetResult:
    label: str
    dataset: str
    upload_id: int
    rows_loaded: int
    rows_rejected: int
    rows_replaced: int
    totals_dropped: int
    rejects: str = ""  # the first rejected cells: row, column, value, reason
    # Rows the same, cell for cell, as rows loaded before (no key tells them
    # apart), and the uploads those came from, most first.
    repeated: int = 0
    repeated_from: tuple[int, ...] = ()


@dataclass
class FileResult:
    file_name: str
    status: str  # loaded | duplicate | refused
    message: str
    sheets: list[SheetResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how it was read; sheets skipped and why
    warnings: list[str] = field(default_factory=list)  # what may be wrong now: act on it
    replaced: tuple[int, str, int] | None = None  # upload superseded: id, file name, rows removed


def plan_file(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    file_name: str | None = None,
    dataset: str | None = None,
    kind: str | None = None,
    overrides: dict[str | None, dict[str, str | int | None]] | None = None,
    threshold: float = DEFAULT_REJECT_THRESHOLD,
    progress: Progress | None = None,
    lang: str = "en",
    earlier: Callable[[str], tuple | None] | None = None,
) -> FilePlan:
    """Read and parse a file into temp tables of `con`, without touching the workspace tables.

    `earlier` finds an identical earlier upload by the file's SHA-256 (default:
    `earlier_upload` in `con`'s history). Plans are made on a private
    in-memory connection, so a plan outlives the page run that made it and a
    load reads its file without holding the workspace: the caller looks in
    the workspace's history only for that moment.

    Refusals, reject reasons, notes and progress messages are in `lang`.

    `overrides` maps a sheet name (None for a CSV) to {canonical column: header
    text or column index}, for when the automatic mapping guessed wrong;
    a `"_dataset"` key there forces that sheet's dataset, a true `"_skip"`
    leaves the sheet out (a summary sheet the user does not want loaded).
    """
    path = Path(path)
    name = file_name or path.name
    say = progress or (lambda _msg: None)
    fingerprint = read.Fingerprint(path)  # hashed and counted beside the reading
    plan = FilePlan(name, "", lang=lang)
    lookup = earlier or partial(earlier_upload, con)

    def is_duplicate() -> bool:
        """Whether an identical file was loaded before; asked once the first rows are read."""
        if not plan.content_hash:
            plan.content_hash = fingerprint.hash()
            plan.duplicate_of = lookup(plan.content_hash)
        return plan.duplicate_of is not None

    say(i18n.t("load.progress.reading", lang, name=name))
    try:
        sheets = read.read_file(path, name, lang, lines=fingerprint.lines)
    except read.ReadError as exc:
        if not is_duplicate():
            plan.error = str(exc)
        return plan
    visible = [s for s in sheets if not s.hidden] or sheets
    try:
        for sheet in sheets:
            if plan.sheets and is_duplicate():  # the first sheet asks once its rows are read
                break
            sp = SheetPlan(sheet.label, sheet.sheet, notes=list(sheet.notes))
            plan.sheets.append(sp)
            if sheet not in visible:
                sp.skipped = i18n.t("load.skip.hidden", lang)
                sp.skip_kind = SKIP_HIDDEN
                continue
            sheet_overrides = dict((overrides or {}).get(sheet.sheet, {}))
            if sheet_overrides.pop("_skip", False):
                sp.skipped = i18n.t("load.skip.user", lang)
                sp.skip_kind = SKIP_USER
                continue
            forced = sheet_overrides.pop("_dataset", None) or dataset
            _plan_sheet(
                con, sheet, sp, forced, kind, sheet_overrides, threshold, say, lang, is_duplicate
            )
        if is_duplicate():  # nothing of it is loaded again
            drop_plan(con, plan)
            plan.sheets = []
            return plan
    except BaseException:
        drop_plan(con, plan)
        raise
    finally:
        for sheet in sheets:
            sheet.cleanup()  # transcoded temp copies, also when a sheet was skipped
    if any(sp.staged is not None and sp.error is None for sp in plan.sheets):
        # A workbook's empty template or summary sheet does not block its data sheets.
        for sp in plan.sheets:
            if sp.error and sp.soft:
                sp.skipped, sp.error = sp.error, None
                _drop_staged(con, sp)
    return plan


def _plan_sheet(
    con: duckdb.DuckDBPyConnection,
    sheet: read.Sheet,
    sp: SheetPlan,
    forced: str | None,
    kind: str | None,
    overrides: dict[str, str | int | None],
    threshold: float,
    say: Progress,
    lang: str = "en",
    is_duplicate: Callable[[], bool] = lambda: False,
) -> None:
    if not any(any(c for c in row) for row in sheet.preview):
        sp.skipped = i18n.t("load.skip.empty", lang)
        sp.skip_kind = SKIP_EMPTY
        return
    header = find_header(sheet.preview, sheet.label, forced)
    if header is None:
        first = next((row for row in sheet.preview if any(row)), [])
        seen = ", ".join(str(c).strip() for c in first if c and str(c).strip())
        sp.skipped = i18n.t("load.skip.no_header", lang, first=seen[:200])
        return
    if overrides:
        dataset = DATASETS[forced or header.mapping.dataset]
        header.mapping = map_columns(header.candidates, dataset, overrides)
    mapping = header.mapping
    sp.header = header
    sp.dataset = mapping.dataset
    if mapping.missing:
        seen = ", ".join(h for h in header.headers if h and not h.startswith("column ")) or i18n.t(
            "load.none", lang
        )
        text = i18n.t(
            "load.lacks_columns",
            lang,
            label=sheet.label,
            dataset=_dataset_word(mapping.dataset, lang),
            missing=", ".join(mapping.missing),
            row=header.rows[-1] + 1,
            seen=seen,
        )
        if forced or len(mapping.matches) >= 2:
            sp.error, sp.soft = text, not forced
        else:
            sp.skipped = text
        return
    if mapping.ambiguous:
        name, same = next(iter(mapping.ambiguous.items()))
        sp.error = i18n.t(
            "load.ambiguous_columns",
            lang,
            label=sheet.label,
            header=mapping.matches[name].header,
            row=header.rows[-1] + 1,
            columns=", ".join(column_letter(i) for i in same),
            column=name,
        )
        return
    say(
        i18n.t(
            "load.progress.parsing",
            lang,
            label=sheet.label,
            dataset=_dataset_word(mapping.dataset, lang),
        )
    )
    try:
        with stage.load_raw(con, sheet, header, lang) as (raw, width):
            sheet.cleanup()  # the rows are in DuckDB: a transcoded copy can go
            if is_duplicate():  # known only now: the file was read while it was hashed
                return
            staged = stage.stage_sheet(con, raw, width, mapping.dataset, header, kind, lang)
    except read.ReadError as exc:  # a CSV line longer than DuckDB reads
        sp.error = str(exc)
        return
    finally:
        sheet.cleanup()
    sp.staged = staged
    sp.notes += staged.notes
    if staged.data_rows == 0:
        sp.error = i18n.t("load.no_rows", lang, label=sheet.label, row=header.rows[-1] + 1)
        sp.soft = True
    elif staged.rejected > threshold * staged.data_rows:
        sp.error = i18n.t(
            "load.too_many_rejects",
            lang,
            label=sheet.label,
            rejected=f"{staged.rejected:,}",
            rows=f"{staged.data_rows:,}",
            share=f"{staged.rejected / staged.data_rows:.1%}",
            limit=f"{threshold:.0%}",
            detail=describe_rejects(con, staged, sheet.label, lang),
        )


def plan_upload(con: duckdb.DuckDBPyConnection, data: bytes, file_name: str, **options) -> FilePlan:
    """`plan_file` for bytes a browser sent: written to a temp file under a generated name.

    The client's file name is only ever displayed (it may hold `../` or a
    drive letter); the temp file is deleted as soon as the plan is made,
    because the plan lives in temp tables, not on disk.
    """
    fd, tmp = tempfile.mkstemp(prefix="salesdash-upload-", suffix=".bin")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        return plan_file(con, tmp, file_name=file_name, **options)
    finally:
        Path(tmp).unlink(missing_ok=True)


def preview(con: duckdb.DuckDBPyConnection, sp: SheetPlan, n: int = 20) -> pd.DataFrame:
    """The first `n` rows of a sheet as parsed, with their row in the file and their fate.

    Columns: `row`, the sheet's parsed columns (canonical names, defaults
    filled in), `_status`: ok, rejected (a value cannot be read) or total
    (a totals row, dropped).
    """
    if sp.staged is None:
        import pandas as pd  # only the pages need pandas; the CLI stays quick to start

        return pd.DataFrame()
    return con.execute(
        f"select source_row as row, * exclude (source_row, _total, _ok), "
        f"case when _total then 'total' when _ok then 'ok' else 'rejected' end as _status "
        f"from {sp.staged.table} order by source_row limit $n",
        {"n": n},
    ).df()


def describe_rejects(
    con: duckdb.DuckDBPyConnection, staged: stage.Staged, label: str, lang: str = "en"
) -> str:
    """The first rejected cells, as a sentence a user can act on."""
    rows = con.table(staged.rejects_table).limit(SHOWN_REJECTS).fetchall()  # in row order
    parts = [
        i18n.t("load.reject_value", lang, row=row, column=col, value=repr(value), reason=reason)
        if value is not None
        else i18n.t("load.reject_blank", lang, row=row, column=col, reason=reason)
        for row, col, value, reason in rows
    ]
    more = staged.rejected - len(rows)
    tail = i18n.t("load.reject_more", lang, n=f"{more:,}") if more > 0 else ""
    return "; ".join(parts) + tail


def rejects_frame(con: duckdb.DuckDBPyConnection, staged: stage.Staged):
    """All rejected cells of a staged sheet, for display and download."""
    return con.table(staged.rejects_table).df()


def earlier_upload(con: duckdb.DuckDBPyConnection, content_hash: str) -> tuple | None:
    """The first upload of the same bytes; None also on a connection with no upload history
    (a load into a workspace not made yet plans on a bare in-memory connection)."""
    [(has_history,)] = con.execute(
        "select count(*) > 0 from duckdb_tables() where table_name = 'uploads' and not temporary"
    ).fetchall()  # fetched to the end: DuckDB keeps the connection busy until then
    if not has_history:
        return None
    return con.execute(
        "select id, file_name, loaded_at from uploads where content_hash = $h order by id limit 1",
        {"h": content_hash},
    ).fetchone()


def commit(
    con: duckdb.DuckDBPyConnection,
    plan: FilePlan,
    loaded_by: str | None = None,
    lang: str = "en",
    original: Path | bytes | None = None,
    replaces: int | None = None,
) -> FileResult:
    """Store every loadable sheet of the plan in one transaction, or nothing.

    The result's messages are in `lang`; texts made while planning (refusal reasons,
    reject descriptions, notes) are in the language the plan was made in.
    `original` (the file or its bytes) is kept beside a file-backed workspace
    (see `archive`) and named in the upload history. `replaces`: an earlier
    upload this file supersedes (a new export of the same period), removed in
    the same transaction, so its rows are never missing nor counted twice.
    """
    if plan.duplicate_of is None and plan.loadable:
        # The same file may have been loaded since it was planned (twice in one
        # upload, or from another browser tab): still no doubles.
        plan.duplicate_of = earlier_upload(con, plan.content_hash)
        if plan.duplicate_of is not None:
            drop_plan(con, plan)
    if plan.duplicate_of is not None:
        up_id, up_name, up_at = plan.duplicate_of
        return FileResult(
            plan.file_name,
            "duplicate",
            i18n.t(
                "load.duplicate",
                lang,
                name=plan.file_name,
                id=up_id,
                earlier=up_name,
                at=f"{up_at:%Y-%m-%d %H:%M}",
            ),
        )
    refused = plan.refused or _cannot_replace(con, plan, replaces, lang)
    if refused:
        drop_plan(con, plan)
        message = i18n.t("load.refused", lang, reason=refused)
        return FileResult(plan.file_name, "refused", message)
    results = []
    stored_as = replaced = None
    con.execute("begin transaction")
    try:
        with ExitStack() as keeping:
            if original is not None:
                stored_as = keeping.enter_context(
                    archive.keeping(con, original, plan.file_name, plan.content_hash)
                )
            if replaces is not None:
                replaced = _remove_rows(con, replaces)
            for sp in plan.loadable:
                results.append(_store_sheet(con, plan, sp, loaded_by, stored_as))
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        archive.forget(con, stored_as)
        raise
    finally:
        drop_plan(con, plan)
    message = summary(results, lang)
    if replaced is not None:
        archive.forget(con, replaced[2])
        message += "\n" + i18n.t(
            "load.replaced_upload", lang, id=replaces, name=replaced[0], rows=f"{replaced[1]:,}"
        )
    result = FileResult(plan.file_name, "loaded", message, results, plan_notes(plan, lang))
    result.warnings = [_repeats_warning(r, lang) for r in results if r.repeated]
    if replaced is not None:
        result.replaced = (replaces, replaced[0], replaced[1])
    return result


def _cannot_replace(
    con: duckdb.DuckDBPyConnection, plan: FilePlan, replaces: int | None, lang: str
) -> str | None:
    """Why the plan cannot replace upload `replaces`, or None (also when it replaces none)."""
    if replaces is None:
        return None
    row = con.execute("select dataset from uploads where id = $id", {"id": replaces}).fetchall()
    if not row:
        return i18n.t("load.replaces_missing", lang, id=replaces)
    held = {sp.dataset for sp in plan.loadable}
    if row[0][0] not in held:
        return i18n.t(
            "load.replaces_other",
            lang,
            id=replaces,
            dataset=_dataset_word(row[0][0], lang),
            held=", ".join(_dataset_word(d, lang) for d in sorted(held)),
        )
    return None


def _repeats_warning(result: SheetResult, lang: str) -> str:
    first = result.repeated_from[0]
    return i18n.t(
        "load.repeats",
        lang,
        label=result.label,
        n=f"{result.repeated:,}",
        rows=f"{result.rows_loaded:,}",
        uploads=", ".join(f"#{u}" for u in result.repeated_from),
        first=first,
    )


def plan_notes(plan: FilePlan, lang: str = "en") -> list[str]:
    """What a user should know about how the file was read: encodings, date orders, skips."""
    notes = []
    for sp in plan.sheets:
        notes += [i18n.t("load.note.labelled", lang, label=sp.label, note=n) for n in sp.notes]
        if sp.skipped and sp.skip_kind != SKIP_EMPTY:
            notes.append(i18n.t("load.note.skipped", lang, label=sp.label, reason=sp.skipped))
    return notes


def _store_sheet(
    con: duckdb.DuckDBPyConnection,
    plan: FilePlan,
    sp: SheetPlan,
    loaded_by: str | None,
    stored_as: str | None,
) -> SheetResult:
    staged, dataset = sp.staged, sp.dataset
    upload_id = con.execute("select nextval('upload_id_seq')").fetchone()[0]
    # Nothing stored yet: nothing to supersede or repeat.
    stored = con.execute(f"select exists (select 1 from {q(dataset)})").fetchall()[0][0]
    replaced = _replace_matching(con, dataset, staged.table) if stored else 0
    repeated, repeated_from = _repeats(con, dataset, staged.table) if stored else (0, ())
    cols = [c for c, _ in table_columns(dataset) if c not in ("upload_id", "source_row")]
    names = ", ".join(q(c) for c in cols)
    con.execute(
        f"insert into {q(dataset)} ({names}, upload_id, source_row) "
        f"select {names}, $id, source_row from {staged.table} where _ok",
        {"id": upload_id},
    )
    loaded = staged.data_rows - staged.rejected
    con.execute(
        "insert into uploads (id, file_name, sheet, content_hash, dataset, rows_loaded,"
        " rows_rejected, rows_replaced, loaded_at, loaded_by, stored_as)"
        " values ($id, $file, $sheet, $hash, $dataset, $loaded, $rejected, $replaced, $at, $by,"
        " $stored_as)",
        {
            "id": upload_id,
            "file": plan.file_name,
            "sheet": sp.sheet,
            "hash": plan.content_hash,
            "dataset": dataset,
            "loaded": loaded,
            "rejected": staged.rejected,
            "replaced": replaced,
            "at": dt.datetime.now().replace(microsecond=0),
            "by": loaded_by,
            "stored_as": stored_as,
        },
    )
    rejects = describe_rejects(con, staged, sp.label, plan.lang) if staged.rejected else ""
    return SheetResult(
        sp.label,
        dataset,
        upload_id,
        loaded,
        staged.rejected,
        replaced,
        len(staged.totals_rows),
        rejects,
        repeated,
        repeated_from,
    )


def _repeats(con: duckdb.DuckDBPyConnection, dataset: str, staged: str) -> tuple[int, tuple]:
    """New rows the same, cell for cell, as stored ones, and the uploads holding those.

    Rows with a key (an order number, a complaint id...) replace their stored
    versions instead; rows without one cannot tell a second sale from the
    same sale exported twice, so they are added, and a repeated export is
    pointed out: its figures would count twice. Compared within the new
    rows' dates only, so the stored history is not scanned.
    """
    if dataset in ("targets", "customers"):
        return 0, ()  # every row is keyed by its scope or customer: replaced
    key = REPLACE_KEYS.get(dataset, (None,))[0]  # order_id, a complaint's id
    cols = [c for c, _ in table_columns(dataset) if c not in ("upload_id", "source_row")]
    same = " and ".join(f"t.{q(c)} is not distinct from n.{q(c)}" for c in cols)
    date = EVENT_DATE_COLUMNS[dataset]
    unkeyed = f"and n.{q(key)} is null" if key else ""
    found = con.execute(
        f"with new as (select * from {staged} n where _ok {unkeyed}), "
        f"span as (select min({q(date)}) as lo, max({q(date)}) as hi from new), "
        f"matched as (select n.source_row, t.upload_id from new n join {q(dataset)} t on {same} "
        f"where t.{q(date)} between (select lo from span) and (select hi from span)) "
        "select (select count(distinct source_row) from matched), "
        "list(upload_id order by rows desc, upload_id)[:3] from "
        "(select upload_id, count(distinct source_row) as rows from matched group by upload_id)"
    ).fetchall()
    repeated, uploads = found[0]
    return repeated, tuple(uploads or ())


def _replace_matching(con: duckdb.DuckDBPyConnection, dataset: str, staged: str) -> int:
    """Delete stored rows that the new rows supersede (same order line, same customer...)."""
    keys = REPLACE_KEYS.get(dataset)
    if not keys:
        return 0
    first, rest = keys[0], keys[1:]
    cond = " and ".join(
        [f"t.{q(first)} = n.{q(first)}"] + [f"t.{q(k)} is not distinct from n.{q(k)}" for k in rest]
    )
    key_cols = ", ".join(q(k) for k in keys)
    new = f"(select distinct {key_cols} from {staged} where _ok and {q(first)} is not null)"
    count = con.execute(
        f"select count(*) from {q(dataset)} t where exists (select 1 from {new} n where {cond})"
    ).fetchone()[0]
    if count:
        con.execute(f"delete from {q(dataset)} t where exists (select 1 from {new} n where {cond})")
    return count


def drop_plan(con: duckdb.DuckDBPyConnection, plan: FilePlan) -> None:
    """Free the temp tables a plan holds (after commit, or when the user cancels)."""
    for sp in plan.sheets:
        _drop_staged(con, sp)


def _drop_staged(con: duckdb.DuckDBPyConnection, sp: SheetPlan) -> None:
    if sp.staged:
        con.execute(f"drop table if exists {sp.staged.table}")
        con.execute(f"drop table if exists {sp.staged.rejects_table}")
        sp.staged = None


def _dataset_word(name: str, lang: str) -> str:
    """A dataset as messages name it: the table name in English (as scripts expect), 销售 in Chinese."""
    return i18n.t(f"load.dataset.{name}", lang)


def summary(results: list[SheetResult], lang: str = "en") -> str:
    parts = []
    for r in results:
        text = i18n.t(
            "load.summary",
            lang,
            label=r.label,
            dataset=_dataset_word(r.dataset, lang),
            loaded=f"{r.rows_loaded:,}",
            rejected=f"{r.rows_rejected:,}",
        )
        if r.rows_replaced:
            text += i18n.t("load.summary_replaced", lang, n=f"{r.rows_replaced:,}")
        if r.totals_dropped:
            text += i18n.t("load.summary_totals", lang, n=r.totals_dropped)
        text += i18n.t("load.summary_upload", lang, id=r.upload_id)
        if r.rejects:
            text += i18n.t("load.summary_rejects", lang, detail=r.rejects)
        parts.append(text)
    return "\n".join(parts)


def load_file(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    file_name: str | None = None,
    dataset: str | None = None,
    kind: str | None = None,
    overrides: dict[str | None, dict[str, str | int | None]] | None = None,
    threshold: float = DEFAULT_REJECT_THRESHOLD,
    loaded_by: str | None = None,
    progress: Progress | None = None,
    lang: str = "en",
) -> FileResult:
    """Plan and commit in one go: what the CLI and scheduled jobs use."""
    plan = plan_file(con, path, file_name, dataset, kind, overrides, threshold, progress, lang=lang)
    if progress and not plan.refused and not plan.duplicate_of:
        progress(i18n.t("load.progress.storing", lang, name=plan.file_name))
    return commit(con, plan, loaded_by, lang=lang, original=Path(path))


def remove_upload(con: duckdb.DuckDBPyConnection, upload_id: int) -> int:
    """Delete one upload's rows and its history entry; returns the rows removed."""
    con.execute("begin transaction")
    try:
        _, removed, stored_as = _remove_rows(con, upload_id)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    archive.forget(con, stored_as)
    return removed


def _remove_rows(con: duckdb.DuckDBPyConnection, upload_id: int) -> tuple[str, int, str | None]:
    """Inside the caller's transaction: delete an upload's rows and history entry.

    Returns its file name, the rows removed and its kept original (to forget
    once committed).
    """
    row = con.execute(
        "select dataset, stored_as, file_name from uploads where id = $id", {"id": upload_id}
    ).fetchall()
    if not row:
        raise KeyError(f"there is no upload #{upload_id}")
    dataset, stored_as, file_name = row[0]
    removed = con.execute(
        f"select count(*) from {q(dataset)} where upload_id = $id", {"id": upload_id}
    ).fetchall()[0][0]
    con.execute(f"delete from {q(dataset)} where upload_id = $id", {"id": upload_id})
    con.execute("delete from uploads where id = $id", {"id": upload_id})
    return file_name, removed, stored_as


def load_sample(
    con: duckdb.DuckDBPyConnection, progress: Progress | None = None, lang: str = "en"
) -> list[FileResult]:
    """Load the committed sample exports, as a newcomer's first step."""
    files = sorted(p for p in SAMPLE_DIR.iterdir() if p.is_file() and not p.name.startswith("."))
    return [load_file(con, p, progress=progress, lang=lang) for p in files]
