-- repeat_complainers: customers with two or more complaints opened in the
-- churn window (churn_days ending at as_of), most complaints first, with
-- how many are still open at as_of and the categories involved.
-- grain: one row per repeat complainer
-- params: as_of, churn_days, regions, reps, segments, products, customers, limit
-- columns: customer, segment, rep, region, complaints, still_open, categories, last_opened
-- needs: complaints

with
recent as (
    select *
    from complaints_f($as_of, $regions, $reps, $segments, $products, $customers)
    where opened > $as_of::date - $churn_days
),
final as (
    select
        customer,
        any_value(segment) as segment,
        arg_max(rep, opened) as rep,
        arg_max(region, opened) as region,
        count(*) as complaints,
        count(*) filter (where closed is null) as still_open,
        string_agg(distinct category, ', ' order by category) as categories,
        max(opened) as last_opened
    from recent
    group by customer
    having count(*) >= 2
)
select * from final order by complaints desc, last_opened desc, customer
limit $limit
