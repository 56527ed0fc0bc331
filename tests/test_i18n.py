"""Both catalogues say the same things, and pages show no text that is not in them."""

from __future__ import annotations

import ast
import datetime as dt
import string
from pathlib import Path

import pytest

from salesdash import i18n

ROOT = Path(__file__).resolve().parents[1]
UI_FILES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]


def test_english_and_chinese_catalogues_have_the_same_keys():
    assert set(i18n.catalogue("en")) == set(i18n.catalogue("zh"))


def test_placeholders_match_between_languages():
    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    en, zh = i18n.catalogue("en"), i18n.catalogue("zh")
    assert {k: fields(v) for k, v in en.items()} == {k: fields(zh[k]) for k in en}


def _literal_keys(path: Path) -> set[str]:
    """First arguments of t("...") calls written as plain string literals."""
    keys = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", None)) == "t"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            keys.add(node.args[0].value)
    return keys


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: p.name)
def test_every_text_key_a_page_uses_is_in_the_catalogue(path: Path):
    missing = _literal_keys(path) - set(i18n.catalogue("en"))
    assert not missing, f"{path.name} uses keys missing from the catalogues: {sorted(missing)}"


def test_browser_locale_picks_chinese_unless_the_user_chose():
    assert i18n.pick_language(None, "zh-CN") == "zh"
    assert i18n.pick_language(None, "en-GB") == "en"
    assert i18n.pick_language("en", "zh-CN") == "en"
    assert i18n.pick_language("fr", None) == "en"


def test_numbers_and_dates_read_naturally_in_each_language():
    assert i18n.fmt_number(1234567) == "1,234,567"
    assert i18n.fmt_number(1234567, "zh") == "123.5万"
    assert i18n.fmt_number(250_000_000, "zh") == "2.50亿"
    assert i18n.fmt_pct(0.4356) == "43.6%"
    assert i18n.fmt_date(dt.date(2025, 11, 16), "zh") == "2025年11月16日"
    assert i18n.fmt_date(dt.date(2025, 11, 6), "en") == "6 Nov 2025"


def test_an_amount_takes_the_currency_symbol_after_its_minus_and_a_dash_stays_bare():
    assert i18n.with_currency("1,200", "¥") == "¥1,200"
    assert i18n.with_currency("-1,200", "¥") == "-¥1,200"
    assert i18n.with_currency("123.5万", "¥") == "¥123.5万"
    assert i18n.with_currency("–", "¥") == "–"  # no figure
    assert i18n.with_currency("-1,200", "") == "-1,200"
