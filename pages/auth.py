"""Who is using this session, as the deployment's secrets say (see salesdash.access).

The checks that matter run on the server: app.py puts only the pages a
role may use into the navigation, each page that changes data calls
`require("edit")`, and `pages.common.writing()` (the only way a page gets
a writable workspace) refuses a session that may not edit. Region limits
travel with every metric query (`pages.common.metric`), not with what is drawn.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.runtime.secrets import secrets_singleton

from salesdash import access
from salesdash.access import User

_SESSION_USER = "_signed_in"  # (User, the password hash that opened it)


def secrets() -> dict[str, Any]:
    """Streamlit's secrets as a plain dict; {} when the deployment has none.

    Streamlit caches the file once read, but without one it looks for the
    files again on every access: a stat each here instead (every metric
    asks whose regions it may show; 7% of a page run without a file).
    """
    if st.secrets is secrets_singleton and not any(
        Path(path).exists() for path in st.get_option("secrets.files")
    ):
        return {}
    try:
        return st.secrets.to_dict()
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return {}


def sign_in_mode() -> str:
    return access.mode(secrets())


def signed_in_email() -> str | None:
    """The identity provider's e-mail for this session, if signed in through `st.login`."""
    return st.user.get("email") if st.user.is_logged_in else None


def current_user() -> User | None:
    """This session's user; None until they sign in or when the allow-list refuses them."""
    config = secrets()
    mode = access.mode(config)
    if mode == "none":
        return access.LOCAL_USER
    ours = config.get("salesdash", {})
    if mode == "oidc":
        return access.user_for_email(signed_in_email(), ours.get("access", {}))
    held = st.session_state.get(_SESSION_USER)
    if held is None:
        return None
    user, opened_by = held
    # A password taken out of the secrets signs its sessions out on their next run.
    if not any(entry.get("hash") == opened_by for entry in ours.get("passwords", [])):
        st.session_state.pop(_SESSION_USER, None)
        return None
    return user


def sign_in_with_password(password: str) -> User | None:
    """Open this session with a password from `[[salesdash.passwords]]`; None if none matches."""
    entries = secrets().get("salesdash", {}).get("passwords", [])
    found = access.find_password(password, entries)
    if found is None:
        return None
    user = access.password_user(entries[found])
    st.session_state[_SESSION_USER] = (user, entries[found]["hash"])
    return user


def sign_out() -> None:
    if sign_in_mode() == "oidc":
        st.logout()
    st.session_state.pop(_SESSION_USER, None)


def can(ability: str) -> bool:
    user = current_user()
    return user is not None and user.can(ability)


def require(ability: str) -> User:
    """The current user, if they may `ability`; else PermissionError (a page shows it, st stops)."""
    user = current_user()
    if user is None or not user.can(ability):
        raise PermissionError(f"this session may not {ability}")
    return user


def scope() -> tuple[str, ...] | None:
    """The regions this session may see; None for all (and before sign-in: nothing is shown)."""
    user = current_user()
    return user.regions if user is not None else ()


def unprotected() -> bool:
    """Whether anyone on the network can open this app without signing in."""
    return sign_in_mode() == "none" and not access.is_loopback(st.get_option("server.address"))
