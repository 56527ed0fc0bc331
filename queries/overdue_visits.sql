-- overdue_visits: customers whose last visit or last contact (visit or call)
-- is older than their tier's cadence at as_of, or who were never visited;
-- most overdue first. overdue_days = the larger overshoot of the two
-- (NULL when never visited or contacted). Cadence as in visit_compliance.
-- grain: one row per overdue customer
-- params: as_of, regions, reps, segments, products, customers, limit
-- columns: customer, tier, segment, rep, region, last_visit_date, days_since_visit, last_contact_date, days_since_contact, visit_cadence_days, contact_cadence_days, overdue_days
-- needs: visits

with
status as (
    select *
    from contact_status($as_of, $regions, $reps, $segments, $products, $customers)
    where not is_compliant
),
final as (
    select
        customer,
        cadence_tier as tier,
        segment,
        rep,
        region,
        last_visit_date,
        days_since_visit,
        last_contact_date,
        days_since_contact,
        visit_cadence_days,
        contact_cadence_days,
        greatest(
            days_since_visit - visit_cadence_days, days_since_contact - contact_cadence_days
        ) as overdue_days
    from status
)
select * from final
order by last_visit_date is not null, overdue_days desc, tier, customer
limit $limit
