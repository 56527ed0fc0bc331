-- servqual_dimensions: mean SERVQUAL dimension score (reliability 可靠性,
-- responsiveness 响应性, assurance 保证性, empathy 移情性, tangibles 有形性)
-- over survey responses in the churn window that rate the dimension, on the
-- scale the survey used; lowest first, the dimension to work on.
-- grain: one row per SERVQUAL dimension rated in the window
-- params: as_of, churn_days, regions, reps, segments, products, customers
-- columns: dimension, responses, avg_score
-- needs: surveys

with
responses as (
    select reliability, responsiveness, assurance, empathy, tangibles
    from surveys_f($as_of, $regions, $reps, $segments, $products, $customers)
    where date > $as_of::date - $churn_days
),
long as (
    select dimension, score
    from responses
    unpivot (score for dimension in (
        reliability, responsiveness, assurance, empathy, tangibles
    ))
),
final as (
    select dimension, count(*) as responses, avg(score) as avg_score
    from long
    group by dimension
)
select * from final order by avg_score, dimension
