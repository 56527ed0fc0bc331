-- complaints_per_100: complaints opened in the churn window (churn_days
-- ending at as_of) per 100 active customers (purchases > 0 in the same
-- window), by category and by segment. Rows come in three groupings:
-- breakdown = 'category_segment' (denominator: active customers of the segment),
-- breakdown = 'category' (segment NULL; denominator: all active customers) and
-- breakdown = 'segment' (category NULL; denominator: the segment's active customers).
-- grain: one row per category per segment, per category, and per segment
-- params: as_of, churn_days, regions, reps, segments, products, customers
-- columns: breakdown, category, segment, complaints, active_customers, per_100_active
-- needs: complaints, sales

with
opened as (
    select category, segment
    from complaints_f($as_of, $regions, $reps, $segments, $products, $customers)
    where opened > $as_of::date - $churn_days
),
active as (
    select segment, count(*) as active_customers
    from customer_windows($as_of, $churn_days, $regions, $reps, $segments, $products, $customers)
    where is_active
    group by segment
),
counted as (
    select
        case
            when grouping(category) = 0 and grouping(segment) = 0 then 'category_segment'
            when grouping(category) = 0 then 'category'
            else 'segment'
        end as breakdown,
        category,
        segment,
        count(*) as complaints
    from opened
    group by grouping sets ((category, segment), (category), (segment))
),
with_base as (
    select
        counted.*,
        case when counted.breakdown = 'category' then (select sum(active_customers) from active)
            else active.active_customers end as base_customers
    from counted
    left join active
        on counted.breakdown <> 'category' and active.segment is not distinct from counted.segment
),
final as (
    select
        breakdown,
        category,
        segment,
        complaints,
        coalesce(base_customers, 0)::bigint as active_customers,
        100.0 * complaints / nullif(base_customers, 0) as per_100_active
    from with_base
)
select * from final order by breakdown, category, segment
