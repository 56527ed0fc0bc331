-- complaints_past_sla: complaints still open at as_of (not closed by then)
-- that were opened more than sla_days days before as_of; oldest first.
-- days_open = as_of - opened.
-- grain: one row per open complaint past its SLA
-- params: as_of, sla_days, regions, reps, segments, products, customers, limit
-- columns: id, customer, opened, days_open, days_past_sla, category, severity, product, rep, region, segment
-- needs: complaints

with
open_complaints as (
    select *, date_diff('day', opened, $as_of::date) as days_open
    from complaints_f($as_of, $regions, $reps, $segments, $products, $customers)
    where closed is null
),
final as (
    select
        id,
        customer,
        opened,
        days_open,
        days_open - $sla_days as days_past_sla,
        category,
        severity,
        product,
        rep,
        region,
        segment
    from open_complaints
    where days_open > $sla_days
)
select * from final order by days_open desc, customer, id
limit $limit
