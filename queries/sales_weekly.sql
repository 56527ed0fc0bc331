-- sales_weekly: gross sales, returns, net (sell-out) and stocked sales per
-- ISO week (weeks start on Monday), for the `weeks` weeks up to the week
-- holding as_of (that last week counts only up to as_of), for trend charts.
-- Definitions and NULL rules as in kpi_cards: stocked = gross - returns -
-- net; sell_through_rate = net / gross; a week without rows shows 0.
-- active_customers = customers with purchases > 0 in the week.
-- grain: one row per week
-- params: as_of, weeks, regions, reps, segments, products, customers
-- columns: week_start, gross_sales, returns, net_sales, stocked_sales, sell_through_rate, active_customers
-- needs: sales

with
present as (select * from data_present()),
calendar as (
    select unnest(generate_series(
        date_trunc('week', $as_of::date)::date - 7 * ($weeks - 1),
        date_trunc('week', $as_of::date)::date,
        interval 7 day
    ))::date as week_start
),
sums as (
    select *
    from weekly_sales(
        $as_of, date_trunc('week', $as_of::date)::date - 7 * ($weeks - 1),
        $regions, $reps, $segments, $products, $customers
    )
),
final as (
    select
        calendar.week_start,
        known(present.has_sell_in, sums.gross) as gross_sales,
        known(present.has_sell_in or present.has_returns, sums.returned) as returns,
        known(present.has_sell_out, sums.net) as net_sales,
        gross_sales - returns - net_sales as stocked_sales,
        net_sales / nullif(gross_sales, 0) as sell_through_rate,
        known(present.has_sales, sums.active) as active_customers
    from calendar
    cross join present
    left join sums using (week_start)
)
select * from final order by week_start
