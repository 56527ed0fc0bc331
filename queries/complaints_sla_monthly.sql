-- complaints_sla_monthly: complaint handling per calendar month, for the
-- `months` months up to the month holding as_of (that last month counts only
-- up to as_of): complaints opened and closed in the month; days_to_close =
-- closed - opened, median_days_to_close and pct_within_sla (<= sla_days)
-- over those closed in the month; open_at_month_end = opened by the month's
-- end (or as_of) and not closed by then. NULL without complaints data;
-- median and pct NULL in a month that closed none.
-- grain: one row per month
-- params: as_of, months, sla_days, regions, reps, segments, products, customers
-- columns: month_start, complaints_opened, complaints_closed, median_days_to_close, pct_within_sla, open_at_month_end
-- needs: complaints

with
present as (select * from data_present()),
calendar as (
    select
        month_start,
        least(month_start + interval 1 month - interval 1 day, $as_of::date)::date as month_end
    from (
        select unnest(generate_series(
            date_trunc('month', $as_of::date)::date - to_months($months - 1),
            date_trunc('month', $as_of::date)::date,
            interval 1 month
        ))::date as month_start
    )
),
handled as (
    select opened, closed, date_diff('day', opened, closed) as days_to_close
    from complaints_f($as_of, $regions, $reps, $segments, $products, $customers)
),
per_month as (
    select
        calendar.month_start,
        count(*) filter (where handled.opened >= calendar.month_start) as opened,
        count(*) filter (where handled.closed <= calendar.month_end) as closed,
        median(handled.days_to_close) filter (where handled.closed <= calendar.month_end)
            as median_days_to_close,
        avg(case when handled.days_to_close <= $sla_days then 1.0 else 0.0 end)
            filter (where handled.closed <= calendar.month_end) as pct_within_sla,
        count(*) filter (where handled.closed is null or handled.closed > calendar.month_end)
            as open_at_end
    from calendar
    join handled
        on handled.opened <= calendar.month_end
        and (handled.closed is null or handled.closed >= calendar.month_start)
    group by calendar.month_start
),
final as (
    select
        calendar.month_start,
        known(present.has_complaints, per_month.opened) as complaints_opened,
        known(present.has_complaints, per_month.closed) as complaints_closed,
        per_month.median_days_to_close,
        per_month.pct_within_sla,
        known(present.has_complaints, per_month.open_at_end) as open_at_month_end
    from calendar
    cross join present
    left join per_month using (month_start)
)
select * from final order by month_start
