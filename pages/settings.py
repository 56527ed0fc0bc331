"""Settings (admins only): how this deployment is set up, who may do what, and a password hash.

The settings themselves live in the environment and in `.streamlit/secrets.toml`
(docs/deploy.md), not in the app: a setting that grants access must not be
changeable from a browser session. This page shows what is in force and
where it comes from, and makes the hash a new password entry needs.
"""

from __future__ import annotations

import streamlit as st

from pages import auth
from pages.common import fmt_number, md, row_counts, t, workspace
from pages.signin import guard
from salesdash import access, archive, config
from salesdash.config import default_db_path

guard("admin")
st.title(t("settings.title"))

st.subheader(t("settings.sign_in"))
mode = auth.sign_in_mode()
st.markdown(t(f"settings.mode.{mode}"))
ours = auth.secrets().get("salesdash", {})
grants = (
    [access.grant(who, entry) for who, entry in ours.get("access", {}).items()]
    if mode == "oidc"
    else [access.password_user(entry) for entry in ours.get("passwords", [])]
)
if grants:
    st.dataframe(
        [
            {
                t("settings.who"): user.name,
                t("settings.role"): t(f"auth.role.{user.role}"),
                t("settings.regions"): ", ".join(user.regions)
                if user.regions is not None
                else t("auth.all_regions"),
            }
            for user in grants
        ],
        hide_index=True,
    )

st.subheader(t("settings.settings"))
rows = []
for name in config.SETTINGS:
    value, source = config.setting_with_source(name)
    if name == "data_dir":
        value = str(config.data_dir())
    rows.append(
        {
            t("settings.setting"): t(f"settings.name.{name}"),
            t("settings.value"): str(value) if value not in (None, "") else "–",
            t("settings.source"): t(f"settings.source.{source}")
            if source in ("default", "secrets")
            else source,
        }
    )
rows.append(
    {
        t("settings.setting"): t("settings.name.max_upload"),
        t("settings.value"): t("settings.megabytes", n=st.get_option("server.maxUploadSize")),
        t("settings.source"): "server.maxUploadSize",
    }
)
st.dataframe(rows, hide_index=True)

st.subheader(t("settings.workspace"))
db = default_db_path()
originals = archive.home(workspace())
kept = list((originals / archive.FOLDER).glob("*")) if originals else []
st.markdown(
    t(
        "settings.workspace_text",
        path=md(db),
        size=fmt_number(db.stat().st_size / 1e6, 1),
        uploads=fmt_number(row_counts()["uploads"]),
        kept=fmt_number(len(kept)),
        kept_size=fmt_number(sum(f.stat().st_size for f in kept) / 1e6, 1),
    )
)

st.subheader(t("settings.hash_title"))
st.caption(t("settings.hash_help"))
with st.form("hash_password", clear_on_submit=True):
    password = st.text_input(t("auth.password"), type="password")
    made = st.form_submit_button(t("settings.hash_button"))
if made and password:
    st.code(access.hash_password(password), language=None)
