-- satisfaction (客户满意): survey responses dated in the churn window
-- (churn_days ending at as_of). csat_avg = mean score of the 1-5 (csat)
-- responses; pct_satisfied = their share of 4 and 5; nps = (share of 9-10
-- - share of 0-6) x 100 among the 0-10 (nps) responses. Each is NULL when
-- the window holds no response of its scale.
-- grain: one row
-- params: as_of, churn_days, regions, reps, segments, products, customers
-- columns: csat_responses, csat_avg, pct_satisfied, nps_responses, nps, promoters, passives, detractors
-- needs: surveys

with
responses as (
    select *
    from surveys_f($as_of, $regions, $reps, $segments, $products, $customers)
    where date > $as_of::date - $churn_days
),
final as (
    select
        count(*) filter (where scale = 'csat') as csat_responses,
        csat_avg(scale, score) as csat_avg,
        pct_satisfied(scale, score) as pct_satisfied,
        count(*) filter (where scale = 'nps') as nps_responses,
        nps(scale, score) as nps,
        count(*) filter (where scale = 'nps' and score >= 9) as promoters,
        count(*) filter (where scale = 'nps' and score > 6 and score < 9) as passives,
        count(*) filter (where scale = 'nps' and score <= 6) as detractors
    from responses
)
select * from final
