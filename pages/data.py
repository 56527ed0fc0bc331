"""Upload & data: upload exports, check what was found, load them; the workspace and its history.

A file goes through two steps. Uploading plans it (read, detect, map, parse
into temp tables) and shows the result for checking: the dataset and the
column mapping of every sheet (both changeable, which plans the file again),
the first rows as parsed, the rows that would be rejected and why. "Load"
commits the plan; "Cancel" drops it.

Plans live in `st.session_state` between reruns together with the private
in-memory DuckDB connection that holds their temp tables: the workspace
itself is open only while a run reads it or a change is written (see
salesdash.workspace). "Load" moves a plan's rows into the workspace under
the write lock, in one transaction, and keeps the original file beside it.
"""

from __future__ import annotations

import uuid

import duckdb
import pandas as pd
import streamlit as st

from pages import auth
from pages.common import (
    lang,
    md,
    release_workspace,
    row_counts,
    t,
    upload_history,
    workspace,
    writing,
)
from pages.signin import guard
from salesdash import i18n, load
from salesdash.export import csv_bytes
from salesdash.report.html_doc import css_string
from salesdash.schema import DATASETS

UPLOAD_TYPES = ["csv", "txt", "xlsx", "xlsm", "xls", "xlsb", "ods"]
SKIP = "_skip"  # dataset choice that leaves a sheet out
KINDS = ("sell_in", "sell_out", "return")
PREVIEW_ROWS = 20
MAPPING_COLUMNS = 4  # selectboxes per row


def tm(key: str, **values: object) -> str:
    """`t` with its placeholders escaped for Markdown (file names, headers, reasons): shown
    literally, no links, emphasis or LaTeX from them."""
    return t(key, **{k: md(v) for k, v in values.items()})


def _scratch() -> duckdb.DuckDBPyConnection:
    """This session's private in-memory connection, the one every plan's temp tables belong to."""
    if "data.scratch" not in st.session_state:
        st.session_state["data.scratch"] = duckdb.connect()
    return st.session_state["data.scratch"]


def _pending() -> dict[str, dict]:
    """Files planned and waiting for Load or Cancel, by entry id, in upload order."""
    return st.session_state.setdefault("data.pending", {})


def _set_results(title_key: str, results: list, notices: list[tuple[str, str]] = ()) -> None:
    st.session_state["data.results"] = {
        "title": title_key,
        "results": list(results),
        "notices": list(notices),
    }


guard("edit")  # also when the page file is reached without app.py's navigation
scratch = _scratch()


# Actions (callbacks run before the page is drawn) ---------------------------


def _load_sample() -> None:
    try:
        with writing() as con:
            results = load.load_sample(con, lang=lang())
        _set_results("data.sample_loaded", results)
    except Exception as exc:  # a locked workspace or a loader bug: a message, not a traceback
        _set_results("data.sample_loaded", [], [("error", tm("data.sample_failed", error=exc))])


def _choose_dataset(entry_id: str, sheet: str | None, key: str) -> None:
    entry = _pending()[entry_id]
    choice = st.session_state[key]
    entry["overrides"][sheet] = {"_skip": True} if choice == SKIP else {"_dataset": choice}
    entry["replan"] = True


def _choose_column(entry_id: str, sheet: str | None, dataset: str, column: str, key: str) -> None:
    entry = _pending()[entry_id]
    chosen = entry["overrides"].setdefault(sheet, {})
    chosen.pop("_skip", None)
    chosen["_dataset"] = dataset  # keep the dataset shown while its columns change
    chosen[column] = st.session_state[key]  # a column index, or None for "not mapped"
    entry["replan"] = True


def _choose_kind(entry_id: str, key: str) -> None:
    entry = _pending()[entry_id]
    entry["kind"] = st.session_state[key]
    entry["replan"] = True


def _cancel(entry_id: str) -> None:
    entry = _pending().pop(entry_id, None)
    if entry is not None:
        load.drop_plan(scratch, entry["plan"])
        _set_results(
            "data.upload_results", [], [("info", tm("data.cancelled", name=entry["name"]))]
        )


def _ask_remove(upload_id: int | None) -> None:
    st.session_state["data.confirm_remove"] = upload_id


def _remove(upload_id: int, file_name: str) -> None:
    st.session_state["data.confirm_remove"] = None
    try:
        with writing() as con:
            removed = load.remove_upload(con, upload_id)
    except Exception as exc:  # removed meanwhile in another tab, or a locked workspace
        notice = ("error", tm("data.remove_failed", id=upload_id, error=exc))
    else:
        notice = (
            "success",
            tm("data.removed", id=upload_id, name=file_name, rows=i18n.fmt_number(removed)),
        )
    _set_results("data.upload_results", [], [notice])


# Planning --------------------------------------------------------------------


def _earlier_upload(content_hash: str) -> tuple | None:
    """An identical earlier upload; then the workspace is let go while the file is read and
    checked (a load queued meanwhile would otherwise wait for the parse)."""
    found = load.earlier_upload(workspace(), content_hash)
    release_workspace()
    return found


def _plan(entry: dict, say) -> None:
    """(Re)plan an entry's file on this session's cursor; a crash becomes a refusal."""
    try:
        entry["plan"] = load.plan_upload(
            scratch,
            entry["data"],
            entry["name"],
            earlier=_earlier_upload,
            kind=entry["kind"],
            overrides=entry["overrides"] or None,
            progress=say,
            lang=lang(),
        )
    except Exception as exc:  # a loader bug must show as a message, never a traceback
        entry["plan"] = load.FilePlan(
            entry["name"], "", error=t("data.unexpected", name=entry["name"], error=exc)
        )
    entry["version"] += 1
    entry["replan"] = False


def _with_status(name: str, work) -> None:
    """Run `work(say)` inside a status box that lists the loader's steps as they happen."""
    with st.status(tm("data.planning", name=name), expanded=True) as box:
        work(lambda message: box.write(md(message)))
        box.update(label=tm("data.planning_done", name=name), state="complete", expanded=False)


def _plan_new_uploads(files: list) -> None:
    bar = st.progress(0.0)
    for i, upload in enumerate(files):
        bar.progress(i / len(files), text=t("data.planning_progress", i=i + 1, n=len(files)))
        entry = {
            "id": uuid.uuid4().hex,
            "name": upload.name,  # shown only; the bytes go to a temp file of a generated name
            "data": upload.getvalue(),
            "kind": None,
            "overrides": {},
            "version": 0,
            "replan": True,
            "plan": None,
        }
        _with_status(upload.name, lambda say, e=entry: _plan(e, say))
        _pending()[entry["id"]] = entry
    bar.progress(1.0)


def _replan_changed() -> None:
    for entry in _pending().values():
        if entry["replan"]:
            old = entry["plan"]
            if old is not None:
                load.drop_plan(scratch, old)
            _with_status(entry["name"], lambda say, e=entry: _plan(e, say))


# Drawing ---------------------------------------------------------------------


def _guide() -> None:
    st.info(t("data.empty_guide"), icon=":material/waving_hand:")
    st.button(t("data.load_sample"), type="primary", on_click=_load_sample)


# Streamlit writes its uploader's button and hint in English whatever the
# page's language; these rules put the catalogue's words in their place.
_UPLOADER_CSS = """<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{
  display: none;
}}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after {{
  content: {button};
}}
[data-testid="stFileUploaderDropzoneInstructions"] > div > span {{ display: none; }}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {{
  content: {hint};
  font-size: 0.875rem;
  opacity: 0.6;
}}
</style>"""


def _uploader() -> None:
    st.subheader(t("data.upload_title"))
    n = st.session_state.setdefault("data.uploader", 0)
    types = ", ".join(x.upper() for x in UPLOAD_TYPES)
    st.html(
        _UPLOADER_CSS.format(
            button=css_string(t("data.uploader_button")),
            hint=css_string(t("data.uploader_hint", types=types)),
        )
    )
    left, right = st.columns([3, 1])
    with left:
        files = st.file_uploader(
            t("data.uploader", mb=st.get_option("server.maxUploadSize")),
            type=UPLOAD_TYPES,
            accept_multiple_files=True,
            key=f"data.uploader.{n}",
            help=t("data.uploader_help"),
        )
    if auth.sign_in_mode() == "none":  # signed-in uploads are stamped with the user's name
        with right:
            st.text_input(t("data.who"), key="data.who", persist_state="session", max_chars=80)
    if files:
        st.session_state.pop("data.results", None)
        _plan_new_uploads(files)
        # The planned files move from the uploader to the list below; a fresh
        # uploader (new key) takes the next ones.
        st.session_state["data.uploader"] = n + 1
        st.rerun()


def _results() -> None:
    shown = st.session_state.get("data.results")
    if not shown:
        return
    with st.expander(t(shown["title"]), expanded=True):
        for level, text in shown["notices"]:
            getattr(st, level)(text)
        for result in shown["results"]:
            _result(result)


def _result(result: load.FileResult) -> None:
    if result.status != "loaded":
        level = st.warning if result.status == "duplicate" else st.error
        level(tm("data.not_loaded", name=result.file_name, message=result.message))
        return
    lines = []
    for sheet in result.sheets:
        line = tm(
            "data.sheet_result",
            label=sheet.label,
            dataset=t(f"dataset.{sheet.dataset}"),
            loaded=i18n.fmt_number(sheet.rows_loaded),
            rejected=i18n.fmt_number(sheet.rows_rejected),
        )
        extras = []
        if sheet.rows_replaced:
            extras.append(t("data.sheet_replaced", n=i18n.fmt_number(sheet.rows_replaced)))
        if sheet.totals_dropped:
            extras.append(t("data.sheet_totals", n=i18n.fmt_number(sheet.totals_dropped)))
        extras.append(t("data.sheet_upload", id=sheet.upload_id))
        line += " · " + " · ".join(extras)
        if sheet.rejects:
            line += "  \n" + tm("data.sheet_rejects", detail=sheet.rejects)
        lines.append(line)
    if result.replaced:
        up_id, name, rows = result.replaced
        lines.append(tm("data.replaced_upload", id=up_id, name=name, rows=i18n.fmt_number(rows)))
    st.success("\n\n".join(lines), icon=":material/check_circle:")
    for warning in result.warnings:
        st.warning(md(warning), icon=":material/warning:")


def _pending_files() -> None:
    pending = _pending()
    if not pending:
        return
    st.subheader(t("data.pending_title"))
    st.caption(t("data.pending_help"))
    for entry in list(pending.values()):
        with st.container(border=True):
            _file_card(entry)


def _file_card(entry: dict) -> None:
    plan: load.FilePlan = entry["plan"]
    prefix = f"data.{entry['id']}.{entry['version']}"
    st.markdown(f"#### :material/description: {md(entry['name'])}")
    if plan.duplicate_of is not None:
        up_id, up_name, up_at = plan.duplicate_of
        st.warning(
            tm("data.duplicate", id=up_id, name=up_name, at=f"{up_at:%Y-%m-%d %H:%M}"),
            icon=":material/content_copy:",
        )
        st.button(t("data.dismiss"), key=f"{prefix}.dismiss", on_click=_cancel, args=(entry["id"],))
        return
    if plan.error is None:
        sheets = plan.sheets
        if len(sheets) == 1:
            _sheet(entry, sheets[0], f"{prefix}.0")
        else:
            tabs = st.tabs([_tab_label(sp) for sp in sheets])
            for i, (tab, sp) in enumerate(zip(tabs, sheets, strict=True)):
                with tab:
                    _sheet(entry, sp, f"{prefix}.{i}")
    refused = plan.refused
    failed = [sp.label for sp in plan.sheets if sp.error]
    if failed and plan.error is None:  # each sheet's reason is shown with the sheet
        st.error(tm("data.refused_sheets", sheets=", ".join(failed)), icon=":material/block:")
    elif refused:
        st.error(tm("data.refused", reason=refused), icon=":material/block:")
    replaces = None if refused else _replaces(plan, prefix)
    with st.container(horizontal=True):
        load_clicked = st.button(
            t("data.load"),
            key=f"{prefix}.load",
            type="primary",
            disabled=bool(refused),
            icon=":material/upload:",
        )
        st.button(t("data.cancel"), key=f"{prefix}.cancel", on_click=_cancel, args=(entry["id"],))
    if load_clicked:
        _commit(entry, replaces)


def _replaces(plan: load.FilePlan, prefix: str) -> int | None:
    """The earlier upload of the same data this file is a new export of, if the user says so."""
    held = {sp.dataset for sp in plan.loadable}
    history = upload_history()
    earlier = history[history["dataset"].isin(held)]
    if earlier.empty:
        return None
    labels: dict[int | None, str] = {None: t("data.replaces_none")}
    for row in earlier.itertuples(index=False):
        name = row.file_name + (f" · {row.sheet}" if isinstance(row.sheet, str) else "")
        label = t(
            "data.replaces_option",
            id=row.id,
            name=name,
            dataset=t(f"dataset.{row.dataset}"),
            rows=i18n.fmt_number(row.rows_loaded),
            at=f"{row.loaded_at:%Y-%m-%d %H:%M}",
        )
        span = _span(row)
        labels[int(row.id)] = f"{label} · {span}" if span else label
    return st.selectbox(
        t("data.replaces"),
        list(labels),
        format_func=labels.__getitem__,
        key=f"{prefix}.replaces",
        help=t("data.replaces_help"),
    )


def _tab_label(sp: load.SheetPlan) -> str:
    name = md(sp.sheet or sp.label)
    if sp.error:
        return f":red[:material/error: {name}]"
    if sp.staged is not None:
        return f"{name} · {t(f'dataset.{sp.dataset}')}"
    return f":gray[{name}]"


def _needs_kind(sp: load.SheetPlan) -> bool:
    """A sales sheet without a kind column: the user says what its rows are."""
    return sp.dataset == "sales" and sp.mapping is not None and "kind" not in sp.mapping.matches


def _sheet(entry: dict, sp: load.SheetPlan, prefix: str) -> None:
    if sp.skip_kind in (load.SKIP_HIDDEN, load.SKIP_EMPTY):
        hidden = sp.skip_kind == load.SKIP_HIDDEN
        st.caption(t("data.sheet_hidden" if hidden else "data.sheet_empty"))
        return
    needs_kind = _needs_kind(sp)
    cells = st.columns([1, 1, 2] if needs_kind else [1, 3], vertical_alignment="bottom")
    left, right = cells[0], cells[-1]
    with left:
        options = [*DATASETS, SKIP]
        # Labels made now, in the page's language (a format_func runs again outside the run).
        labels = {d: t(f"dataset.{d}") for d in DATASETS} | {SKIP: t("data.skip_sheet")}
        chosen = SKIP if sp.skip_kind == load.SKIP_USER else sp.dataset
        st.selectbox(
            t("data.dataset"),
            options,
            index=options.index(chosen) if chosen in options else None,
            format_func=labels.__getitem__,
            placeholder=t("data.choose_dataset"),
            key=f"{prefix}.dataset",
            on_change=_choose_dataset,
            args=(entry["id"], sp.sheet, f"{prefix}.dataset"),
        )
    if needs_kind:  # the kind is chosen per file: every sales sheet shows the same
        with cells[1]:
            st.selectbox(
                t("data.kind"),
                KINDS,
                index=KINDS.index(entry["kind"] or "sell_in"),
                format_func={k: t(f"data.kind.{k}") for k in KINDS}.__getitem__,
                key=f"{prefix}.kind",
                help=t("data.kind_help"),
                on_change=_choose_kind,
                args=(entry["id"], f"{prefix}.kind"),
            )
    with right:
        if sp.staged is not None:
            st.markdown(
                t(
                    "data.sheet_counts",
                    rows=i18n.fmt_number(sp.staged.data_rows),
                    rejected=i18n.fmt_number(sp.staged.rejected),
                    totals=i18n.fmt_number(len(sp.staged.totals_rows)),
                )
            )
    if sp.skip_kind == load.SKIP_USER:
        st.caption(t("data.sheet_left_out"))
        return
    if sp.error:
        st.error(tm("data.sheet_error", reason=sp.error), icon=":material/error:")
    elif sp.skipped:
        st.info(tm("data.sheet_skipped", reason=sp.skipped))
    if sp.header is not None:
        _mapping(entry, sp, prefix)
    _notes(sp)
    if sp.staged is not None:
        _preview(sp)
        _rejects(sp, prefix)


def _mapping(entry: dict, sp: load.SheetPlan, prefix: str) -> None:
    dataset = DATASETS[sp.dataset]
    headers = sp.header.headers
    matches = sp.mapping.matches
    chosen = entry["overrides"].get(sp.sheet, {})
    options = [None, *range(len(headers))]
    labels = {None: t("data.not_mapped"), **dict(enumerate(headers))}
    st.markdown(f"**{t('data.mapping')}**")
    st.caption(t("data.mapping_help"))
    columns = list(dataset.columns)
    for start in range(0, len(columns), MAPPING_COLUMNS):
        cells = st.columns(MAPPING_COLUMNS)
        for cell, column in zip(cells, columns[start : start + MAPPING_COLUMNS], strict=False):
            match = matches.get(column.name)
            key = f"{prefix}.map.{column.name}"
            with cell:
                st.selectbox(
                    t(f"data.field.{column.name}") + (" \\*" if column.required else ""),
                    options,
                    index=options.index(match.index) if match else 0,
                    format_func=labels.__getitem__,
                    key=key,
                    help=t("data.field_help", name=column.name),
                    on_change=_choose_column,
                    args=(entry["id"], sp.sheet, sp.dataset, column.name, key),
                )
                st.caption(_confidence(column, match, column.name in chosen))


def _confidence(column, match, chosen: bool) -> str:
    if match is not None and chosen:
        return f":blue[:material/person: {t('data.conf_chosen')}]"
    if match is not None and match.confidence >= 0.999:
        return f":green[:material/check: {t('data.conf_exact')}]"
    if match is not None:
        pct = i18n.fmt_pct(match.confidence, 0)
        return f":orange[:material/help: {t('data.conf_likely', pct=pct)}]"
    if column.required:
        return f":red[:material/close: {t('data.conf_missing')}]"
    return f":gray[{t('data.conf_none')}]"


def _notes(sp: load.SheetPlan) -> None:
    lines = []
    if sp.header is not None:
        lines.append(t("data.note_header", row=sp.header.rows[-1] + 1))
    if sp.staged is not None and sp.staged.totals_rows:
        rows = ", ".join(str(r) for r in sp.staged.totals_rows[:20])
        if len(sp.staged.totals_rows) > 20:
            rows += ", …"
        lines.append(t("data.note_totals", rows=rows))
    lines += [md(note) for note in sp.notes]
    if lines:
        st.caption(t("data.notes") + "  \n" + "  \n".join(f"· {line}" for line in lines))


def _preview(sp: load.SheetPlan) -> None:
    frame = load.preview(scratch, sp, PREVIEW_ROWS)
    dates = {
        c: st.column_config.DateColumn(format="YYYY-MM-DD")
        for c in frame.columns
        if pd.api.types.is_datetime64_any_dtype(frame[c])
    }
    frame["_status"] = frame["_status"].map(lambda s: t(f"data.status.{s}"))
    names = {"row": t("data.preview_row"), "_status": t("data.preview_status")}
    names.update({c: t(f"data.field.{c}") for c in frame.columns if c not in names})
    with st.expander(t("data.preview", n=PREVIEW_ROWS), expanded=True):
        st.dataframe(
            frame.rename(columns=names),
            hide_index=True,
            height=280,
            column_config={names[c]: cfg for c, cfg in dates.items()},
        )


def _rejects(sp: load.SheetPlan, prefix: str) -> None:
    if not sp.staged.rejected:
        return
    frame = load.rejects_frame(scratch, sp.staged)
    frame.columns = [t(f"data.rejects_col.{c}") for c in frame.columns]
    with st.expander(
        t("data.rejects", n=i18n.fmt_number(sp.staged.rejected)), expanded=bool(sp.error)
    ):
        st.dataframe(frame, hide_index=True)
        st.download_button(
            t("data.download_rejects"),
            csv_bytes(frame),
            file_name="rejected_rows.csv",
            mime="text/csv",
            key=f"{prefix}.rejects_csv",
            icon=":material/download:",
            on_click="ignore",
        )


def _commit(entry: dict, replaces: int | None = None) -> None:
    plan = entry["plan"]
    if auth.sign_in_mode() == "none":
        who = (st.session_state.get("data.who") or "").strip() or None
    else:
        who = auth.require("edit").name
    with st.spinner(t("data.storing", name=entry["name"])):
        try:
            with writing(into=scratch) as con:
                result = load.commit(
                    con, plan, loaded_by=who, lang=lang(), original=entry["data"], replaces=replaces
                )
        except Exception as exc:  # a locked workspace or a loader bug: a message, not a traceback
            try:
                load.drop_plan(scratch, plan)
            except Exception:  # closed by a failed commit: a fresh one, the other plans re-made
                st.session_state.pop("data.scratch", None)
                for other in _pending().values():
                    other["plan"], other["replan"] = None, True
            result = load.FileResult(
                entry["name"], "refused", t("data.unexpected_commit", error=exc)
            )
    _pending().pop(entry["id"], None)
    _set_results("data.upload_results", [result])
    st.rerun()


def _workspace_tables() -> None:
    st.subheader(t("data.tables"))
    st.dataframe(
        [
            {t("data.dataset"): t(f"dataset.{name}"), t("data.rows"): i18n.fmt_number(n)}
            for name, n in row_counts().items()
            if name != "uploads"
        ],
        hide_index=True,
        width="content",
    )


def _history() -> None:
    st.subheader(t("data.history"))
    history = upload_history()
    if history.empty:
        st.caption(t("data.no_uploads"))
        return
    confirm = st.session_state.get("data.confirm_remove")
    widths = [0.8, 3.4, 1.3, 2.4, 2.0, 1.6]
    with st.container(border=True):
        head = st.columns(widths, vertical_alignment="center")
        for cell, key in zip(
            head,
            (None, "data.col.file_name", "data.col.dataset", "data.rows", "data.col.loaded_at",
             None),
            strict=True,
        ):  # fmt: skip
            if key:
                cell.markdown(f"**{t(key)}**")
        for row in history.itertuples(index=False):
            _history_row(row, widths, confirm)


def _span(row) -> str | None:
    """The dates an upload's rows are about, in words; None for a customer list."""
    if pd.isna(row.first_date):
        return None
    first, last = f"{row.first_date:%Y-%m-%d}", f"{row.last_date:%Y-%m-%d}"
    if first == last:
        return t("data.history_day", first=first)
    return t("data.history_span", first=first, last=last)


def _history_row(row, widths: list[float], confirm: int | None) -> None:
    cells = st.columns(widths, vertical_alignment="center")
    cells[0].markdown(f"\\#{row.id}")
    name = md(row.file_name) + (f" · {md(row.sheet)}" if isinstance(row.sheet, str) else "")
    span = _span(row)
    if span:
        name += f"  \n:gray[{span}]"
    cells[1].markdown(name)
    cells[2].markdown(t(f"dataset.{row.dataset}"))
    rows = t(
        "data.history_rows",
        loaded=i18n.fmt_number(row.rows_loaded),
        rejected=i18n.fmt_number(row.rows_rejected),
    )
    if row.rows_replaced:
        rows += "  \n" + t("data.sheet_replaced", n=i18n.fmt_number(row.rows_replaced))
    cells[3].markdown(rows)
    when = f"{row.loaded_at:%Y-%m-%d %H:%M}"
    if isinstance(row.loaded_by, str) and row.loaded_by:
        when += "  \n" + tm("data.history_by", who=row.loaded_by)
    cells[4].markdown(when)
    cells[5].button(
        t("data.remove"),
        key=f"data.remove.{row.id}",
        icon=":material/delete:",
        help=t("data.remove_help"),
        on_click=_ask_remove,
        args=(int(row.id),),
        disabled=confirm == row.id,
    )
    if confirm == row.id:
        st.warning(
            tm(
                "data.remove_confirm",
                id=row.id,
                name=row.file_name,
                rows=i18n.fmt_number(row.rows_loaded),
            ),
            icon=":material/warning:",
        )
        with st.container(horizontal=True):
            st.button(
                t("data.remove_yes"),
                key=f"data.remove_yes.{row.id}",
                type="primary",
                on_click=_remove,
                args=(int(row.id), row.file_name),
            )
            st.button(
                t("data.remove_no"),
                key=f"data.remove_no.{row.id}",
                on_click=_ask_remove,
                args=(None,),
            )


# The page ----------------------------------------------------------------------

st.title(t("data.title"))
empty = row_counts()["uploads"] == 0 and not _pending()
if empty:
    _guide()
_uploader()
_replan_changed()
_results()
_pending_files()
_workspace_tables()
_history()
if not empty:
    st.button(t("data.load_sample"), on_click=_load_sample, help=t("data.load_sample_help"))
