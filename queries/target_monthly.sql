-- target_monthly: sales against target per calendar month, for the `months`
-- months up to the month holding as_of (whose sales count only up to as_of).
-- gross_sales and net_sales as in sales_monthly (the page filters apply).
-- target = the month's share of the targets of one scope (the columns a
-- target sets: rep+region, region, ...): a scope value's month target is its
-- target of the shortest period overlapping the month (a monthly target over
-- its quarter's), apportioned by days. The scope compared must set every
-- filtered column (a segment filter needs customer targets); of those, the
-- one whose targets cover the most sell-in lines shown (a west-only target
-- does not stand for the company), then the shortest periods (monthly
-- targets as set, not a quarter's split), then the fewest columns. NULL
-- where it has none. target_to_date = the part of target up to as_of (the
-- pace line); attainment = gross_sales / target; attainment_net = net_sales
-- / target; target_scope = the scope compared ('all' = company-wide targets).
-- grain: one row per month
-- params: as_of, months, regions, reps, segments, products, customers
-- columns: month_start, gross_sales, net_sales, target, target_to_date, attainment, attainment_net, target_scope
-- needs: sales

with
present as (select * from data_present()),
calendar as (
    select month_start, (month_start + interval 1 month - interval 1 day)::date as month_end
    from (select unnest(generate_series(
        date_trunc('month', $as_of::date)::date - to_months($months - 1),
        date_trunc('month', $as_of::date)::date, interval 1 month
    ))::date as month_start)
),
lines as (
    select *, date_trunc('month', date)::date as month_start
    from sales_f($as_of, $regions, $reps, $segments, $products, $customers)
    where date >= (select min(month_start) from calendar)
),
sums as (
    select month_start, gross_amount(kind, amount) as gross, sell_out_amount(kind, amount) as net
    from lines
    group by month_start
),
shares as (
    select
        calendar.month_start, t.rep, t.region, t.product, t.customer,
        t.period_end - t.period_start + 1 as period_days,
        t.target * (least(t.period_end, calendar.month_end)
            - greatest(t.period_start, calendar.month_start) + 1) / period_days as month_target,
        t.target * greatest(0, least(t.period_end, calendar.month_end, $as_of::date)
            - greatest(t.period_start, calendar.month_start) + 1) / period_days as to_date,
        coalesce(nullif(concat_ws('+', if(t.rep is not null, 'rep', null),
            if(t.region is not null, 'region', null), if(t.product is not null, 'product', null),
            if(t.customer is not null, 'customer', null)), ''), 'all') as scope
    from targets_f($as_of, $regions, $reps, $segments, $products, $customers) as t
    inner join calendar
        on t.period_start <= calendar.month_end and t.period_end >= calendar.month_start
    where ($reps is null or t.rep is not null)
        and ($regions is null or t.region is not null)
        and ($products is null or t.product is not null)
        and ($customers is null and $segments is null or t.customer is not null)
    qualify period_days = min(period_days) over (
        partition by calendar.month_start, scope, t.rep, t.region, t.product, t.customer
    )
),
keys as (
    select distinct month_start, scope, rep, region, product, customer, period_days from shares
),
chosen as (
    select keys.scope
    from keys
    left join lines
        on lines.month_start = keys.month_start and lines.kind = 'sell_in' and lines.amount > 0
        and (keys.rep is null or keys.rep = lines.rep)
        and (keys.region is null or keys.region = lines.region)
        and (keys.product is null or keys.product = lines.product)
        and (keys.customer is null or keys.customer = lines.customer)
    group by keys.scope
    order by count(lines.kind) desc, max(keys.period_days),
        length(keys.scope) - length(replace(keys.scope, '+', '')), keys.scope = 'all' desc
    limit 1
),
month_targets as (
    select month_start, sum(month_target) as target, sum(to_date) as target_to_date
    from shares
    where scope = (select scope from chosen)
    group by month_start
),
final as (
    select
        calendar.month_start,
        known(present.has_sell_in, sums.gross) as gross_sales,
        known(present.has_sell_out, sums.net) as net_sales,
        month_targets.target, month_targets.target_to_date,
        gross_sales / nullif(month_targets.target, 0) as attainment,
        net_sales / nullif(month_targets.target, 0) as attainment_net,
        (select scope from chosen) as target_scope
    from calendar
    cross join present
    left join sums using (month_start)
    left join month_targets using (month_start)
)
select * from final order by month_start
