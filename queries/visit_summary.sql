-- visit_summary (客户拜访): visits = visit rows (type visit, not calls) in the
-- review window (window_days ending at as_of); calls likewise; order and
-- collected amounts taken on them; coverage = customers active in the
-- churn window (purchases > 0) that had a visit in it / active customers.
-- NULL without visits data (and coverage NULL without active customers).
-- grain: one row
-- params: as_of, window_days, churn_days, regions, reps, segments, products, customers
-- columns: visits, calls, customers_visited, order_amount, collected_amount, active_customers, active_visited, coverage
-- needs: visits

with
present as (select * from data_present()),
contacts as (
    select *
    from visits_f($as_of, $regions, $reps, $segments, $products, $customers)
    where date > $as_of::date - greatest($window_days, $churn_days)
),
week as (
    select
        count(*) filter (where type = 'visit') as visits,
        count(*) filter (where type = 'call') as calls,
        count(distinct customer) filter (where type = 'visit') as customers_visited,
        sum(order_amount) as order_amount,
        sum(collected_amount) as collected_amount
    from contacts
    where date > $as_of::date - $window_days
),
active as (
    select
        count(*) as active_customers,
        count(*) filter (where customer in (
            select customer from contacts
            where type = 'visit' and date > $as_of::date - $churn_days
        )) as active_visited
    from customer_windows($as_of, $churn_days, $regions, $reps, $segments, $products, $customers)
    where is_active
),
final as (
    select
        known(present.has_visits, week.visits) as visits,
        known(present.has_visits, week.calls) as calls,
        known(present.has_visits, week.customers_visited) as customers_visited,
        week.order_amount,
        week.collected_amount,
        known(present.has_sales, active.active_customers) as active_customers,
        known(present.has_visits, active.active_visited) as active_visited,
        if(present.has_visits, active_visited / nullif(active_customers, 0), null) as coverage
    from week
    cross join active
    cross join present
)
select * from final
