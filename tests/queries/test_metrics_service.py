"""Satisfaction, complaints and visit queries on the hand-computed shop (conftest.py)."""

from __future__ import annotations

import duckdb
import pandas as pd

from salesdash.queries import run
from tests.queries.frames import AS_OF, rows


def test_satisfaction_counts_promoters_passives_and_detractors(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    sat = run(shop_readonly, "satisfaction", as_of=AS_OF)
    assert rows(sat, "csat_responses", "csat_avg", "nps_responses", "promoters", "passives",
                "detractors", "nps") == [(3, 4.0, 4, 1, 1, 2, -25.0)]  # fmt: skip


def test_satisfaction_by_segment_shows_churn_beside_it(shop_readonly: duckdb.DuckDBPyConnection):
    split = run(shop_readonly, "satisfaction_by_segment", as_of=AS_OF)
    assert rows(
        split,
        "segment",
        "csat_responses",
        "csat_avg",
        "pct_satisfied",
        "nps_responses",
        "nps",
        "active_previous",
        "churned_customers",
        "churn_rate",
    ) == [  # fmt: skip
        ("B", 0, None, None, 2, -100.0, 2, 2, 1.0),  # cove 3, dora 6: both detractors
        ("C", 1, 4.0, 1.0, 1, 0.0, 1, 0, 0.0),  # bolt: csat 4, nps 8 (passive)
        ("KA", 2, 4.0, 0.5, 1, 100.0, 1, 0, 0.0),  # acme: csat 5 and 3, nps 10
    ]


def test_servqual_dimensions_average_the_rated_responses(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    dims = run(shop_readonly, "servqual_dimensions", as_of=AS_OF)
    # reliability: acme 4 and 2; empathy: acme 5, bolt 3 (acme's 2024-11-01 row is out)
    assert rows(dims, "dimension", "responses", "avg_score") == [
        ("reliability", 2, 3.0), ("empathy", 2, 4.0),
    ]  # fmt: skip


def test_complaint_signal_compares_churn_of_complainers(shop_readonly: duckdb.DuckDBPyConnection):
    signal = run(shop_readonly, "complaint_signal", as_of=AS_OF)
    # previous-window complaint: cove (k7), who churned; of acme, bolt, dora only dora left
    assert rows(signal, "complained", "active_previous", "churned_customers", "churn_rate") == [
        (True, 1, 1, 1.0), (False, 3, 1, round(1 / 3, 4)),
    ]  # fmt: skip


def test_complaints_summary_counts_a_complaint_closed_after_as_of_as_open(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    summary = run(shop_readonly, "complaints_summary", as_of=AS_OF)
    assert rows(summary, "complaints_opened", "complaints_closed", "open_backlog",
                "median_days_to_close", "pct_within_sla", "repeat_complainers") == [
        (2, 2, 3, 10.5, 0.5, 2),  # backlog k3, k4, k6; acme and bolt complained twice
    ]  # fmt: skip


def test_complaints_past_sla_lists_open_complaints_older_than_sla(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    late = run(shop_readonly, "complaints_past_sla", as_of=AS_OF)
    # k6 open since 02-01 (37 days); k3 (4 days) and k4 (2 days) are within 7
    assert rows(late, "id", "customer", "days_open", "days_past_sla", "rep") == [
        ("k6", "bolt", 37, 30, "bob"),
    ]
    assert len(run(shop_readonly, "complaints_past_sla", as_of=AS_OF, sla_days=3)) == 2


def test_repeat_complainers_show_what_is_still_open(shop_readonly: duckdb.DuckDBPyConnection):
    repeat = run(shop_readonly, "repeat_complainers", as_of=AS_OF)
    assert rows(repeat, "customer", "complaints", "still_open", "categories") == [
        ("acme", 2, 1, "logistics, product_quality"),  # k4 closes after as_of
        ("bolt", 2, 1, "logistics, product_quality"),
    ]


def test_complaints_per_100_active_customers_by_category_and_segment(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    rate = run(shop_readonly, "complaints_per_100", as_of=AS_OF)
    # active now: acme (KA), bolt and eve (C) = 3; complaints since 12-11: k1..k6
    assert rows(
        rate, "breakdown", "category", "segment", "complaints", "active_customers", "per_100_active"
    ) == [  # fmt: skip
        ("category", "contract", None, 1, 3, round(100 / 3, 4)),
        ("category", "logistics", None, 2, 3, round(200 / 3, 4)),
        ("category", "product_quality", None, 2, 3, round(200 / 3, 4)),
        ("category", "service", None, 1, 3, round(100 / 3, 4)),
        ("category_segment", "contract", "B", 1, 0, None),  # no active B customer
        ("category_segment", "logistics", "C", 1, 2, 50.0),
        ("category_segment", "logistics", "KA", 1, 1, 100.0),
        ("category_segment", "product_quality", "C", 1, 2, 50.0),
        ("category_segment", "product_quality", "KA", 1, 1, 100.0),
        ("category_segment", "service", "B", 1, 0, None),
        ("segment", None, "B", 2, 0, None),
        ("segment", None, "C", 2, 2, 100.0),
        ("segment", None, "KA", 2, 1, 200.0),
    ]


def test_visit_summary_separates_visits_from_calls(shop_readonly: duckdb.DuckDBPyConnection):
    summary = run(shop_readonly, "visit_summary", as_of=AS_OF)
    assert rows(summary, "visits", "calls", "customers_visited", "order_amount",
                "collected_amount", "active_customers", "active_visited", "coverage") == [
        (2, 1, 2, 500.0, 300.0, 3, 2, round(2 / 3, 4)),
    ]  # fmt: skip


def test_visit_compliance_by_tier_uses_abc_class_without_a_tier(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    compliance = run(shop_readonly, "visit_compliance", as_of=AS_OF)
    # A: acme visited 6 days ago. B: cove (ABC) 23 days ago ok; dora (ABC) 190 > 182.
    # C: bolt (tier) visited 2 days ago ok; eve (ABC) never visited.
    assert rows(compliance, "tier", "customers", "compliant", "compliance",
                "visit_cadence_days", "contact_cadence_days") == [  # fmt: skip
        ("A", 1, 1, 1.0, 91, 30), ("B", 2, 1, 0.5, 182, 91), ("C", 2, 1, 0.5, 365, 182),
    ]  # fmt: skip


def test_overdue_visits_list_the_never_visited_first(shop_readonly: duckdb.DuckDBPyConnection):
    overdue = run(shop_readonly, "overdue_visits", as_of=AS_OF)
    assert rows(
        overdue, "customer", "tier", "days_since_visit", "days_since_contact", "overdue_days"
    ) == [  # fmt: skip
        ("eve", "C", None, None, None),
        ("dora", "B", 190, 190, 99),  # 190 - 91 days of contact cadence
    ]


def test_visit_purpose_mix_shares_contacts(shop_readonly: duckdb.DuckDBPyConnection):
    mix = run(shop_readonly, "visit_purpose_mix", as_of=AS_OF)
    assert rows(mix, "purpose", "visits", "calls", "share", "order_amount") == [
        ("collection", 0, 1, round(1 / 3, 4), None),
        ("order", 1, 0, round(1 / 3, 4), 500.0),
        ("service", 1, 0, round(1 / 3, 4), None),
    ]


def test_visits_by_rep_weekly(shop_readonly: duckdb.DuckDBPyConnection):
    weekly = run(shop_readonly, "visits_by_rep_weekly", as_of=AS_OF, weeks=2)
    assert rows(
        weekly, "rep", "week_start", "visits", "calls", "customers_visited", "collected_amount"
    ) == [  # fmt: skip
        ("ann", pd.Timestamp("2025-03-03"), 1, 0, 1, 300.0),
        ("bob", pd.Timestamp("2025-03-03"), 1, 1, 1, None),
    ]


def test_activity_weekly_counts_contacts_complaints_and_surveys(
    shop_readonly: duckdb.DuckDBPyConnection,
):
    weekly = run(shop_readonly, "activity_weekly", as_of=AS_OF, weeks=2)
    assert rows(
        weekly,
        "week_start",
        "visits",
        "calls",
        "complaints_opened",
        "complaints_closed",
        "survey_responses",
    ) == [  # fmt: skip
        (pd.Timestamp("2025-03-03"), 2, 1, 2, 2, 0),
        (pd.Timestamp("2025-03-10"), 0, 0, 0, 0, 0),
    ]
