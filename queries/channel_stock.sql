-- channel_stock: stock held in the channel per customer x product at as_of
-- = gross sell-in - returns - sell-out over all data up to as_of (the sum is
-- the contract's channel_stock); reports_sell_out tells the distributors
-- whose cover can be judged from those that never report sell-out.
-- stock_units is the same in quantity where rows carry it. weeks_of_cover =
-- stock / (sell-out of the trailing 8 weeks / 8). No rows without sell-out data.
-- grain: one row per customer per product with stock other than 0
-- params: as_of, regions, reps, segments, products, customers, limit
-- columns: customer, product, segment, rep, region, stock_amount, stock_units, sell_out_8w_amount, weeks_of_cover, last_sell_out_date, reports_sell_out
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
        reports_sell_out
    from positions
    where round(stock_amount, 2) <> 0
)
select * from final order by stock_amount desc, customer, product
limit $limit
