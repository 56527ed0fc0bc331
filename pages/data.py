"""Upload & data: the workspace's contents, the sample data, the upload history."""

from __future__ import annotations

import streamlit as st

from pages.common import lang, t, workspace
from salesdash import i18n, load, store

con = workspace()
st.title(t("data.title"))

if store.row_counts(con)["uploads"] == 0:
    st.info(t("data.empty_guide"))

if st.button(t("data.load_sample"), type="primary"):
    with st.status(t("data.loading_sample"), expanded=True) as status:
        for result in load.load_sample(con):
            st.write(result.message)
        status.update(label=t("data.sample_loaded"), state="complete")

st.subheader(t("data.tables"))
st.dataframe(
    [
        {t("data.dataset"): t(f"dataset.{name}"), t("data.rows"): i18n.fmt_number(n, lang())}
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
    history.columns = [t(f"data.col.{c}") for c in history.columns]
    st.dataframe(history, hide_index=True)
