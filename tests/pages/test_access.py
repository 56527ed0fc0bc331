"""Two people with different roles open the same link: each sees exactly what the role allows.

Sign-in comes from the deployment's secrets (AppTest's `secrets` stand in
for `.streamlit/secrets.toml`); hashes use few iterations to keep it quick.
"""

from __future__ import annotations

import pytest
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from salesdash import access
from tests.pages.sample_workspace import APP, cards

PASSWORDS = {
    "look": {"role": "viewer"},
    "east": {"role": "viewer", "regions": ["华东"], "name": "华东经理"},
    "change": {"role": "editor"},
    "own": {"role": "admin"},
}
HASHES = {pw: access.hash_password(pw, iterations=1_000) for pw in PASSWORDS}


def password_secrets(*which: str) -> dict:
    return {"passwords": [{**PASSWORDS[pw], "hash": HASHES[pw]} for pw in which or PASSWORDS]}


def opened(secrets: dict | None = None, **query_params: str) -> AppTest:
    """app.py opened from a link, with these secrets, before anyone signed in."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (
        secrets if secrets is not None else {"salesdash": password_secrets()}
    ).items():
        at.secrets[key] = value
    for key, value in query_params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return at


def sign_in(at: AppTest, password: str) -> AppTest:
    at.text_input[0].input(password)
    at.get("form_submit_button")[0].click()
    at.run()
    assert not at.exception
    return at


def titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def go(at: AppTest, page: str) -> AppTest:
    at.switch_page(page).run()
    assert not at.exception
    return at


def served(at: AppTest, page: str) -> bool:
    """Whether app.py registered `page` for this session (a link to it would open it)."""
    try:
        at.switch_page(page)
    except ValueError as exc:
        assert "Could not find a navigation page" in str(exc)
        return False
    return True


def test_before_sign_in_nothing_of_the_data_is_shown(sample_workspace):
    at = opened()
    assert titles(at) == ["Sign in to salesdash"]
    assert not at.metric and not at.dataframe and not at.get("plotly_chart")
    assert not at.sidebar.multiselect  # no filter lists the regions or reps


def test_a_wrong_password_is_refused_and_shows_nothing(sample_workspace):
    at = sign_in(opened(), "guess")
    assert "That password is not right" in at.error[0].value
    assert titles(at) == ["Sign in to salesdash"] and not at.metric


def test_a_viewer_sees_the_review_but_not_the_upload_or_settings_pages(sample_workspace):
    at = sign_in(opened(), "look")
    assert titles(at) == ["Weekly review"]
    assert "Signed in as **viewer** · viewer" in at.sidebar.caption[0].value
    assert not served(at, "pages/data.py")
    assert not served(at, "pages/settings.py")
    assert not at.file_uploader


def test_an_editor_may_upload_but_not_change_settings(sample_workspace):
    at = sign_in(opened(), "change")
    assert titles(go(at, "pages/data.py")) == ["Upload & data"]
    assert at.file_uploader
    assert not [t for t in at.text_input if t.label == "Who is uploading"]  # stamped by sign-in
    assert not served(at, "pages/settings.py")


def test_an_admin_sees_the_settings_without_any_password_hash(sample_workspace):
    at = go(sign_in(opened(), "own"), "pages/settings.py")
    assert titles(at) == ["Settings"]
    shown = " ".join(str(df.value.to_dict()) for df in at.dataframe)
    assert "华东经理" in shown and "editor" in shown
    assert not any(h in shown for h in HASHES.values())


def test_a_viewers_session_cannot_write_even_by_calling_the_page_helpers(sample_workspace):
    def try_to_write():
        import streamlit as st

        from pages import auth
        from pages.common import writing

        auth.sign_in_with_password("look")
        try:
            with writing() as con:
                con.execute("delete from sales")
        except PermissionError as exc:
            st.text(f"refused: {exc}")

    at = AppTest.from_function(try_to_write, default_timeout=60)
    at.secrets["salesdash"] = password_secrets("look")
    at.run()
    assert at.text[0].value == "refused: this session may not edit"
    with_all = sign_in(opened(), "own")
    assert cards(with_all)["Gross sales (sell-in)"] != "0"


def test_a_region_limited_user_sees_the_figures_of_their_region_only(sample_workspace):
    limited = sign_in(opened(), "east")
    everyone = sign_in(opened(region="华东"), "look")
    assert cards(limited) == cards(everyone)  # the unscoped figures filtered to 华东
    assert cards(limited) != cards(sign_in(opened(), "look"))
    assert limited.sidebar.multiselect(key="region").options == ["华东"]


def test_a_region_limited_user_cannot_widen_the_view_through_the_link(sample_workspace):
    at = sign_in(opened(region="华北"), "east")
    assert "华北" in " ".join(toast.value for toast in at.toast)  # dropped with a notice
    assert cards(at) == cards(sign_in(opened(), "east"))


def test_a_shared_link_opens_on_its_view_once_signed_in(sample_workspace):
    at = sign_in(opened(window="14", lang="zh"), "look")
    assert titles(at) == ["周会复盘"]
    assert at.sidebar.segmented_control(key="window").value == 14


def test_a_password_taken_out_of_the_secrets_signs_its_sessions_out(sample_workspace):
    at = sign_in(opened(), "look")
    at.secrets["salesdash"] = password_secrets("own")
    at.run()
    assert titles(at) == ["Sign in to salesdash"]


OIDC = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "x" * 32,
        "client_id": "salesdash",
        "client_secret": "s",
        "server_metadata_url": "https://id.example.com/.well-known/openid-configuration",
    },
    "salesdash": {
        "access": {
            "@example.com": "viewer",
            "east@example.com": {"role": "editor", "regions": ["华东"]},
        }
    },
}


@pytest.fixture
def signed_in_as(monkeypatch):
    """Stands in for the identity provider: the e-mail `st.user` would carry."""
    from pages import auth

    def sign(email: str | None) -> None:
        monkeypatch.setattr(auth, "signed_in_email", lambda: email)

    return sign


def test_with_an_identity_provider_the_sign_in_screen_offers_its_button(
    sample_workspace, signed_in_as
):
    signed_in_as(None)
    at = opened(OIDC)
    assert titles(at) == ["Sign in to salesdash"]
    assert [b.label for b in at.button] == ["Sign in"]
    assert not at.text_input  # no password field


def test_the_allow_list_gives_a_signed_in_address_its_role_and_regions(
    sample_workspace, signed_in_as
):
    signed_in_as("east@example.com")
    at = opened(OIDC)
    assert titles(go(at, "pages/data.py")) == ["Upload & data"]
    assert "Regions: 华东" in at.sidebar.caption[0].value


def test_an_address_not_on_the_allow_list_is_refused_with_a_way_out(sample_workspace, signed_in_as):
    signed_in_as("someone@gmail.com")
    at = opened(OIDC)
    assert "someone@gmail" in at.error[0].value and "no access" in at.error[0].value
    assert [b.label for b in at.button] == ["Sign out"]
    assert not at.metric


@pytest.mark.parametrize(("address", "warned"), [("0.0.0.0", True), ("localhost", False)])
def test_without_sign_in_a_networked_server_warns_that_the_data_is_open(
    sample_workspace, address, warned
):
    st_config.set_option("server.address", address)
    try:
        at = opened({})
    finally:
        st_config.set_option("server.address", None)
    shown = any("Anyone who can reach this server" in w.value for w in at.warning)
    assert shown is warned
    assert titles(at) == ["Weekly review"]  # single-user mode: no sign-in
