-- kpi_cards: the review window's headline numbers beside the previous
-- window (week-over-week deltas). Review window = window_days days ending at
-- as_of; previous = the equal span before it.
-- gross_sales = sum of positive sell_in; returns = sum of |return| and
-- |negative sell_in|; net_sales = sum of sell_out; stocked_sales = gross -
-- returns - net; sell_through_rate = net / gross; active_customers =
-- customers with purchases > 0; visits and calls = visit rows by type;
-- complaints opened and closed in the window. change_pct = change / |previous|.
-- NULL where the workspace holds no data of that kind (no sell-out rows:
-- net_sales, stocked_sales, sell_through_rate NULL); 0 when it does but
-- none fall in the window.
-- grain: one row per KPI
-- params: as_of, window_days, regions, reps, segments, products, customers
-- columns: kpi, current_value, previous_value, change, change_pct
-- needs: sales

with
present as (select * from data_present()),
periods as (
    select * from (values
        ('current', $as_of::date - $window_days + 1, $as_of::date),
        ('previous', $as_of::date - 2 * $window_days + 1, $as_of::date - $window_days)
    ) as p (period, start_date, end_date)
),
sales_sums as (
    select
        periods.period,
        gross_amount(s.kind, s.amount) as gross,
        returned_amount(s.kind, s.amount) as returned,
        sell_out_amount(s.kind, s.amount) as net
    from sales_f($as_of, $regions, $reps, $segments, $products, $customers) as s
    inner join periods on s.date between periods.start_date and periods.end_date
    group by all
),
buyers as (
    select periods.period, count(distinct p.customer) as active
    from purchases_f($as_of, $regions, $reps, $segments, $products, $customers) as p
    inner join periods on p.date between periods.start_date and periods.end_date
    group by all
),
visit_counts as (
    select
        periods.period,
        count(*) filter (where v.type = 'visit') as visits,
        count(*) filter (where v.type = 'call') as calls
    from visits_f($as_of, $regions, $reps, $segments, $products, $customers) as v
    inner join periods on v.date between periods.start_date and periods.end_date
    group by all
),
complaint_counts as (
    select
        periods.period,
        count(*) filter (where c.opened between start_date and end_date) as opened,
        count(*) filter (where c.closed between start_date and end_date) as closed
    from complaints_f($as_of, $regions, $reps, $segments, $products, $customers) as c
    cross join periods
    group by all
),
measures as (
    select
        periods.period,
        known(present.has_sell_in, sales_sums.gross) as gross_sales,
        known(present.has_sell_in or present.has_returns, sales_sums.returned) as returns,
        known(present.has_sell_out, sales_sums.net) as net_sales,
        gross_sales - returns - net_sales as stocked_sales,
        net_sales / nullif(gross_sales, 0) as sell_through_rate,
        known(present.has_sales, buyers.active) as active_customers,
        known(present.has_visits, visit_counts.visits) as visits,
        known(present.has_visits, visit_counts.calls) as calls,
        known(present.has_complaints, complaint_counts.opened) as complaints_opened,
        known(present.has_complaints, complaint_counts.closed) as complaints_closed
    from periods
    cross join present
    left join sales_sums using (period)
    left join buyers using (period)
    left join visit_counts using (period)
    left join complaint_counts using (period)
),
unpivoted as (  -- one row per period and KPI, in the column order above
    select *, row_number() over (partition by period) as position
    from measures
    unpivot include nulls (value for kpi in (columns(* exclude (period))))
),
final as (
    select
        kpi,
        any_value(value) filter (where period = 'current') as current_value,
        any_value(value) filter (where period = 'previous') as previous_value,
        current_value - previous_value as change,
        change / nullif(abs(previous_value), 0) as change_pct
    from unpivoted
    group by kpi
    order by min(position)
)
select * from final
