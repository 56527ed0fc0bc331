-- activity_weekly: field and service activity per ISO week (Monday start)
-- over the `weeks` weeks up to as_of's week: visits (type visit), calls,
-- complaints opened and closed, survey responses. NULL without that
-- dataset, 0 for a week without rows.
-- grain: one row per week
-- params: as_of, weeks, regions, reps, segments, products, customers
-- columns: week_start, visits, calls, complaints_opened, complaints_closed, survey_responses
-- needs: visits

with
present as (select * from data_present()),
calendar as (
    select unnest(generate_series(
        date_trunc('week', $as_of::date)::date - 7 * ($weeks - 1),
        date_trunc('week', $as_of::date)::date,
        interval 7 day
    ))::date as week_start
),
contacts as (
    select
        date_trunc('week', date)::date as week_start,
        count(*) filter (where type = 'visit') as visits,
        count(*) filter (where type = 'call') as calls
    from visits_f($as_of, $regions, $reps, $segments, $products, $customers)
    where date >= (select min(week_start) from calendar)
    group by all
),
complaint_events as (
    select
        date_trunc('week', event.date)::date as week_start,
        count(*) filter (where event.name = 'opened') as opened,
        count(*) filter (where event.name = 'closed') as closed
    from complaints_f($as_of, $regions, $reps, $segments, $products, $customers) as c
    cross join unnest([{'name': 'opened', 'date': c.opened}, {'name': 'closed', 'date': c.closed}])
        as u (event)
    where event.date >= (select min(week_start) from calendar)
    group by all
),
responses as (
    select date_trunc('week', date)::date as week_start, count(*) as responses
    from surveys_f($as_of, $regions, $reps, $segments, $products, $customers)
    where date >= (select min(week_start) from calendar)
    group by all
),
final as (
    select
        calendar.week_start,
        known(present.has_visits, contacts.visits) as visits,
        known(present.has_visits, contacts.calls) as calls,
        known(present.has_complaints, complaint_events.opened) as complaints_opened,
        known(present.has_complaints, complaint_events.closed) as complaints_closed,
        known(present.has_surveys, responses.responses) as survey_responses
    from calendar
    cross join present
    left join contacts using (week_start)
    left join complaint_events using (week_start)
    left join responses using (week_start)
)
select * from final order by week_start
