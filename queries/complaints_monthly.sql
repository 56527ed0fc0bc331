-- complaints_monthly: complaints opened per calendar month by category and
-- severity, for the `months` months up to the month holding as_of (that
-- last month counts only up to as_of). Only combinations with complaints
-- are listed; category or severity NULL where the export leaves them blank.
-- grain: one row per month per category per severity
-- params: as_of, months, regions, reps, segments, products, customers
-- columns: month_start, category, severity, complaints_opened
-- needs: complaints

with
opened as (
    select date_trunc('month', opened)::date as month_start, category, severity
    from complaints_f($as_of, $regions, $reps, $segments, $products, $customers)
    where opened >= date_trunc('month', $as_of::date)::date - to_months($months - 1)
),
final as (
    select month_start, category, severity, count(*) as complaints_opened
    from opened
    group by all
)
select * from final order by month_start, category nulls last, severity nulls last
