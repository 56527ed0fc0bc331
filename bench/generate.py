"""Synthetic workspaces for the metrics benchmark, generated inside DuckDB.

SQL generators (`range()` plus hashing) write millions of rows in about a
second without a Python loop; the shapes are proportional to the sales row
count so 1M and 5M rows are the same business at two sizes. Values are
derived from a hash of the row number, so a size always gives the same data.
"""

from __future__ import annotations

import re

import duckdb

from salesdash import store

AS_OF = "2025-06-30"
DAYS = 730  # two years of history before AS_OF


def generate(con: duckdb.DuckDBPyConnection, rows: int) -> dict[str, int]:
    """Fill the six tables with `rows` sales rows and proportional others; returns counts."""
    store.ensure_schema(con)
    n_customers = max(rows // 200, 50)
    n_reps = max(n_customers // 100, 5)
    params = {
        "rows": rows,
        "customers": n_customers,
        "reps": n_reps,
        "days": DAYS,
        "as_of": AS_OF,
    }

    # h(i, salt) is a deterministic pseudo-random number in [0, 1).
    def run(sql: str) -> None:
        used = set(re.findall(r"\$([a-z_]+)", sql))
        con.execute(sql, {k: v for k, v in params.items() if k in used})

    con.execute(
        "create or replace temp macro h(i, salt) as (hash(i * 7919 + salt) % 1000003) / 1000003.0"
    )
    run(
        """
        insert into customers (customer, segment, tier, region, rep, channel, since, upload_id)
        select
            'C' || lpad(i::varchar, 6, '0'),
            case when h(i, 1) < 0.15 then null
                else ['Hospital', 'Pharmacy chain', 'Clinic', 'Distributor'][1 + (i % 4)] end,
            case when h(i, 2) < 0.2 then null when h(i, 3) < 0.2 then 'A'
                when h(i, 3) < 0.5 then 'B' else 'C' end,
            'R' || (i % 6)::varchar,
            'rep' || (i % $reps)::varchar,
            ['distributor', 'retailer', 'direct'][1 + (i % 3)],
            $as_of::date - $days - (i % 400)::int,
            1
        from range($customers) as t (i)
        """
    )
    run(
        """
        insert into sales (date, customer, amount, kind, quantity, product, rep, region,
                           order_id, cost, upload_id, source_row)
        with base as (
            select
                i,
                -- customers are skewed: low numbers buy more (a Pareto-ish mix)
                floor($customers * pow(h(i, 11), 1.6))::int as c,
                h(i, 12) as k,
                $as_of::date - floor(h(i, 13) * $days)::int as d
            from range($rows) as t (i)
        )
        select
            d,
            'C' || lpad(c::varchar, 6, '0'),
            case when k < 0.05 then -round(20 + 200 * h(i, 14), 2)
                else round(50 + 2000 * pow(h(i, 14), 3), 2) end,
            case when k < 0.05 then 'return' when k < 0.55 then 'sell_in' else 'sell_out' end,
            1 + floor(h(i, 15) * 20)::int,
            -- each customer stocks about 20 of the 200 products
            'P' || ((c * 7 + floor(20 * pow(h(i, 16), 2))::int) % 200)::varchar,
            case when h(i, 17) < 0.3 then null else 'rep' || (c % $reps)::varchar end,
            case when h(i, 18) < 0.3 then null else 'R' || (c % 6)::varchar end,
            'O' || i::varchar,
            round((50 + 2000 * pow(h(i, 14), 3)) * (0.55 + 0.2 * h(i, 19)), 2),
            1,
            i
        from base
        -- weekly exports arrive in date order, so stored rows are clustered by date
        order by d
        """
    )
    run(
        """
        insert into targets (period, period_start, period_end, target, rep, region, upload_id)
        with months as (
            select unnest(generate_series(
                date_trunc('month', $as_of::date - $days)::date,
                date_trunc('month', $as_of::date)::date, interval 1 month))::date as m
        )
        select strftime(m, '%Y-%m'), m, (m + interval 1 month - interval 1 day)::date,
            round(24000 * $rows::double / 1e6, 0), 'rep' || r::varchar, null, 1
        from months, range($reps) as t (r)
        union all
        select strftime(m, '%Y') || '-Q' || quarter(m)::varchar, m,
            (m + interval 3 month - interval 1 day)::date,
            round(2e6 * $rows::double / 1e6, 0), null, 'R' || r::varchar, 1
        from months, range(6) as t (r)
        where month(m) in (1, 4, 7, 10)
        """
    )
    run(
        """
        insert into visits (date, rep, customer, type, purpose, order_amount,
                            collected_amount, upload_id, source_row)
        select
            $as_of::date - floor(h(i, 21) * $days)::int,
            'rep' || (c % $reps)::varchar,
            'C' || lpad(c::varchar, 6, '0'),
            case when h(i, 22) < 0.4 then 'call' else 'visit' end,
            ['new_customer', 'market_research', 'collection', 'service', 'complaint',
             'order', 'other'][1 + floor(h(i, 23) * 7)::int],
            case when h(i, 24) < 0.3 then round(500 * h(i, 25), 2) end,
            case when h(i, 26) < 0.2 then round(800 * h(i, 27), 2) end,
            1, i
        from (select i, floor($customers * pow(h(i, 20), 1.3))::int as c
              from range($rows // 10) as t (i))
        """
    )
    run(
        """
        insert into complaints (opened, customer, id, closed, category, severity,
                                upload_id, source_row)
        select
            d,
            'C' || lpad(floor($customers * h(i, 31))::int::varchar, 6, '0'),
            'K' || i::varchar,
            case when h(i, 32) < 0.15 then null else d + floor(30 * h(i, 33))::int end,
            ['product_quality', 'contract', 'logistics', 'service', 'other'][
                1 + floor(h(i, 34) * 5)::int],
            ['low', 'medium', 'high'][1 + floor(h(i, 35) * 3)::int],
            1, i
        from (select i, $as_of::date - floor(h(i, 30) * $days)::int as d
              from range($rows // 500) as t (i))
        """
    )
    run(
        """
        insert into surveys (date, customer, score, scale, reliability, responsiveness,
                             assurance, empathy, tangibles, upload_id, source_row)
        select
            $as_of::date - floor(h(i, 40) * $days)::int,
            'C' || lpad(floor($customers * h(i, 41))::int::varchar, 6, '0'),
            case when i % 2 = 0 then 1 + floor(h(i, 42) * 5)::int
                else floor(h(i, 42) * 11)::int end,
            case when i % 2 = 0 then 'csat' else 'nps' end,
            1 + floor(h(i, 43) * 5)::int, 1 + floor(h(i, 44) * 5)::int,
            1 + floor(h(i, 45) * 5)::int, 1 + floor(h(i, 46) * 5)::int,
            1 + floor(h(i, 47) * 5)::int,
            1, i
        from range($rows // 200) as t (i)
        """
    )
    return store.row_counts(con)
