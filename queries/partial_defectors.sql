-- partial_defectors (部分跳槽, churn risk): customers active in both churn
-- windows whose current purchases are below 50% of the previous window's.
-- drop_pct = 1 - current / previous. Largest lost amount first.
-- grain: one row per partially defecting customer
-- params: as_of, churn_days, regions, reps, segments, products, customers, limit
-- columns: customer, segment, rep, region, previous_purchases, current_purchases, lost_purchases, drop_pct, last_purchase_date
-- needs: sales

with
windows as (
    select *
    from customer_windows($as_of, $churn_days, $regions, $reps, $segments, $products, $customers)
    where is_partial_defector
),
final as (
    select
        customer,
        segment,
        rep,
        region,
        previous_amount as previous_purchases,
        current_amount as current_purchases,
        previous_amount - current_amount as lost_purchases,
        1 - current_amount / previous_amount as drop_pct,
        last_purchase_date
    from windows
)
select * from final order by lost_purchases desc, customer
limit $limit
