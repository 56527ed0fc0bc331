-- stock_summary: channel stock in total at as_of (gross sell-in - returns -
-- sell-out over all data up to as_of, over every customer x product
-- position, as SPEC defines it; may be negative where the channel destocked
-- more than the data's span shipped); the part held by customers that
-- report sell-out, its weeks of cover at their trailing 8 weeks' sell-out
-- rate, and the slow-moving part (their positions with stock > 0 and no
-- sell-out in 8 weeks or cover > 12 weeks). NULL without sell-out data.
-- grain: one row
-- params: as_of, regions, reps, segments, products, customers
-- columns: channel_stock, reporting_stock, stock_units, sell_out_8w_amount, weeks_of_cover, slow_moving_positions, slow_moving_amount
-- needs: sell_in, sell_out

with
present as (select * from data_present()),
positions as (
    select *
    from stock_positions($as_of, $regions, $reps, $segments, $products, $customers)
),
totals as (
    select
        sum(stock_amount) as channel_stock,
        sum(stock_amount) filter (where reports_sell_out) as reporting_stock,
        sum(stock_units) as stock_units,
        sum(sell_out_8w_amount) as sell_out_8w_amount,
        count(*) filter (where is_slow_moving) as slow_moving_positions,
        sum(stock_amount) filter (where is_slow_moving) as slow_moving_amount
    from positions
),
final as (
    select
        known(present.has_sell_out, totals.channel_stock) as channel_stock,
        known(present.has_sell_out, totals.reporting_stock) as reporting_stock,
        totals.stock_units,
        known(present.has_sell_out, totals.sell_out_8w_amount) as sell_out_8w_amount,
        reporting_stock / nullif(sell_out_8w_amount / 8, 0) as weeks_of_cover,
        known(present.has_sell_out, totals.slow_moving_positions) as slow_moving_positions,
        known(present.has_sell_out, totals.slow_moving_amount) as slow_moving_amount
    from totals
    cross join present
)
select * from final
