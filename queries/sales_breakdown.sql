-- sales_breakdown: the review window's sales split by one dimension
-- (`dimension`: segment, rep, region, product, channel, tier or customer),
-- beside the previous window. Definitions and NULL rules as in kpi_cards;
-- share_of_gross = the value's gross / all gross in the window. Rows with
-- no value for the dimension are grouped under NULL.
-- grain: one row per value of the dimension
-- params: as_of, window_days, dimension, regions, reps, segments, products, customers
-- columns: value, gross_sales, returns, net_sales, stocked_sales, sell_through_rate, share_of_gross, previous_gross_sales, gross_change_pct
-- needs: sales

with
present as (select * from data_present()),
split as (
    select
        case $dimension
            when 'segment' then segment
            when 'rep' then rep
            when 'region' then region
            when 'product' then product
            when 'channel' then channel
            when 'tier' then tier
            when 'customer' then customer
        end as value,
        kind,
        case when date > $as_of::date - $window_days then amount end as current_amount,
        case when date <= $as_of::date - $window_days then amount end as previous_amount
    from sales_f($as_of, $regions, $reps, $segments, $products, $customers)
    where date > $as_of::date - 2 * $window_days
),
sums as (
    select
        value,
        gross_amount(kind, current_amount) as gross,
        returned_amount(kind, current_amount) as returned,
        sell_out_amount(kind, current_amount) as net,
        gross_amount(kind, previous_amount) as previous_gross
    from split
    group by value
),
final as (
    select
        sums.value,
        known(present.has_sell_in, sums.gross) as gross_sales,
        known(present.has_sell_in or present.has_returns, sums.returned) as returns,
        known(present.has_sell_out, sums.net) as net_sales,
        gross_sales - returns - net_sales as stocked_sales,
        net_sales / nullif(gross_sales, 0) as sell_through_rate,
        gross_sales / nullif(sum(gross_sales) over (), 0) as share_of_gross,
        known(present.has_sell_in, sums.previous_gross) as previous_gross_sales,
        (gross_sales - previous_gross_sales) / nullif(previous_gross_sales, 0)
            as gross_change_pct
    from sums
    cross join present
)
select * from final order by gross_sales desc nulls last, value
