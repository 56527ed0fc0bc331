-- satisfaction_breakdown: satisfaction beside loyalty, split by one customer
-- attribute (`dimension`: segment, rep, region, channel, tier or customer),
-- so "satisfied is not loyal" shows by segment, region or channel alike.
-- Churn as in customer_churn: active_previous, churned, churn_rate, and
-- partial_defection_rate = partial defectors / active_previous. Survey
-- responses in the churn window as in satisfaction (csat_avg, pct_satisfied,
-- nps). Both sides group by the customer's attribute as churn_breakdown does
-- (customers dataset, else the latest sales row's rep and region).
-- grain: one row per value of the dimension
-- params: as_of, churn_days, dimension, regions, reps, segments, products, customers
-- columns: value, active_previous, churned_customers, churn_rate, partial_defectors, partial_defection_rate, csat_responses, csat_avg, pct_satisfied, nps_responses, nps
-- needs: sales

with
attributes as (
    select
        customer,
        case $dimension
            when 'segment' then segment
            when 'rep' then rep
            when 'region' then region
            when 'channel' then channel
            when 'tier' then tier
            when 'customer' then customer
        end as value
    from customers_f($as_of, null, null, null, null, null)
),
windows as (
    select attributes.value, windows.*
    from customer_windows($as_of, $churn_days, $regions, $reps, $segments, $products, $customers)
        as windows
    left join attributes using (customer)
),
loyalty as (
    select
        value,
        count(*) filter (where was_active) as active_previous,
        count(*) filter (where is_churned) as churned_customers,
        count(*) filter (where is_partial_defector) as partial_defectors
    from windows
    where was_active
    group by value
),
scores as (
    select
        attributes.value,
        count(*) filter (where surveys.scale = 'csat') as csat_responses,
        csat_avg(surveys.scale, surveys.score) as csat_avg,
        pct_satisfied(surveys.scale, surveys.score) as pct_satisfied,
        count(*) filter (where surveys.scale = 'nps') as nps_responses,
        nps(surveys.scale, surveys.score) as nps
    from surveys_f($as_of, $regions, $reps, $segments, $products, $customers) as surveys
    left join attributes using (customer)
    where surveys.date > $as_of::date - $churn_days
    group by attributes.value
),
final as (
    select
        value,
        coalesce(loyalty.active_previous, 0) as active_previous,
        coalesce(loyalty.churned_customers, 0) as churned_customers,
        churned_customers / nullif(active_previous, 0) as churn_rate,
        coalesce(loyalty.partial_defectors, 0) as partial_defectors,
        partial_defectors / nullif(active_previous, 0) as partial_defection_rate,
        coalesce(scores.csat_responses, 0) as csat_responses,
        scores.csat_avg,
        scores.pct_satisfied,
        coalesce(scores.nps_responses, 0) as nps_responses,
        scores.nps
    from loyalty
    full join scores using (value)
)
select * from final order by active_previous desc, value
