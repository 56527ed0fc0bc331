-- visits_by_rep_weekly: per rep and ISO week (Monday start) over the `weeks`
-- weeks up to as_of's week: visits (type visit), calls, distinct customers
-- visited, order and collected amounts taken. Only weeks with contacts.
-- grain: one row per rep per week
-- params: as_of, weeks, regions, reps, segments, products, customers
-- columns: rep, week_start, visits, calls, customers_visited, order_amount, collected_amount
-- needs: visits

with
contacts as (
    select *, date_trunc('week', date)::date as week_start
    from visits_f($as_of, $regions, $reps, $segments, $products, $customers)
    where date >= date_trunc('week', $as_of::date)::date - 7 * ($weeks - 1)
),
final as (
    select
        rep,
        week_start,
        count(*) filter (where type = 'visit') as visits,
        count(*) filter (where type = 'call') as calls,
        count(distinct customer) filter (where type = 'visit') as customers_visited,
        sum(order_amount) as order_amount,
        sum(collected_amount) as collected_amount
    from contacts
    group by rep, week_start
)
select * from final order by rep, week_start
