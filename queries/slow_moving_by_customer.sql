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
    from stock_by_position($as_of, $regions, $reps, $segments, $products, $customers)
    where is_slow_moving
),
per_customer as (
    select
        customer,
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
    -- the customer's segment, rep and region, as on its positions
    select
        per_customer.customer,
        attributes.segment,
        attributes.rep,
        attributes.region,
        per_customer.slow_positions,
        per_customer.stock_amount,
        per_customer.stock_units,
        per_customer.sell_out_8w_amount,
        per_customer.stock_amount / nullif(per_customer.sell_out_8w_amount / 8, 0)
            as weeks_of_cover,
        per_customer.last_sell_out_date,
        per_customer.largest_product
    from per_customer
    left join customers_f($as_of, null, null, null, null, null) as attributes using (customer)
)
select * from final order by stock_amount desc, customer
limit $limit
