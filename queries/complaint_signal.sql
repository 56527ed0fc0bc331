-- complaint_signal: churn_rate of customers who complained in the previous
-- churn window vs those who did not. Base: customers active in the previous
-- churn window (churn_days before the current one); churn as in
-- customer_churn. A higher rate among complainers means complaints predict loss.
-- grain: one row per group (complained / did not)
-- params: as_of, churn_days, regions, reps, segments, products, customers
-- columns: complained, active_previous, churned_customers, churn_rate
-- needs: sales, complaints

with
complainers as (
    select distinct customer
    from complaints_f($as_of, $regions, $reps, $segments, $products, $customers)
    where opened > $as_of::date - 2 * $churn_days and opened <= $as_of::date - $churn_days
),
base as (
    select
        windows.customer,
        windows.is_churned,
        complainers.customer is not null as complained
    from customer_windows($as_of, $churn_days, $regions, $reps, $segments, $products, $customers)
        as windows
    left join complainers using (customer)
    where windows.was_active
),
groups as (
    select * from (values (true), (false)) as g (complained)
),
final as (
    select
        groups.complained,
        count(base.customer) as active_previous,
        count(base.customer) filter (where base.is_churned) as churned_customers,
        churned_customers / nullif(active_previous, 0) as churn_rate
    from groups
    left join base using (complained)
    group by groups.complained
)
select * from final order by complained desc
