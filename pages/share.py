"""Share this view: the link of the current page with its filters, ready to copy.

Everything a view depends on is in its URL (see app.py), so sharing is
writing that URL out whole. The review date and window are pinned in the
link even when they are the defaults: a colleague opening it after the
next upload still sees the week that was discussed. A link opened by
someone limited to regions shows that view within their regions.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import streamlit as st

from pages.common import LANG_PARAM, filters, lang, t


def share_link(page_path: str) -> str:
    """The absolute link of `page_path` with this session's filters and language."""
    pinned = {"as_of": filters().get("as_of"), "window": filters().get("window_days")}
    params = [(k, v) for k in st.query_params for v in st.query_params.get_all(k)]
    given = {k for k, _ in params}
    params += [(k, str(v)) for k, v in pinned.items() if v is not None and k not in given]
    if LANG_PARAM not in given:
        params.append((LANG_PARAM, lang()))
    return f"{_app_root(page_path)}/{page_path}?{urlencode(params)}"


def _app_root(page_path: str) -> str:
    """The app's address as the browser sees it, without the page ("" when unknown).

    The app may live under a prefix (a reverse proxy's /sales/): only the page is dropped.
    """
    url = st.context.url
    if not url:
        return ""
    parts = urlsplit(url)
    path = parts.path.rstrip("/").removesuffix("/" + page_path)
    return f"{parts.scheme}://{parts.netloc}{path}"


def share_box(page_path: str) -> None:
    """The sidebar's "Share this view" button: a popover holding the link and a copy button."""
    with st.sidebar.popover(t("share.button"), icon=":material/share:", width="stretch"):
        st.caption(t("share.help"))
        st.code(share_link(page_path), language=None, wrap_lines=True)
