-- churned_customers (完全跳槽): customers with purchases in the previous
-- churn window and none in the current one (churn_days ending at as_of),
-- with what they bought before; largest previous purchases first.
-- grain: one row per churned customer
-- params: as_of, churn_days, regions, reps, segments, products, customers, limit
-- columns: customer, segment, rep, region, previous_purchases, last_purchase_date, days_since_purchase
-- needs: sales

with
windows as (
    select *
    from customer_windows($as_of, $churn_days, $regions, $reps, $segments, $products, $customers)
    where is_churned
),
final as (
    select
        customer,
        segment,
        rep,
        region,
        previous_amount as previous_purchases,
        last_purchase_date,
        date_diff('day', last_purchase_date, $as_of::date) as days_since_purchase
    from windows
)
select * from final order by previous_purchases desc, customer
limit $limit
