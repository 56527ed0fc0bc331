"""What every page shares: the workspace, the language, the global filters, cached metrics.

Pages stay layout: they call `metric(name)` for a DataFrame and draw it. The
filters live in the URL (widgets bound to query parameters), so a copied link
reopens the same view; the cache is keyed by the data's fingerprint, so a new
upload invalidates every cached figure at once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from salesdash import i18n, queries, store
from salesdash.config import default_db_path

WINDOWS = (7, 14, 28)
FILTER_DIMENSIONS = ("region", "rep", "segment", "product")


@st.cache_resource
def _workspace(path: str) -> duckdb.DuckDBPyConnection:
    return store.connect(path)


def workspace() -> duckdb.DuckDBPyConnection:
    """A cursor of the shared workspace connection: DuckDB cursors are safe per session thread."""
    return _workspace(str(default_db_path())).cursor()


def lang() -> str:
    chosen = st.session_state.get("lang") or st.query_params.get("lang")
    return i18n.pick_language(chosen, st.context.locale)


def t(key: str, **values: object) -> str:
    return i18n.t(key, lang(), **values)


def data_version() -> str:
    """Changes with every upload or removal: the cache key that keeps figures fresh."""
    con = workspace()
    queries.prepare(con)
    return con.execute("select data_fingerprint()").fetchone()[0]


@st.cache_data(show_spinner=False, max_entries=2000)
def _run(db: str, version: str, name: str, params: tuple[tuple[str, Any], ...]) -> pd.DataFrame:
    del version  # part of the cache key only
    return queries.run(_workspace(db).cursor(), name, **dict(params))


def metric(name: str, **params: Any) -> pd.DataFrame:
    """The rows of query `name` under the current filters (overridable by `params`)."""
    merged = {**filters(), **params}
    known = queries.queries()[name].params
    bound = tuple(sorted((k, _hashable(v)) for k, v in merged.items() if k in known))
    return _run(str(default_db_path()), data_version(), name, bound)


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def filters() -> dict[str, Any]:
    """The global filters as query parameters (set by `sidebar_filters`)."""
    return dict(st.session_state.get("_filters", {}))


def _options(dimension: str) -> list[str]:
    rows = metric_unfiltered("filter_options")
    return rows.loc[rows["dimension"] == dimension, "value"].tolist()


def metric_unfiltered(name: str, **params: Any) -> pd.DataFrame:
    known = queries.queries()[name].params
    bound = tuple(sorted((k, _hashable(v)) for k, v in params.items() if k in known))
    return _run(str(default_db_path()), data_version(), name, bound)


def sidebar_filters() -> dict[str, Any]:
    """Draw the global filters in the sidebar, bound to the URL; returns the query parameters.

    A value in the URL that the data does not hold (a typo, a region since
    removed) is dropped with a notice instead of failing the page.
    """
    con = workspace()
    latest = queries.default_as_of(con)
    params: dict[str, Any] = {}
    with st.sidebar:
        st.header(t("filters.title"))
        if latest is None:
            st.caption(t("filters.no_data"))
            st.session_state["_filters"] = params
            return params
        _check_url_date("as_of", latest)
        as_of = st.date_input(
            t("filters.as_of"),
            value=latest,
            max_value=latest,
            key="as_of",
            bind="query-params",
            persist_state="session",
        )
        window = st.selectbox(
            t("filters.window"),
            WINDOWS,
            format_func=lambda d: t("filters.window_days", days=d),
            key="window",
            bind="query-params",
            persist_state="session",
        )
        params.update(as_of=as_of or latest, window_days=window or WINDOWS[0])
        for dimension in FILTER_DIMENSIONS:
            options = _options(dimension)
            _check_url_values(dimension, options)
            chosen = st.multiselect(
                t(f"filters.{dimension}"),
                options,
                key=dimension,
                bind="query-params",
                persist_state="session",
                placeholder=t("filters.all"),
            )
            params[f"{dimension}s"] = list(chosen) or None
    st.session_state["_filters"] = params
    return params


def _check_url_values(key: str, options: list[str]) -> None:
    given = st.query_params.get_all(key)
    unknown = [v for v in given if v not in options]
    if unknown:
        st.toast(t("filters.unknown_value", name=t(f"filters.{key}"), value=", ".join(unknown)))


def _check_url_date(key: str, latest: dt.date) -> None:
    given = st.query_params.get(key)
    if given is None:
        return
    try:
        ok = dt.date.fromisoformat(given) <= latest
    except ValueError:
        ok = False
    if not ok:
        st.toast(t("filters.bad_date", value=given))
