"""Who may see and change what: roles, region limits, password hashes, the allow-list.

Three roles, each including the one before: `viewer` (every page and
export), `editor` (also uploads and removes data), `admin` (also the
settings page). A user may be limited to regions; the metrics runner then
narrows every query to them (`queries.run(..., scope=regions)`), so the
limit holds in totals and exports, not just in what a page draws.

Who a person is comes from the deployment's secrets (read by
`config.secrets()`):

- with an identity provider (`[auth]`, Streamlit's `st.login`), the
  allow-list `[salesdash.access]` maps an e-mail address or `@domain` to a
  role, optionally with regions; anyone not on it is refused;
- without one, `[[salesdash.passwords]]` entries each give a role (and
  regions) to whoever knows the password; only salted PBKDF2 hashes are
  stored, printed by `python -m salesdash hash-password`;
- with neither, the app is single-user and local: everyone is admin.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets as random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

ROLES = ("viewer", "editor", "admin")
# What each role may do, by the role it includes.
ABILITIES = {"view": "viewer", "edit": "editor", "admin": "admin"}
HASH_SCHEME = "pbkdf2_sha256"
HASH_ITERATIONS = 600_000  # OWASP's 2023 figure for PBKDF2-SHA256


@dataclass(frozen=True)
class User:
    name: str  # e-mail address, or the password entry's name
    role: str
    regions: tuple[str, ...] | None = None  # None: every region

    def can(self, ability: str) -> bool:
        """Whether this user may `ability` (view, edit, admin)."""
        return ROLES.index(self.role) >= ROLES.index(ABILITIES[ability])


# No sign-in configured: the person at the keyboard owns the workspace.
LOCAL_USER = User("local", "admin")


class AccessConfigError(ValueError):
    """The secrets describe roles in a way that cannot be applied (a typo in a role...)."""


def mode(secrets: Mapping[str, Any]) -> str:
    """How people sign in: "oidc" (an identity provider), "password", or "none"."""
    if secrets.get("auth"):
        return "oidc"
    if secrets.get("salesdash", {}).get("passwords"):
        return "password"
    return "none"


def grant(who: str, entry: Any) -> User:
    """A User from an allow-list or password entry: "viewer" or {role=..., regions=[...]}."""
    if isinstance(entry, str):
        role, regions = entry, None
    elif isinstance(entry, Mapping):
        role, regions = entry.get("role"), entry.get("regions")
    else:
        raise AccessConfigError(f"{who}: expected a role or {{ role = ..., regions = [...] }}")
    if role not in ROLES:
        raise AccessConfigError(f"{who}: role must be one of {', '.join(ROLES)}, not {role!r}")
    if regions is not None:
        if isinstance(regions, str) or not isinstance(regions, Sequence):
            raise AccessConfigError(f"{who}: regions must be a list of region names")
        regions = tuple(str(r) for r in regions)
    return User(who, role, regions)


def user_for_email(email: str | None, allow: Mapping[str, Any]) -> User | None:
    """The allow-list's grant for `email`: its exact address first, else its `@domain`."""
    if not email or "@" not in email:
        return None
    address = email.strip().lower()
    entries = {str(k).strip().lower(): v for k, v in allow.items()}
    for key in (address, "@" + address.rsplit("@", 1)[1]):
        if key in entries:
            return grant(address, entries[key])
    return None


def find_password(password: str, entries: Sequence[Mapping[str, Any]]) -> int | None:
    """Which password entry `password` opens, if any (every hash is checked: no timing hint)."""
    found = None
    for i, entry in enumerate(entries):
        if not entry.get("hash"):
            raise AccessConfigError(f"password entry {i + 1} has no hash")
        if verify_password(password, str(entry["hash"])) and found is None:
            found = i
    return found


def password_user(entry: Mapping[str, Any]) -> User:
    """The user a password entry signs in: its name (else its role), role and regions."""
    name = str(entry.get("name") or entry.get("role"))
    return grant(name, {k: v for k, v in entry.items() if k in ("role", "regions")})


def hash_password(
    password: str, salt: bytes | None = None, iterations: int = HASH_ITERATIONS
) -> str:
    """`pbkdf2_sha256$<iterations>$<salt>$<hash>` (base64), for `[[salesdash.passwords]]`."""
    if not password:
        raise ValueError("the password is empty")
    salt = salt if salt is not None else random.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    b64 = base64.b64encode
    return f"{HASH_SCHEME}${iterations}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` matches a hash from `hash_password`; False for a malformed hash."""
    try:
        scheme, iterations, salt, digest = stored.split("$")
        if scheme != HASH_SCHEME:
            return False
        expected = base64.b64decode(digest, validate=True)
        actual = hashlib.pbkdf2_hmac(
            "sha256",
            password.encode("utf-8"),
            base64.b64decode(salt, validate=True),
            int(iterations),
        )
    except ValueError:  # wrong number of parts, bad base64, iterations not a number
        return False
    return hmac.compare_digest(actual, expected)


def is_loopback(address: str | None) -> bool:
    """Whether a server bound to `address` is reachable from this machine only.

    Streamlit listens on every interface when `server.address` is unset.
    """
    return (address or "").strip().lower() in {"localhost", "127.0.0.1", "::1", "[::1]"}
