-- retention_cohorts: customers grouped by the month of their first purchase
-- (cohort); for each later month up to as_of's month, the share of the
-- cohort with purchases > 0 in that month. Cohorts of the last `months`
-- months; month 0 is the first-purchase month (100%). The current month
-- counts only up to as_of.
-- grain: one row per cohort month per activity month
-- params: as_of, months, regions, reps, segments, products, customers
-- columns: cohort_month, activity_month, months_since_first, cohort_customers, active_customers, retention
-- needs: sales

with
purchases as (
    select customer, date_trunc('month', date)::date as activity_month
    from purchases_f($as_of, $regions, $reps, $segments, $products, $customers)
    group by all
),
firsts as (
    select customer, min(activity_month) as cohort_month
    from purchases
    group by customer
),
cohorts as (
    select cohort_month, count(*) as cohort_customers
    from firsts
    where cohort_month > date_trunc('month', $as_of::date) - to_months($months)
    group by cohort_month
),
grid as (
    select
        cohorts.cohort_month,
        cohorts.cohort_customers,
        unnest(generate_series(
            cohorts.cohort_month, date_trunc('month', $as_of::date)::date, interval 1 month
        ))::date as activity_month
    from cohorts
),
activity as (
    select firsts.cohort_month, purchases.activity_month, count(*) as active_customers
    from purchases
    inner join firsts using (customer)
    group by all
),
final as (
    select
        grid.cohort_month,
        grid.activity_month,
        date_diff('month', grid.cohort_month, grid.activity_month) as months_since_first,
        grid.cohort_customers,
        coalesce(activity.active_customers, 0) as active_customers,
        coalesce(activity.active_customers, 0) / grid.cohort_customers as retention
    from grid
    left join activity using (cohort_month, activity_month)
)
select * from final order by cohort_month, activity_month
