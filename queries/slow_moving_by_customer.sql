-- slow_moving_by_customer (滞销, per distributor): the slow-moving positions
-- of slow_moving_stock (stock > 0 and no sell-out in the trailing 8 weeks or
-- weeks_of_cover > 12) added up per customer, so a manager sees which
-- distributor holds the most stuck stock. weeks_of_cover = the positions'
-- stock / (their sell-out of the trailing 8 weeks / 8), NULL when none sold
-- out; largest_product = the product of the customer's largest position.
-- Largest stock first. No rows without sell-out data.
-- grain: one row per customer with slow-moving stock
-- params: as_of, regions, reps, segments, products, customers, limit
-- columns: customer, segment, rep, region, slow_positions, stock_amount, stock_units, sell_out_8w_amount, weeks_of_cover, last_sell_out_date, largest_product
-- needs: sell_in, sell_out

with
slow as (
    select *
    from stock_positions($as_of, $regions, $reps, $segments, $products, $customers)
    where is_slow_moving
),
per_customer as (
    select
        customer,
        any_value(segment) as segment,
        any_value(rep) as rep,
        any_value(region) as region,
        count(*) as slow_positions,
        sum(stock_amount) as stock_amount,
        sum(stock_units) as stock_units,
        sum(sell_out_8w_amount) as sell_out_8w_amount,
        max(last_sell_out_date) as last_sell_out_date,
        arg_max(product, stock_amount) as largest_product
    from slow
    group by customer
),
final as (
    select
        customer,
        segment,
        rep,
        region,
        slow_positions,
        stock_amount,
        stock_units,
        sell_out_8w_amount,
        stock_amount / nullif(sell_out_8w_amount / 8, 0) as weeks_of_cover,
        last_sell_out_date,
        largest_product
    from per_customer
)
select * from final order by stock_amount desc, customer
limit $limit
