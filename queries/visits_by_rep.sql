-- visits_by_rep: each rep's field work over the `weeks` ISO weeks (Monday
-- start) up to as_of's week, the span of visits_by_rep_weekly: visits (type
-- visit), calls, distinct customers visited, visits_per_week and
-- calls_per_week (divided by `weeks`, quiet weeks included), order and
-- collected amounts taken. Most visits per week first.
-- grain: one row per rep with contacts in the span
-- params: as_of, weeks, regions, reps, segments, products, customers
-- columns: rep, visits, calls, customers_visited, visits_per_week, calls_per_week, order_amount, collected_amount
-- needs: visits

with
contacts as (
    select *
    from visits_f($as_of, $regions, $reps, $segments, $products, $customers)
    where date >= date_trunc('week', $as_of::date)::date - 7 * ($weeks - 1)
),
final as (
    select
        rep,
        count(*) filter (where type = 'visit') as visits,
        count(*) filter (where type = 'call') as calls,
        count(distinct customer) filter (where type = 'visit') as customers_visited,
        visits / $weeks as visits_per_week,
        calls / $weeks as calls_per_week,
        sum(order_amount) as order_amount,
        sum(collected_amount) as collected_amount
    from contacts
    group by rep
)
select * from final order by visits_per_week desc, rep nulls last
