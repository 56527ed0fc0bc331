"""What every page shares: the workspace connection, the UI language, translated text."""

from __future__ import annotations

import duckdb
import streamlit as st

from salesdash import i18n, store


@st.cache_resource
def _workspace() -> duckdb.DuckDBPyConnection:
    return store.connect()


def workspace() -> duckdb.DuckDBPyConnection:
    """A cursor of the shared workspace connection: DuckDB cursors are safe per session thread."""
    return _workspace().cursor()


def lang() -> str:
    chosen = st.session_state.get("lang") or st.query_params.get("lang")
    return i18n.pick_language(chosen, st.context.locale)


def t(key: str, **values: object) -> str:
    return i18n.t(key, lang(), **values)
