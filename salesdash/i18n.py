"""UI text and number/date formatting in English and Simplified Chinese.

Every string a page shows comes from `locales/<lang>.json`, so a translator
edits one file per language and a test can prove both catalogues have the
same keys. Lives in the core (no streamlit) so the CLI and reports share it.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path

LANGS = ("en", "zh")
DEFAULT_LANG = "en"
_DIR = Path(__file__).resolve().parent / "locales"


@cache
def catalogue(lang: str) -> dict[str, str]:
    return json.loads((_DIR / f"{lang}.json").read_text(encoding="utf-8"))


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The text for `key` in `lang`, with `{name}` placeholders filled.

    A key missing from the catalogue shows as the key itself rather than
    crashing a page; the catalogue test keeps that from reaching users.
    """
    text = catalogue(lang if lang in LANGS else DEFAULT_LANG).get(key, key)
    return text.format(**values) if values else text


def pick_language(
    requested: str | None, browser_locale: str | None = None, configured: str | None = None
) -> str:
    """An explicit choice (URL, switch) wins; else the deployment's default language
    (`default_language` setting); else the browser's locale; else English."""
    if requested in LANGS:
        return requested
    if configured in LANGS:
        return configured
    if browser_locale and browser_locale.lower().startswith("zh"):
        return "zh"
    return DEFAULT_LANG


def fmt_number(value: float | int | None, lang: str = DEFAULT_LANG, decimals: int = 0) -> str:
    """1,234,567 in English; 123.5万 for large figures in Chinese, as Chinese reports write them."""
    if value is None:
        return "–"
    if lang == "zh" and abs(value) >= 100_000_000:
        return f"{value / 100_000_000:,.2f}亿"
    if lang == "zh" and abs(value) >= 100_000:
        return f"{value / 10_000:,.1f}万"
    return f"{value:,.{decimals}f}"


def with_currency(amount: str, symbol: str) -> str:
    """A formatted amount with the currency symbol in front: ¥8.92M, -¥1,200; "–" stays bare.

    The pages and the weekly report both write amounts through this, so a
    figure reads the same on screen and in the file (the symbol after the
    minus, as accountants write it).
    """
    if not symbol or amount == "–":
        return amount
    return f"-{symbol}{amount[1:]}" if amount.startswith("-") else f"{symbol}{amount}"


def fmt_pct(value: float | None, decimals: int = 1) -> str:
    return "–" if value is None else f"{value * 100:.{decimals}f}%"


def fmt_date(value: dt.date | None, lang: str = DEFAULT_LANG) -> str:
    if value is None:
        return "–"
    if lang == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return value.strftime("%d %b %Y").lstrip("0")
