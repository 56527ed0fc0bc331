"""What a person sees about signing in: the sign-in screen, who they are, and refusals."""

from __future__ import annotations

import time

import streamlit as st

from pages import auth
from pages.common import md, t
from salesdash.access import AccessConfigError

# A wrong password costs this long, so guessing through the form is slow.
WRONG_PASSWORD_PAUSE = 1.0


def sign_in_screen() -> None:
    """Shown instead of any page until the session is signed in (the link's view waits)."""
    st.title(t("auth.title"))
    mode = auth.sign_in_mode()
    if mode == "oidc":
        email = auth.signed_in_email()
        if email:  # signed in with the provider, but not on the allow-list
            st.error(t("auth.not_allowed", email=md(email)), icon=":material/block:")
            st.button(t("auth.sign_out"), on_click=auth.sign_out)
            return
        st.caption(t("auth.oidc_help"))
        for provider in _providers():
            label = t("auth.sign_in_with", provider=provider) if provider else t("auth.sign_in")
            st.button(
                label, on_click=st.login, args=(provider,) if provider else (), type="primary"
            )
        return
    with st.form("sign_in"):
        password = st.text_input(t("auth.password"), type="password")
        submitted = st.form_submit_button(t("auth.sign_in"), type="primary")
    if submitted:
        try:
            user = auth.sign_in_with_password(password)
        except AccessConfigError as exc:
            st.error(t("auth.config_error", error=md(exc)), icon=":material/error:")
            return
        if user is None:
            time.sleep(WRONG_PASSWORD_PAUSE)
            st.error(t("auth.wrong_password"), icon=":material/lock:")
        else:
            st.rerun()


def _providers() -> list[str | None]:
    """The `[auth.<name>]` providers configured; [None] for a single provider in `[auth]`."""
    named = [k for k, v in auth.secrets().get("auth", {}).items() if isinstance(v, dict)]
    return named or [None]


def who_box() -> None:
    """The sidebar's "signed in as" line and sign-out button; the unprotected-data warning."""
    if auth.unprotected():
        st.warning(t("auth.unprotected"), icon=":material/public:")
    user = auth.current_user()
    if user is None or auth.sign_in_mode() == "none":
        return
    with st.sidebar:
        regions = ", ".join(user.regions) if user.regions is not None else t("auth.all_regions")
        st.caption(
            t("auth.signed_in_as", name=md(user.name), role=t(f"auth.role.{user.role}"))
            + "  \n"
            + t("auth.regions", regions=md(regions))
        )
        st.button(t("auth.sign_out"), on_click=auth.sign_out, key="auth.sign_out")


def guard(ability: str) -> None:
    """Stop a page the session may not use, with a sentence (for a link typed by hand)."""
    if not auth.can(ability):
        st.error(t("auth.denied"), icon=":material/block:")
        st.stop()
