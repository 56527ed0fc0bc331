"""salesdash: the Streamlit entry point. Navigation, language and the shared sidebar."""

from __future__ import annotations

import streamlit as st

from pages.common import lang, t
from salesdash import i18n

st.set_page_config(page_title="salesdash", page_icon=":bar_chart:", layout="wide")

with st.sidebar:
    current = lang()
    choice = st.selectbox(
        t("app.language"),
        i18n.LANGS,
        index=i18n.LANGS.index(current),
        format_func=lambda code: i18n.t("app.language_name", code),
        key="lang_switch",
    )
    if choice != current:
        st.session_state["lang"] = choice
        st.query_params["lang"] = choice
        st.rerun()

pages = [
    st.Page("pages/data.py", title=t("nav.data"), icon=":material/upload_file:", url_path="data")
]
st.navigation(pages).run()
