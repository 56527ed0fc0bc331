-- satisfaction_by_segment: satisfaction beside churn for each segment
-- ("satisfied is not loyal"). Survey responses in the churn window:
-- csat_avg, pct_satisfied, nps as in satisfaction; churn of the segment's
-- customers as in customer_churn (active_previous, churned, churn_rate).
-- grain: one row per segment
-- params: as_of, churn_days, regions, reps, segments, products, customers
-- columns: segment, csat_responses, csat_avg, pct_satisfied, nps_responses, nps, active_previous, churned_customers, churn_rate
-- needs: surveys, sales

with
scores as (
    select
        segment,
        count(*) filter (where scale = 'csat') as csat_responses,
        csat_avg(scale, score) as csat_avg,
        pct_satisfied(scale, score) as pct_satisfied,
        count(*) filter (where scale = 'nps') as nps_responses,
        nps(scale, score) as nps
    from surveys_f($as_of, $regions, $reps, $segments, $products, $customers)
    where date > $as_of::date - $churn_days
    group by segment
),
churn as (
    select
        segment,
        count(*) filter (where was_active) as active_previous,
        count(*) filter (where is_churned) as churned_customers
    from customer_windows($as_of, $churn_days, $regions, $reps, $segments, $products, $customers)
    group by segment
),
final as (
    select
        segment,
        coalesce(scores.csat_responses, 0) as csat_responses,
        scores.csat_avg,
        scores.pct_satisfied,
        coalesce(scores.nps_responses, 0) as nps_responses,
        scores.nps,
        coalesce(churn.active_previous, 0) as active_previous,
        coalesce(churn.churned_customers, 0) as churned_customers,
        churned_customers / nullif(active_previous, 0) as churn_rate
    from scores
    full join churn using (segment)
)
select * from final order by active_previous desc, segment
