"""A sign-in limited to regions: the runner narrows every query to them.

The shop (conftest.py): acme is east (ann), bolt and cove are west (bob),
dora is east through her sales row (ann), eve has no region. Targets in
force at 2025-03-10: the company's 2025 target, west's Q1 target for p2,
ann's and bob's March targets.
"""

from __future__ import annotations

import pandas as pd
import pytest

from salesdash import queries
from tests.queries.frames import AS_OF, rows


def test_a_region_filter_lists_the_targets_of_that_regions_reps_not_the_company_target(
    shop_readonly,
):
    east = queries.run(shop_readonly, "attainment", as_of=AS_OF, regions=["east"])
    west = queries.run(shop_readonly, "attainment", as_of=AS_OF, regions=["west"])
    # ann sells to acme (east): her March target; acme's 1000 sell-in on 03-05 counts.
    assert rows(east, "period", "rep", "region", "target", "actual") == [
        ("2025-03", "ann", None, 2000, 1000)
    ]
    # west's own Q1 target for p2 (bolt: 500 + 600 - 0; the -50 is a return) and bob's March
    # target (bolt 600 on 03-01; the -50 is not gross).
    assert rows(west, "period", "rep", "region", "target", "actual") == [
        ("2025-Q1", None, "west", 5000, 1100),
        ("2025-03", "bob", None, 4000, 600),
    ]


def test_without_a_region_filter_every_target_is_listed(shop_readonly):
    listed = queries.run(shop_readonly, "attainment", as_of=AS_OF)
    assert len(listed) == 4  # the company's, west's, ann's, bob's (April's has not started)


@pytest.mark.parametrize("name", sorted(queries.queries()))
def test_a_scoped_query_equals_the_same_query_filtered_to_those_regions(shop_readonly, name):
    scoped = queries.run(shop_readonly, name, scope=("east",), as_of=AS_OF)
    filtered = queries.run(shop_readonly, name, as_of=AS_OF, regions=["east"])
    pd.testing.assert_frame_equal(scoped, filtered)


def test_a_filter_inside_the_scope_narrows_it_and_one_outside_shows_nothing(shop_readonly):
    def gross(**params) -> float | None:
        cards = queries.run(shop_readonly, "kpi_cards", as_of=AS_OF, **params)
        return cards.set_index("kpi").loc["gross_sales", "current_value"]

    # east's review week: acme's 1000 sell-in; west's: nothing positive (bolt's -50 is a return)
    assert gross(scope=("east", "west"), regions=["east"]) == 1000
    assert gross(scope=("east",), regions=["west"]) == 0
    assert gross(scope=("east",), regions=["west"]) == gross(regions=["no such region"])


def test_an_empty_scope_sees_nothing_rather_than_everything(shop_readonly):
    customers = queries.run(shop_readonly, "filter_options", scope=())
    assert customers.empty
    assert not queries.run(shop_readonly, "filter_options").empty


def test_the_filter_options_of_a_scoped_user_are_their_regions_reps_and_products(shop_readonly):
    options = queries.run(shop_readonly, "filter_options", scope=("west",), as_of=AS_OF)
    by = options.groupby("dimension")["value"].apply(sorted).to_dict()
    assert by["region"] == ["west"]
    assert by["rep"] == ["bob"]
