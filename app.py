"""salesdash: the Streamlit entry point. Navigation, language and the shared sidebar.

Everything a view depends on is in its URL, so a copied link reopens it: the
page (its url_path), the language (`?lang=`) and the filters (widgets bound to
query parameters, see `pages.common.sidebar_filters`).
"""

from __future__ import annotations

import logging

import streamlit as st

from pages.auth import current_user
from pages.common import (
    LANG_PARAM,
    has_sales,
    lang,
    new_run,
    release_workspace,
    sidebar_filters,
    sidebar_freshness,
    t,
    url_value,
)
from pages.share import share_box
from pages.signin import sign_in_screen, who_box
from salesdash import i18n
from salesdash.workspace import WorkspaceBusy

st.set_page_config(page_title="salesdash", page_icon=":bar_chart:", layout="wide")
new_run()


def _switch_language() -> None:
    chosen = st.session_state["lang_switch"]
    st.session_state["lang"] = chosen
    st.query_params[LANG_PARAM] = chosen


def language_switch() -> None:
    """The language picker; an explicit choice (or `?lang=`) stays in the URL for sharing."""
    requested = st.query_params.get(LANG_PARAM)
    if requested is not None and requested not in i18n.LANGS:
        st.toast(t("app.bad_language", value=url_value(requested)))
    current = lang()
    st.session_state["lang"] = current
    if requested != current:
        st.query_params[LANG_PARAM] = current
    if st.session_state.get("lang_switch") != current:
        st.session_state["lang_switch"] = current
    with st.sidebar:
        st.selectbox(
            t("app.language"),
            i18n.LANGS,
            format_func=lambda code: i18n.t("app.language_name", code),
            key="lang_switch",
            on_change=_switch_language,
        )


# (script, url_path, title key, icon, ability needed), in the order a weekly review
# walks through them.
PAGES = (
    ("pages/weekly.py", "weekly", "nav.weekly", ":material/event_note:", "view"),
    ("pages/targets.py", "targets", "nav.targets", ":material/flag:", "view"),
    ("pages/sell_through.py", "sell-through", "nav.sell_through", ":material/swap_horiz:", "view"),
    ("pages/customers.py", "customers", "nav.customers", ":material/groups:", "view"),
    ("pages/visits.py", "visits", "nav.visits", ":material/route:", "view"),
    ("pages/complaints.py", "complaints", "nav.complaints", ":material/report:", "view"),
    ("pages/data.py", "data", "nav.data", ":material/upload_file:", "edit"),
    ("pages/settings.py", "settings", "nav.settings", ":material/settings:", "admin"),
)
user = current_user()
# A page the user's role does not allow is not served at all: its link falls back to the start.
pages = {
    url: st.Page(script, title=t(title), icon=icon, url_path=url)
    for script, url, title, icon, ability in PAGES
    if user is None or user.can(ability)
}


def start() -> None:
    """The app's root URL: the weekly review once there are sales, the upload page before.

    A hidden page that forwards, with the link's parameters, rather than a
    page marked default: Streamlit serves the default page at `/` only, so
    `/weekly` would stop working as a link the day the first upload lands.
    """
    target = pages["weekly"] if has_sales() or "data" not in pages else pages["data"]
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    st.switch_page(target, query_params=params)


start_page = st.Page(start, title="salesdash", url_path="start", default=True, visibility="hidden")
# Before sign-in every page is registered but none is run, so a shared link's page and
# filters stay in the address bar and open once the person has signed in.
page = st.navigation([start_page, *pages.values()], position="sidebar" if user else "hidden")
try:
    if user is None:
        language_switch()
        sign_in_screen()
        st.stop()
    who_box()
    # The sidebar's widgets own their URL parameters once drawn, so the page that
    # forwards a link draws none of them; nothing on the upload page is filtered.
    if page is not start_page:
        language_switch()
        if page.url_path not in ("data", "settings"):
            sidebar_filters()
            if has_sales():  # an empty workspace has no view worth a link yet
                share_box(page.url_path)
        sidebar_freshness()
    page.run()
except WorkspaceBusy:
    st.warning(t("app.busy"), icon=":material/hourglass_top:")
except Exception:  # rerun and stop are BaseExceptions and pass through
    # A manager in a meeting gets a sentence, not a traceback; the log keeps the details.
    logging.getLogger("salesdash").exception("page %s failed", page.url_path)
    st.error(t("app.page_failed"), icon=":material/error:")
finally:
    release_workspace()
