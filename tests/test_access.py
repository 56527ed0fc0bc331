"""Roles, region limits, the allow-list and password hashes (salesdash/access.py)."""

from __future__ import annotations

import pytest

from salesdash import access
from salesdash.access import AccessConfigError, User

FAST = 1_000  # iterations: the tests check the scheme, not its cost


def test_a_password_matches_its_hash_and_nothing_else():
    stored = access.hash_password("春季冲刺2025", iterations=FAST)
    assert access.verify_password("春季冲刺2025", stored)
    assert not access.verify_password("春季冲刺2024", stored)
    assert not access.verify_password("", stored)


def test_the_same_password_hashes_differently_each_time_and_the_hash_does_not_hold_it():
    first = access.hash_password("hunter2", iterations=FAST)
    second = access.hash_password("hunter2", iterations=FAST)
    assert first != second  # a fresh salt each time
    assert "hunter2" not in first
    scheme, iterations, salt, digest = first.split("$")
    assert (scheme, iterations) == ("pbkdf2_sha256", "1000")


def test_the_default_cost_is_the_recommended_one():
    assert access.hash_password("x").split("$")[1] == "600000"


@pytest.mark.parametrize(
    "stored",
    ["", "plain-text-password", "md5$1$aa$bb", "pbkdf2_sha256$many$c2FsdA==$aGFzaA==",
     "pbkdf2_sha256$1000$not base64!$aGFzaA==", "pbkdf2_sha256$1000$c2FsdA=="],
)  # fmt: skip
def test_a_malformed_hash_never_lets_anyone_in(stored):
    assert not access.verify_password("plain-text-password", stored)


def test_an_empty_password_cannot_be_hashed():
    with pytest.raises(ValueError, match="empty"):
        access.hash_password("")


@pytest.mark.parametrize(
    ("role", "view", "edit", "admin"),
    [("viewer", True, False, False), ("editor", True, True, False), ("admin", True, True, True)],
)
def test_each_role_includes_the_one_before(role, view, edit, admin):
    user = User("x", role)
    assert (user.can("view"), user.can("edit"), user.can("admin")) == (view, edit, admin)


ALLOW = {
    "Boss@Example.com": "admin",
    "@example.com": "viewer",
    "east@example.com": {"role": "editor", "regions": ["华东"]},
}


def test_an_address_on_the_allow_list_wins_over_its_domain_whatever_the_case():
    assert access.user_for_email("boss@example.COM", ALLOW) == User("boss@example.com", "admin")
    assert access.user_for_email("east@example.com", ALLOW) == User(
        "east@example.com", "editor", ("华东",)
    )


def test_anyone_of_a_listed_domain_gets_its_role_and_others_nothing():
    assert access.user_for_email("new.hire@example.com", ALLOW).role == "viewer"
    assert access.user_for_email("someone@example.com.evil.org", ALLOW) is None
    assert access.user_for_email("someone@other.org", ALLOW) is None
    assert access.user_for_email(None, ALLOW) is None
    assert access.user_for_email("not-an-address", ALLOW) is None


@pytest.mark.parametrize(
    ("entry", "message"),
    [("owner", "role must be one of"), ({"role": "viewer", "regions": "华东"}, "list"),
     (3, "expected a role")],
)  # fmt: skip
def test_a_mistyped_grant_is_a_configuration_error_naming_who(entry, message):
    with pytest.raises(AccessConfigError, match=message) as raised:
        access.user_for_email("a@b.cn", {"a@b.cn": entry})
    assert "a@b.cn" in str(raised.value)


def test_the_password_entry_that_matches_gives_its_role_and_regions():
    entries = [
        {"role": "viewer", "hash": access.hash_password("look", iterations=FAST)},
        {
            "name": "华东经理",
            "role": "editor",
            "regions": ["华东"],
            "hash": access.hash_password("change", iterations=FAST),
        },
    ]
    assert access.find_password("change", entries) == 1
    assert access.password_user(entries[1]) == User("华东经理", "editor", ("华东",))
    assert access.password_user(entries[0]) == User("viewer", "viewer")
    assert access.find_password("nope", entries) is None


def test_a_password_entry_without_a_hash_is_refused_as_configuration():
    with pytest.raises(AccessConfigError, match="entry 1 has no hash"):
        access.find_password("x", [{"role": "viewer", "password": "x"}])


def test_how_people_sign_in_follows_the_secrets():
    assert access.mode({}) == "none"
    assert (
        access.mode({"salesdash": {"passwords": [{"role": "viewer", "hash": "h"}]}}) == "password"
    )
    assert access.mode({"auth": {"client_id": "c"}, "salesdash": {"passwords": [{}]}}) == "oidc"


@pytest.mark.parametrize(
    ("address", "loopback"),
    [("localhost", True), ("127.0.0.1", True), ("::1", True), (None, False), ("", False),
     ("0.0.0.0", False), ("192.168.1.20", False)],
)  # fmt: skip
def test_only_a_loopback_address_keeps_the_app_private(address, loopback):
    assert access.is_loopback(address) is loopback
