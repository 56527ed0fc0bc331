-- sales_monthly: gross sales, returns, net (sell-out) and stocked sales per
-- calendar month, for the `months` months up to the month holding as_of
-- (that last month counts only up to as_of), for trend charts.
-- Definitions and NULL rules as in kpi_cards: stocked = gross - returns -
-- net; sell_through_rate = net / gross; a month without rows shows 0.
-- active_customers = customers with purchases > 0 in the month.
-- grain: one row per month
-- params: as_of, months, regions, reps, segments, products, customers
-- columns: month_start, gross_sales, returns, net_sales, stocked_sales, sell_through_rate, active_customers
-- needs: sales

with
present as (select * from data_present()),
calendar as (
    select unnest(generate_series(
        date_trunc('month', $as_of::date)::date - to_months($months - 1),
        date_trunc('month', $as_of::date)::date,
        interval 1 month
    ))::date as month_start
),
sums as (
    select
        date_trunc('month', date)::date as month_start,
        gross_amount(kind, amount) as gross,
        returned_amount(kind, amount) as returned,
        sell_out_amount(kind, amount) as net
    from sales_f($as_of, $regions, $reps, $segments, $products, $customers)
    where date >= date_trunc('month', $as_of::date)::date - to_months($months - 1)
    group by all
),
buyers as (
    select date_trunc('month', date)::date as month_start, count(distinct customer) as active
    from purchases_f($as_of, $regions, $reps, $segments, $products, $customers)
    where date >= date_trunc('month', $as_of::date)::date - to_months($months - 1)
    group by all
),
final as (
    select
        calendar.month_start,
        known(present.has_sell_in, sums.gross) as gross_sales,
        known(present.has_sell_in or present.has_returns, sums.returned) as returns,
        known(present.has_sell_out, sums.net) as net_sales,
        gross_sales - returns - net_sales as stocked_sales,
        net_sales / nullif(gross_sales, 0) as sell_through_rate,
        known(present.has_sales, buyers.active) as active_customers
    from calendar
    cross join present
    left join sums using (month_start)
    left join buyers using (month_start)
)
select * from final order by month_start
