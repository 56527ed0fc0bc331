"""What every page shares: the workspace, the language, the global filters, cached metrics.

Pages stay layout: they call `metric(name)` for a DataFrame and draw it. The
filters live in the URL (widgets bound to query parameters), so a copied link
reopens the same view; figures are computed once for every session of the
server and keyed by the data's fingerprint (salesdash.results), so a new
upload invalidates every cached figure at once.

The API pages use:

- `t(key, **values)`, `lang()`; `fmt_number`, `fmt_pct`, `fmt_date` in the UI language
  ("–" for a missing value); `fmt_short` for a headline card (8.92M, 892.3万),
  `fmt_unit` (12.5 wk), `fmt_points` (+1.1 pp), `help_exact`; `is_blank(value)`;
  `label(code, prefix)` for a data code in the UI language; `scope_name(scope, catalogue)`;
  `md(value)` to put a value from the data into Markdown text
- `metric(name, **params)`: query `name` under the sidebar filters (params override)
- `metric_unfiltered(name, **params)`: the same, ignoring the filters
- `filters()`: the filters as query parameters (as_of, window_days, regions, ...);
  app.py draws them (`sidebar_filters()`, a no-op when called again in a run);
  a page calls `ensure_filters(__file__)` so that it also runs on its own
- `missing_reason(name)`: why query `name` has nothing to show (translated), or None;
  `metric_or_reason(name)` the rows or that reason; `need_reason(needs)` the same
  for a figure's needs ("sell_out"...), `data_present()`
- `has_sales()`: whether the workspace holds any sales (else show the guide)
- `cards(items)`: headline numbers that wrap two to a row on a phone
- `drill_down(chart_key, dimension, values)`: an `on_select` callback for
  `charts.show` that turns a clicked bar into the `dimension` filter

app.py alone calls `new_run()`, `sidebar_filters()` and `sidebar_freshness()`.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from pages import auth
from salesdash import config, i18n, queries, results, store
from salesdash import workspace as salesdash_workspace
from salesdash.config import default_db_path


def _leave_legacy_multipage_mode() -> None:
    """Hand a cold deep link (`/weekly` as a fresh server's first request) to app.py.

    Streamlit takes a folder named `pages/` beside the entry script for a
    legacy multipage app until `st.navigation` has run once in the process:
    such a first request runs `pages/weekly.py` alone, without app.py's
    sidebar, language or filters, and lists every module here as a page.
    Every page imports this module, so the first one to run switches that
    mode off and starts over through app.py. (Renaming the folder would make
    this unnecessary.)
    """
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if PagesManager.uses_pages_directory and get_script_run_ctx() is not None:
        PagesManager.uses_pages_directory = False
        st.rerun()


_leave_legacy_multipage_mode()

WINDOWS = (7, 14, 28)
FILTER_DIMENSIONS = ("region", "rep", "segment", "product")
# URL parameters the app itself owns, besides the filters: the language.
LANG_PARAM = "lang"


_RUN_WORKSPACE = "_workspace_run"


def workspace() -> duckdb.DuckDBPyConnection:
    """A read-only connection to the workspace for the rest of this script run.

    Opened on first use in a run and given back when the run ends (app.py calls
    `release_workspace()`), so a command-line load can take the file between
    two interactions and the next run shows its rows (see salesdash.workspace:
    while other runs are going on, the connection is handed on to the next).
    """
    held = st.session_state.get(_RUN_WORKSPACE)
    if held is None:
        stack = ExitStack()
        con = stack.enter_context(salesdash_workspace.reading(default_db_path(), reuse=True))
        held = st.session_state[_RUN_WORKSPACE] = (stack, con)
    return held[1]


def release_workspace() -> None:
    """Close this session's connection, letting writers in; the next `workspace()` reopens."""
    _this_run.__dict__.pop("version", None)
    held = st.session_state.pop(_RUN_WORKSPACE, None)
    if held is not None:
        held[0].close()


@contextmanager
def writing(
    into: duckdb.DuckDBPyConnection | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The workspace for a change (upload, removal): waits for readers, keeps new ones out.

    The one way a page gets a writable workspace, so the role check here
    holds whatever a page draws: a viewer's session gets PermissionError.
    `into`: the private connection an upload was planned on (salesdash.workspace.writing).
    """
    auth.require("edit")
    release_workspace()
    with salesdash_workspace.writing(default_db_path(), into=into) as con:
        yield con


# ---- language --------------------------------------------------------------


# What one script run decides once: its language and the data version it reads.
# A run executes on a thread of its own, so a thread-local holds them; `new_run`
# forgets them at the start of every run. Every text asks for the language, some
# 800 times a run, and each look-up through st.session_state or st.query_params
# costs a Streamlit proxy call: a tenth of a page run (bench/load.py). Only a
# script run may ask: code that runs on another thread (a download's callable,
# made on a click) gets its texts from the run that set it up.
_this_run = threading.local()


def _run_memo(name: str, decide: Callable[[], Any]) -> Any:
    value = getattr(_this_run, name, None)
    if value is None:
        value = decide()
        setattr(_this_run, name, value)
    return value


def lang() -> str:
    """The UI language: `?lang=` in the URL, else this session's choice, else the browser's.

    Decided once per script run: the URL, the session and the settings change
    only between runs (the language picker's callback runs before the script).
    """
    return _run_memo("lang", _pick_lang)


def _pick_lang() -> str:
    from_url = st.query_params.get(LANG_PARAM)
    if from_url in i18n.LANGS:
        return from_url
    return i18n.pick_language(
        st.session_state.get("lang"), st.context.locale, config.setting("default_language")
    )


def t(key: str, **values: object) -> str:
    return i18n.t(key, lang(), **values)


def fmt_number(value: Any, decimals: int = 0) -> str:
    """A figure in the UI language (123.5万 in Chinese); "–" for a missing one."""
    return i18n.fmt_number(_number(value), lang(), decimals)


def fmt_pct(value: Any, decimals: int = 1) -> str:
    return i18n.fmt_pct(_number(value), decimals)


def fmt_date(value: Any) -> str:
    if value is None or pd.isna(value):
        return i18n.fmt_date(None, lang())
    return i18n.fmt_date(pd.Timestamp(value).date(), lang())


# Card-sized amounts in English: (from, divisor, suffix), largest first.
SHORT_UNITS = ((1e9, 1e9, "B"), (1e6, 1e6, "M"), (1e5, 1e3, "k"))
MILLIONS = ((1e6, 1e6, "M"),)


def fmt_short(
    value: Any, units: Sequence[tuple[float, float, str]] = SHORT_UNITS, spec: str = ".3g"
) -> str:
    """An amount short enough for a headline card: 8.92M in English, 892.3万 in Chinese.

    English takes the first of `units` the amount reaches, written with
    `spec` (`MILLIONS` and ",.2f" give 1.53M and leave 153,000 whole);
    Chinese needs no suffix of its own (`fmt_number` writes 万 and 亿).
    """
    number = _number(value)
    if number is not None and lang() != "zh":
        for start, divisor, suffix in units:
            if abs(number) >= start:
                return with_currency(f"{number / divisor:{spec}}{suffix}")
    return with_currency(fmt_number(value))


def currency() -> str:
    """The deployment's currency symbol (`currency_symbol` setting; none by default)."""
    return str(config.setting("currency_symbol") or "")


def with_currency(amount: str) -> str:
    """A formatted amount with the currency symbol in front: ¥8.92M, -¥1,200; "–" stays bare.

    As the weekly report writes it (`i18n.with_currency`), so the file reads as the page.
    """
    return i18n.with_currency(amount, currency())


def fmt_money(value: Any) -> str:
    """A whole amount with thousands separators (or 万 in Chinese) and the currency symbol."""
    return with_currency(fmt_number(value))


def fmt_unit(value: Any, key: str, decimals: int = 1) -> str:
    """A quantity written by text `key` from its `{n}` ("12.5 wk", "3.0 d"); "–" for a missing one."""
    return "–" if is_blank(value) else t(key, n=fmt_number(value, decimals))


def fmt_points(value: Any, key: str) -> str:
    """A difference of two shares in percentage points, written by text `key`: +1.1 pp."""
    return t(key, value=f"{float(value) * 100:+.1f}")


def help_exact(key: str, help_text: str, value: Any) -> str:
    """A card's help with the exact figure its short value rounds (text `key`: {help}, {value})."""
    return t(key, help=help_text, value=fmt_number(value))


def is_blank(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value))


def label(value: object, prefix: str | None = None, blank: str = "–") -> str:
    """A data code (channel `retailer`, purpose `collection`) in the UI language, else as is."""
    if is_blank(value):
        return blank
    key = f"{prefix}.{value}"
    text = t(key) if prefix else key
    return str(value) if text == key else text  # t() gives the key back for unknown codes


def scope_name(scope: object, catalogue: str) -> str:
    """A target's scope, 'rep+region' -> "rep × region" in the UI language ('all' = company-wide).

    The words are `{catalogue}.scope.{part}`; "–" when there is no scope.
    """
    if is_blank(scope):
        return "–"
    return " × ".join(t(f"{catalogue}.scope.{part}") for part in str(scope).split("+"))


def md(value: object) -> str:
    """A value from the data, safe to put inside Markdown (a customer named `*A*` stays literal)."""
    return _MD_SPECIAL.sub(r"\\\g<0>", str(value))


_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]<>()#+\-.!|~$:&]")

# A value from the link as a notice repeats it: at most this many characters of it.
URL_VALUE_SHOWN = 60


def url_value(value: str) -> str:
    """A value from the link, for a notice: cut short, control characters made visible
    (NUL as ␀), Markdown-escaped. A link can carry anything, and a pasted one often does.

    The value always sits inside a sentence on one line (newlines become ␊), so
    only inline Markdown is escaped (`-`, `+`, `#`, `!` mean something at the
    start of a line only), and dots except between digits and `@`, which would
    make `www.x.example` or `a@x.example` a link: a date or a number stays as
    typed (`2025-13-45`, `-1`, `2.5`).
    """
    text = value if len(value) <= URL_VALUE_SHOWN else value[:URL_VALUE_SHOWN] + "…"
    return _MD_INLINE.sub(r"\\\g<0>", re.sub(r"[\x00-\x1f\x7f]", _visible_control, text))


_MD_INLINE = re.compile(r"[\\`*_{}\[\]<>()|~$:@]|(?<!\d)\.|\.(?!\d)")


def _visible_control(match: re.Match[str]) -> str:
    code = ord(match.group())
    return chr(0x2421 if code == 0x7F else 0x2400 + code)


def _number(value: Any) -> float | None:
    """None for NULL / NaN / NA, else a plain float (query cells come as numpy scalars)."""
    if value is None or pd.isna(value):
        return None
    return float(value)


# ---- metrics, cached per data version --------------------------------------


def data_version() -> str:
    """Changes with every upload or removal: the cache key that keeps figures fresh.

    Read once per script run: no load can commit while the run holds the
    workspace, and a page asks for it with every figure (bench/load.py).
    """
    return _run_memo("version", _read_version)


def _read_version() -> str:
    con = workspace()
    queries.prepare(con)
    return con.execute("select data_fingerprint()").fetchone()[0]


def _bound(name: str, params: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    known = queries.queries()[name].params
    return tuple(sorted((k, _hashable(v)) for k, v in params.items() if k in known))


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def metric(name: str, **params: Any) -> pd.DataFrame:
    """The rows of query `name` under the current filters (overridable by `params`)."""
    return metric_unfiltered(name, **{**filters(), **params})


def metric_unfiltered(name: str, **params: Any) -> pd.DataFrame:
    """The rows of query `name` with only `params` (defaults for the rest)."""
    bound, scope = _bound(name, params), auth.scope()
    # The regions are part of the key: one user's rows never answer another's narrower question.
    rows = _shared(("metric", name, bound, scope), queries.run, name, scope=scope, **dict(bound))
    return rows.copy(deep=False)  # copy-on-write: a page changing its frame changes only its own


def _shared(key: tuple, compute: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """`compute(workspace(), *args, **kwargs)`, once per data version for the whole server.

    See salesdash.results: sessions asking the same share one answer.
    """
    con = workspace()
    return results.cached(
        str(default_db_path()), data_version(), key, lambda: compute(con, *args, **kwargs)
    )


def data_present() -> dict[str, bool]:
    """Which kinds of data the workspace holds (see queries.NEED_REASONS)."""
    return dict(_shared(("present",), queries.data_present))


def freshness() -> dict[str, object]:
    """The sales dates and the last upload (see store.freshness), once per data version."""
    return dict(_shared(("freshness",), store.freshness))


def row_counts() -> dict[str, int]:
    """Rows per dataset and uploads (see store.row_counts), once per data version: the
    upload page asks twice on every rerun while a file is checked."""
    return dict(_shared(("row_counts",), store.row_counts))


def upload_history():
    """The upload history with each upload's dates (see store.upload_history), once per
    data version: the upload page reads it on every rerun while a file is checked."""
    return _shared(("uploads",), store.upload_history).copy(deep=False)


def has_sales() -> bool:
    return data_present()["sales"]


def need_reason(needs: Sequence[str]) -> str | None:
    """Why a figure needing `needs` (sales, sell_out, targets...) is empty, or None."""
    present = data_present()
    for need in needs:
        if not present.get(need, False):
            return t(f"common.need.{need}")
    return None


def missing_reason(name: str, catalogue: str = "common") -> str | None:
    """Why query `name` has nothing to show ("no targets loaded"), translated; None if it can.

    The text is `{catalogue}.need.{need}`: a page may say more than the common one.
    """
    reason = queries.missing_reason(workspace(), name, data_present())
    if reason is None:
        return None
    need = {text: key for key, text in queries.NEED_REASONS.items()}[reason]
    return t(f"{catalogue}.need.{need}")


def metric_or_reason(
    name: str, catalogue: str = "common", **params: Any
) -> tuple[pd.DataFrame, str | None]:
    """The rows of query `name` (see `metric`), or no rows and why (see `missing_reason`)."""
    reason = missing_reason(name, catalogue)
    return (pd.DataFrame() if reason else metric(name, **params)), reason


# ---- filters ---------------------------------------------------------------


def filters() -> dict[str, Any]:
    """The global filters as query parameters (set by `sidebar_filters`)."""
    return dict(st.session_state.get("_filters", {}))


def _option_lists(
    con: duckdb.DuckDBPyConnection, scope: tuple[str, ...] | None
) -> dict[str, tuple[str, ...]]:
    rows = queries.run(con, "filter_options", scope=scope)
    return {d: tuple(rows.loc[rows["dimension"] == d, "value"]) for d in FILTER_DIMENSIONS}


def _options(dimension: str) -> list[str]:
    """The values a filter offers (within the user's regions), once per data version."""
    scope = auth.scope()
    return list(_shared(("options", scope), _option_lists, scope)[dimension])


_FILTERS_DRAWN = "_filters_drawn"


def new_run() -> None:
    """app.py calls this first on every run: the sidebar is not drawn yet.

    A connection a page left open (a page run on its own, without app.py
    closing it) is closed here at the latest.
    """
    release_workspace()
    _this_run.__dict__.clear()
    st.session_state[_FILTERS_DRAWN] = False


def sidebar_filters() -> dict[str, Any]:
    """Draw the global filters in the sidebar, bound to the URL; returns the query parameters.

    app.py draws them on every page but the upload page; a page that calls
    this again in the same run gets the same values and nothing is drawn twice.

    A value in the URL that the data does not hold (a typo, a region since
    removed, a date outside the data) is dropped with a notice instead of
    failing the page; Streamlit then takes it out of the URL.
    """
    if st.session_state.get(_FILTERS_DRAWN):
        return filters()  # app.py drew them this run; a page asking again gets their values
    st.session_state[_FILTERS_DRAWN] = True
    fresh = freshness()
    first, latest = fresh["first_sales_date"], fresh["latest_sales_date"]
    params: dict[str, Any] = {}
    with st.sidebar:
        st.header(t("filters.title"))
        if latest is None:
            st.caption(t("filters.no_data"))
            st.session_state["_filters"] = params
            return params
        _check_url_date("as_of", first, latest)
        as_of = st.date_input(
            t("filters.as_of"),
            value=latest,
            min_value=first,
            max_value=latest,
            key="as_of",
            bind="query-params",
            persist_state="session",
            format="YYYY-MM-DD",
        )
        _check_url_values("window", [str(d) for d in WINDOWS], t("filters.window"))
        window = st.segmented_control(
            t("filters.window"),
            WINDOWS,
            default=WINDOWS[0],
            required=True,
            # The URL holds the formatted option, so it stays a bare number
            # that reads the same in every language (?window=14).
            format_func=str,
            key="window",
            bind="query-params",
            persist_state="session",
        )
        params.update(as_of=as_of or latest, window_days=window or WINDOWS[0])
        for dimension in FILTER_DIMENSIONS:
            options = _options(dimension)
            _check_url_values(dimension, options, t(f"filters.{dimension}"))
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


def ensure_filters(page_file: str) -> dict[str, Any]:
    """The sidebar filters, for a page: call with the page's `__file__`.

    app.py draws them before the page (this call then only reads them); when
    the page file runs on its own (`streamlit run`, AppTest) each run draws them.
    """
    ctx = get_script_run_ctx()
    if ctx is not None and Path(ctx.main_script_path).resolve() == Path(page_file).resolve():
        new_run()
    return sidebar_filters()


def _check_url_values(key: str, options: Sequence[str], name: str) -> None:
    unknown = [v for v in st.query_params.get_all(key) if v and v not in options]
    if unknown:
        shown = ", ".join(url_value(v) for v in unknown)
        st.toast(t("filters.unknown_value", name=name, value=shown))


def check_url_choice(key: str, options: Sequence[str], name: str) -> None:
    """A page's own URL parameter (`?by=`, `?sla_days=`): a value not among `options` is
    ignored with the same notice as a filter's, instead of silently."""
    _check_url_values(key, options, name)


def check_url_number(given: str | None, used: int, name: str) -> None:
    """A whole number from the link that its widget could not use (`?sla_days=abc`, out of
    range) gets the filters' notice; `given` is the link's text read before the widget was
    drawn, `used` the widget's value (Streamlit reads `2.5` as 2, ` 5` as 5)."""
    if not given:
        return
    try:
        ok = int(float(given)) == used
    except (ValueError, OverflowError):
        ok = False
    if not ok:
        st.toast(t("filters.unknown_value", name=name, value=url_value(given)))


def _check_url_date(key: str, first: dt.date, latest: dt.date) -> None:
    given = st.query_params.get(key)
    if not given:
        return
    try:
        ok = first <= dt.date.fromisoformat(given) <= latest
    except ValueError:
        ok = False
    if not ok:
        st.toast(t("filters.bad_date", value=url_value(given)))


def sidebar_freshness() -> None:
    """The workspace's age at the foot of the sidebar: "Sales up to 16 Nov 2025 · loaded 2 h ago"."""
    fresh = freshness()
    with st.sidebar:
        if fresh["latest_sales_date"] is None:
            st.caption(t("common.fresh_empty"))
            return
        st.caption(
            t(
                "common.fresh",
                date=fmt_date(fresh["latest_sales_date"]),
                ago=ago(fresh["last_upload_at"]),
            )
        )


def ago(moment: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """How long ago `moment` was, in the UI language ("2 h ago", "3 天前")."""
    if moment is None:
        return "–"
    seconds = ((now or dt.datetime.now()) - moment).total_seconds()
    if seconds < 60:
        return t("common.ago_now")
    if seconds < 3600:
        return t("common.ago_minutes", n=int(seconds // 60))
    if seconds < 48 * 3600:
        return t("common.ago_hours", n=int(seconds // 3600))
    return t("common.ago_days", n=int(seconds // 86400))


# ---- headline cards --------------------------------------------------------

CARD_WIDTH = 160  # two cards to a row on a 375 px phone
_CARD_FIELDS = ("label", "value", "help")


def cards(items: Sequence[Mapping[str, Any] | tuple[str, str, str]]) -> None:
    """Headline numbers that wrap two to a row on a phone.

    Each item is (label, value, help), or a mapping of `st.metric`'s arguments
    for a card with a delta.
    """
    with st.container(horizontal=True, gap="small"):
        for item in items:
            args = item if isinstance(item, Mapping) else dict(zip(_CARD_FIELDS, item, strict=True))
            st.metric(**args, border=True, width=CARD_WIDTH)


# ---- drill-down ------------------------------------------------------------


def drill_down(chart_key: str, dimension: str, values: Sequence[Any]) -> Callable[[], None]:
    """An `on_select` callback for `charts.show(..., key=chart_key)`: click a bar to filter.

    `values` are the chart's categories in trace order (the table's column
    the bars were drawn from); the clicked bar's value becomes the
    `dimension` filter (region, rep, segment or product), which updates the
    URL and every figure on the next run. A callback, because a widget's
    state can only be set before the widget is drawn, and the sidebar
    filters are drawn before any page.
    """

    def apply() -> None:
        apply_drill(st.session_state, chart_key, dimension, values, _options(dimension))

    return apply


def apply_drill(
    state: MutableMapping[str, Any],
    chart_key: str,
    dimension: str,
    values: Sequence[Any],
    options: Sequence[str],
) -> str | None:
    """Set `state[dimension]` to the value of the bar selected in chart `chart_key`.

    A point carries its value as customdata when the chart set it, else its
    position among `values`. A value that is not a filter option (a total
    bar, an empty group) is ignored. Returns the value applied, if any.
    """
    event = state.get(chart_key) or {}
    points = (event.get("selection") or {}).get("points") or []
    if not points:
        return None
    point = points[0]
    value = point.get("customdata")
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    if value is None:
        index = point.get("point_index", point.get("point_number"))
        value = values[index] if index is not None and 0 <= index < len(values) else None
    if value is None or str(value) not in options:
        return None
    state[dimension] = [str(value)]
    return str(value)
