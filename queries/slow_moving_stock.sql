-- slow_moving_stock (滞销): channel stock positions (customer x product)
-- with stock > 0 and either no sell-out in the trailing 8 weeks or
-- weeks_of_cover > 12 (stock lasting more than 12 weeks at the recent
-- sell-out rate). Largest stock first. No rows without sell-out data.
-- grain: one row per slow-moving customer x product position
-- params: as_of, regions, reps, segments, products, customers, limit
-- columns: customer, product, segment, rep, region, stock_amount, stock_units, sell_out_8w_amount, weeks_of_cover, last_sell_out_date, days_since_sell_out
-- needs: sell_in, sell_out

with
positions as (
    select *
    from stock_positions($as_of, $regions, $reps, $segments, $products, $customers)
),
final as (
    select
        customer,
        product,
        segment,
        rep,
        region,
        stock_amount,
        stock_units,
        sell_out_8w_amount,
        weeks_of_cover,
        last_sell_out_date,
        date_diff('day', last_sell_out_date, $as_of::date) as days_since_sell_out
    from positions
    where is_slow_moving
)
select * from final order by stock_amount desc, customer, product
limit $limit
