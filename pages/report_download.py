"""Download buttons for the weekly report: HTML, Excel and, where Chromium is found, PDF.

A file is made only when asked for: the first click on a format makes it
from the current view (review date, window, filters, language) through the
run's workspace connection, and that button turns into its download. A
change of view or of the data drops the files made, so a download never
carries another view's figures. Layout only: salesdash.report builds them.
"""

from __future__ import annotations

import logging
from typing import Any

import streamlit as st

from pages.common import currency, data_version, filters, lang, md, t, workspace
from salesdash import report

MIME = {
    "html": "text/html",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
# The filters the report takes from the page's filters().
REPORT_PARAMS = ("as_of", "window_days", "regions", "reps", "segments", "products", "customers")
MADE = "_report_files"
_LOG = logging.getLogger(__name__)


def report_downloads(scope: tuple[str, ...] | None = None) -> None:
    """The report's buttons for the current view; `scope`: the regions the user is limited to."""
    params = {k: v for k, v in filters().items() if k in REPORT_PARAMS}
    language, symbol = lang(), currency()
    # The currency symbol is part of the view: a changed setting drops files made with the old one.
    view = repr((sorted(params.items()), language, scope, symbol, data_version()))
    made = st.session_state.get(MADE)
    if made is None or made["view"] != view:
        made = st.session_state[MADE] = {"view": view, "files": {}}
    formats = ["html", "xlsx"] + (["pdf"] if report.find_chromium() else [])
    st.markdown(f"**{t('report.download.title')}**")
    st.caption(t("report.download.caption"))
    with st.container(horizontal=True, gap="small"):
        for fmt in formats:
            slot = st.empty()
            label, help_text = t(f"report.download.{fmt}"), t(f"report.download.help_{fmt}")
            if fmt not in made["files"] and slot.button(
                label, key=f"report_make_{fmt}", help=help_text, icon=":material/description:"
            ):
                with st.spinner(t("report.download.making")):
                    file = make_file(fmt, params, language, scope, symbol)
                if file is not None:
                    made["files"][fmt] = file
            if fmt in made["files"]:
                name, data = made["files"][fmt]
                slot.download_button(
                    label,
                    data,
                    file_name=name,
                    mime=MIME[fmt],
                    key=f"report_file_{fmt}",
                    help=help_text,
                    icon=":material/download:",
                    type="primary",
                    on_click="ignore",
                )


def make_file(
    fmt: str,
    params: dict[str, Any],
    language: str,
    scope: tuple[str, ...] | None,
    symbol: str | None = None,
) -> tuple[str, bytes] | None:
    """(file name, bytes) of the report in `fmt`, or None after saying why it could not be made.

    `symbol`: the currency symbol the page shows (None: the report reads the setting itself).
    """
    try:
        built = report.build(workspace(), **params, lang=language, scope=scope, currency=symbol)
        if fmt == "html":
            data = report.to_html(built).encode("utf-8")
        elif fmt == "xlsx":
            data = report.to_xlsx(built)
        else:
            data = report.pdf_bytes(built)
    except report.ReportError as exc:
        st.error(t("report.download.failed", reason=md(exc)), icon=":material/error:")
        return None
    except Exception:  # a sentence on screen, the details in the log; never a traceback
        _LOG.exception("weekly report (%s) failed", fmt)
        st.error(t("app.page_failed"), icon=":material/error:")
        return None
    return f"weekly-report-{built.as_of.isoformat()}.{fmt}", data
