"""How a headline card words its figure and its change, with and without a currency symbol."""

from __future__ import annotations

import pandas as pd
import pytest

from salesdash.report.cards import card_value, kpi_delta


def row(change: float | None, change_pct: float | None) -> pd.Series:
    return pd.Series({"change": change, "change_pct": change_pct})


@pytest.mark.parametrize(
    ("value", "kind", "lang", "currency", "shown"),
    [
        (1000.0, "money", "en", "¥", "¥1,000"),
        (-1200.0, "money", "en", "¥", "-¥1,200"),
        (1_235_000.0, "money", "zh", "¥", "¥123.5万"),
        (1000.0, "money", "en", "", "1,000"),
        (0.4, "rate", "en", "¥", "40.0%"),
        (12.0, "count", "en", "¥", "12"),
    ],
)
def test_a_card_shows_money_with_the_symbol_and_nothing_else_with_it(
    value: float, kind: str, lang: str, currency: str, shown: str
):
    assert card_value(value, kind, lang, currency) == shown


def test_a_money_change_from_nothing_is_an_amount_with_the_symbol_after_the_sign():
    # the previous window had none: no change %, so the change itself is shown
    assert kpi_delta(row(1200.0, None), "money", "en", "¥") == "+¥1,200"
    assert kpi_delta(row(-50.0, None), "money", "en", "¥") == "-¥50"
    assert kpi_delta(row(-50.0, None), "money", "en") == "-50"


def test_a_money_change_with_a_percentage_stays_a_percentage():
    assert kpi_delta(row(-570.0, -570 / 920), "money", "en", "¥") == "-62.0%"
    assert kpi_delta(row(2.0, None), "count", "en", "¥") == "+2"
