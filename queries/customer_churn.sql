-- customer_churn (客户跳槽): customers' purchases (sell_in amounts, returns not
-- subtracted; sell_out where no sell_in data exist) in the churn window
-- (churn_days ending at as_of) vs the equal span before it.
-- active_customers = purchases > 0 in the current window; churned (完全跳槽)
-- = active before, not now; partial_defectors (部分跳槽) = active in both,
-- now < 50% of before; new = active now, no purchase ever before the
-- window; churn_rate = churned / active_previous; revenue_churn_rate =
-- previous purchases of the churned / all previous purchases.
-- grain: one row
-- params: as_of, churn_days, regions, reps, segments, products, customers
-- columns: active_customers, active_previous, churned_customers, partial_defectors, new_customers, churn_rate, revenue_churn_rate, previous_purchases, churned_previous_purchases
-- needs: sales

with
present as (select * from data_present()),
windows as (
    select *
    from customer_windows($as_of, $churn_days, $regions, $reps, $segments, $products, $customers)
),
counts as (
    select
        count(*) filter (where is_active) as active,
        count(*) filter (where was_active) as active_previous,
        count(*) filter (where is_churned) as churned,
        count(*) filter (where is_partial_defector) as partial,
        count(*) filter (where is_new) as new,
        sum(previous_amount) as previous_amount,
        coalesce(sum(previous_amount) filter (where is_churned), 0) as churned_previous_amount
    from windows
),
final as (
    select
        known(present.has_sales, counts.active) as active_customers,
        known(present.has_sales, counts.active_previous) as active_previous,
        known(present.has_sales, counts.churned) as churned_customers,
        known(present.has_sales, counts.partial) as partial_defectors,
        known(present.has_sales, counts.new) as new_customers,
        churned_customers / nullif(active_previous, 0) as churn_rate,
        counts.churned_previous_amount / nullif(counts.previous_amount, 0)
            as revenue_churn_rate,
        known(present.has_sales, counts.previous_amount) as previous_purchases,
        known(present.has_sales, counts.churned_previous_amount) as churned_previous_purchases
    from counts
    cross join present
)
select * from final
