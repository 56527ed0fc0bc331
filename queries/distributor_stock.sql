-- distributor_stock: channel stock per customer that reports sell-out (a
-- distributor's flow report, 流向), the customers whose stock and cover can be
-- judged: stock = gross sell-in - returns - sell-out over all data up to
-- as_of, summed over the customer's products (stock_units likewise in
-- quantity where rows carry it); weeks_of_cover = stock / (sell-out of the
-- trailing 8 weeks / 8), NULL when nothing sold out; the slow-moving
-- positions and amount as in slow_moving_stock. Largest stock first; no rows
-- without sell-out data.
-- grain: one row per customer that reports sell-out with stock other than 0
-- params: as_of, regions, reps, segments, products, customers, limit
-- columns: customer, segment, rep, region, stock_amount, stock_units, sell_out_8w_amount, weeks_of_cover, positions, slow_moving_positions, slow_moving_amount, last_sell_out_date
-- needs: sell_in, sell_out

with
positions as (
    select *
    from stock_positions($as_of, $regions, $reps, $segments, $products, $customers)
    where reports_sell_out
),
per_customer as (
    select
        customer,
        any_value(segment) as segment,
        any_value(rep) as rep,
        any_value(region) as region,
        sum(stock_amount) as stock_amount,
        sum(stock_units) as stock_units,
        sum(sell_out_8w_amount) as sell_out_8w_amount,
        count(*) filter (where round(stock_amount, 2) <> 0) as positions,
        count(*) filter (where is_slow_moving) as slow_moving_positions,
        coalesce(sum(stock_amount) filter (where is_slow_moving), 0) as slow_moving_amount,
        max(last_sell_out_date) as last_sell_out_date
    from positions
    group by customer
),
final as (
    select
        customer,
        segment,
        rep,
        region,
        stock_amount,
        stock_units,
        sell_out_8w_amount,
        stock_amount / nullif(sell_out_8w_amount / 8, 0) as weeks_of_cover,
        positions,
        slow_moving_positions,
        slow_moving_amount,
        last_sell_out_date
    from per_customer
    where round(stock_amount, 2) <> 0
)
select * from final order by stock_amount desc, customer
limit $limit
