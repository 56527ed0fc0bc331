-- complaints_summary (顾客投诉): complaints_opened and complaints_closed in the
-- review window (window_days ending at as_of); open_backlog = opened on or
-- before as_of and not closed by as_of; days_to_close = closed - opened,
-- median_days_to_close over those closed in the window; pct_within_sla =
-- share of those closed in the window with days_to_close <= sla_days;
-- repeat_complainers = customers with >= 2 complaints opened in the churn
-- window. NULLs: no complaints loaded -> counts NULL; none closed in the
-- window -> median and pct NULL.
-- grain: one row
-- params: as_of, window_days, churn_days, sla_days, regions, reps, segments, products, customers
-- columns: complaints_opened, complaints_closed, open_backlog, median_days_to_close, pct_within_sla, repeat_complainers
-- needs: complaints

with
present as (select * from data_present()),
complaints_seen as (
    select *, date_diff('day', opened, closed) as days_to_close
    from complaints_f($as_of, $regions, $reps, $segments, $products, $customers)
),
repeats as (
    select customer
    from complaints_seen
    where opened > $as_of::date - $churn_days
    group by customer
    having count(*) >= 2
),
counts as (
    select
        count(*) filter (where opened > $as_of::date - $window_days) as opened,
        count(*) filter (where closed > $as_of::date - $window_days) as closed,
        count(*) filter (where closed is null) as backlog,
        median(days_to_close) filter (where closed > $as_of::date - $window_days)
            as median_days_to_close,
        avg(case when days_to_close <= $sla_days then 1.0 else 0.0 end)
            filter (where closed > $as_of::date - $window_days) as pct_within_sla
    from complaints_seen
),
final as (
    select
        known(present.has_complaints, counts.opened) as complaints_opened,
        known(present.has_complaints, counts.closed) as complaints_closed,
        known(present.has_complaints, counts.backlog) as open_backlog,
        counts.median_days_to_close,
        counts.pct_within_sla,
        known(present.has_complaints, (select count(*) from repeats)) as repeat_complainers
    from counts
    cross join present
)
select * from final
