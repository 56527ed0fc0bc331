-- attainment_summary (目标达成, headline): the targets in force at as_of
-- added up per period and scope, e.g. all rep targets of 2025-11 together,
-- for the "attainment to date" figure. Targets of one period and one scope
-- (the same scope columns set: rep, region, product, customer) split the
-- business without overlap, so their targets and actuals add up; different
-- scopes or periods would count sales twice and stay separate rows.
-- Definitions as in attainment: actual = gross sell-in of each target's
-- scope from period start to as_of; attainment = actual / target;
-- expected_share = days elapsed (as_of included) / days in period;
-- pace_index = attainment / expected_share; projected = actual /
-- expected_share; gap = target - actual; actual_net likewise with sell-out
-- (NULL without sell-out data). scope = the set columns joined by '+',
-- 'all' for company-wide targets. Shortest period first.
-- grain: one row per period and scope of the targets in force
-- params: as_of, regions, reps, segments, products, customers
-- columns: period, period_start, period_end, scope, targets, target, actual, attainment, expected_share, pace_index, projected, gap, actual_net, attainment_net
-- needs: targets, sales

with
actuals as (
    select
        *,
        coalesce(nullif(concat_ws(
            '+',
            case when rep is not null then 'rep' end,
            case when region is not null then 'region' end,
            case when product is not null then 'product' end,
            case when customer is not null then 'customer' end
        ), ''), 'all') as scope
    from target_actuals($as_of, $regions, $reps, $segments, $products, $customers)
),
summed as (
    select
        period,
        period_start,
        period_end,
        scope,
        count(*) as targets,
        sum(target) as target,
        sum(actual) as actual,
        sum(actual_net) as actual_net,
        any_value(days_elapsed) / any_value(days_in_period) as expected_share
    from actuals
    group by period, period_start, period_end, scope
),
final as (
    select
        period,
        period_start,
        period_end,
        scope,
        targets,
        target,
        actual,
        actual / nullif(target, 0) as attainment,
        expected_share,
        attainment / expected_share as pace_index,
        actual / expected_share as projected,
        target - actual as gap,
        actual_net,
        actual_net / nullif(target, 0) as attainment_net
    from summed
)
select * from final
order by period_end - period_start, period_start, scope
