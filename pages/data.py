"""Upload & data: the workspace's contents, the sample data, the upload history."""

from __future__ import annotations

import streamlit as st

from pages.common import t, workspace
from salesdash import i18n, load, store

con = workspace()


def _load_sample() -> None:
    st.session_state["sample_results"] = load.load_sample(con)


st.title(t("data.title"))
if store.row_counts(con)["uploads"] == 0:
    st.info(t("data.empty_guide"))

st.button(t("data.load_sample"), type="primary", on_click=_load_sample)
results = st.session_state.pop("sample_results", None)
if results:
    with st.expander(t("data.sample_loaded"), expanded=True):
        for result in results:
            if result.status != "loaded":
                st.write(result.message)
            for sheet in result.sheets:
                st.write(
                    t(
                        "data.sheet_result",
                        label=sheet.label,
                        dataset=t(f"dataset.{sheet.dataset}"),
                        loaded=i18n.fmt_number(sheet.rows_loaded),
                        rejected=i18n.fmt_number(sheet.rows_rejected),
                    )
                )

st.subheader(t("data.tables"))
st.dataframe(
    [
        {t("data.dataset"): t(f"dataset.{name}"), t("data.rows"): i18n.fmt_number(n)}
        for name, n in store.row_counts(con).items()
        if name != "uploads"
    ],
    hide_index=True,
)

st.subheader(t("data.history"))
history = store.upload_history(con)
if history.empty:
    st.caption(t("data.no_uploads"))
else:
    history["dataset"] = history["dataset"].map(lambda name: t(f"dataset.{name}"))
    history = history.fillna("")
    history.columns = [t(f"data.col.{c}") for c in history.columns]
    st.dataframe(history, hide_index=True)
