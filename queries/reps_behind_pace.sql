-- reps_behind_pace: targets in force at as_of that are scoped to a rep and
-- whose pace_index (attainment / expected share of the period elapsed) is
-- below 1, slowest first: who needs help this week. Definitions as in
-- attainment; the projected shortfall = target - projected.
-- grain: one row per rep-scoped target row in force and behind pace
-- params: as_of, regions, reps, segments, products, customers
-- columns: rep, period, region, product, customer, target, actual, attainment, expected_share, pace_index, projected, projected_shortfall, actual_net
-- needs: targets, sales

with
actuals as (
    select *
    from target_actuals($as_of, $regions, $reps, $segments, $products, $customers)
    where rep is not null
),
paced as (
    select
        *,
        actual / nullif(target, 0) as attainment,
        days_elapsed / days_in_period as expected_share,
        attainment / expected_share as pace_index,
        actual / expected_share as projected
    from actuals
),
final as (
    select
        rep,
        period,
        region,
        product,
        customer,
        target,
        actual,
        attainment,
        expected_share,
        pace_index,
        projected,
        target - projected as projected_shortfall,
        actual_net
    from paced
    where pace_index < 1
)
select * from final order by pace_index, rep, period
