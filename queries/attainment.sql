-- attainment (目标达成): every target row in force at as_of (period_start <=
-- as_of <= period_end). actual = gross sell-in of the target's scope from
-- period start to as_of; actual_net = sell-out of the same scope ("sold
-- through", NULL without sell-out data), so channel stuffing shows.
-- attainment = actual / target; expected_share = days elapsed (as_of
-- included) / days in period; pace_index = attainment / expected_share
-- (>= 1 on track); projected = actual / expected_share; gap = target - actual.
-- Scope columns set on a target intersect; filters choose which targets are
-- listed (an unset scope column passes), never what a target counts.
-- grain: one row per target row in force
-- params: as_of, regions, reps, segments, products, customers
-- columns: period, period_start, period_end, rep, region, product, customer, target, actual, attainment, expected_share, pace_index, projected, gap, actual_net, attainment_net
-- needs: targets, sales

with
actuals as (
    select *
    from target_actuals($as_of, $regions, $reps, $segments, $products, $customers)
),
final as (
    select
        period,
        period_start,
        period_end,
        rep,
        region,
        product,
        customer,
        target,
        actual,
        actual / nullif(target, 0) as attainment,
        days_elapsed / days_in_period as expected_share,
        attainment / expected_share as pace_index,
        actual / expected_share as projected,
        target - actual as gap,
        actual_net,
        actual_net / nullif(target, 0) as attainment_net
    from actuals
)
select * from final
order by period_start, period_end desc, rep nulls first, region nulls first,
    product nulls first, customer nulls first
