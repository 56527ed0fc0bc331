-- churn_breakdown: customer_churn split by one customer attribute
-- (`dimension`: segment, rep, region, channel, tier or customer; product does
-- not apply to customers and yields one NULL group). Definitions as in
-- customer_churn; a customer's rep and region are those of its latest
-- purchase. For charts that split churn by region or channel.
-- grain: one row per value of the dimension
-- params: as_of, churn_days, dimension, regions, reps, segments, products, customers
-- columns: value, active_customers, active_previous, churned_customers, partial_defectors, new_customers, churn_rate, revenue_churn_rate
-- needs: sales

with
windows as (
    select
        case $dimension
            when 'segment' then segment
            when 'rep' then rep
            when 'region' then region
            when 'channel' then channel
            when 'tier' then tier
            when 'customer' then customer
        end as value,
        *
    from customer_windows($as_of, $churn_days, $regions, $reps, $segments, $products, $customers)
),
final as (
    select
        value,
        count(*) filter (where is_active) as active_customers,
        count(*) filter (where was_active) as active_previous,
        count(*) filter (where is_churned) as churned_customers,
        count(*) filter (where is_partial_defector) as partial_defectors,
        count(*) filter (where is_new) as new_customers,
        churned_customers / nullif(active_previous, 0) as churn_rate,
        coalesce(sum(previous_amount) filter (where is_churned), 0)
            / nullif(sum(previous_amount), 0) as revenue_churn_rate
    from windows
    where is_active or was_active
    group by value
)
select * from final order by active_previous desc, value
