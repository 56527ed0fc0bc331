-- customer_scorecard (客户评价): customers with purchases in the trailing 365
-- days (ending at as_of), scored 1-5 (quintile among them, 5 = best) on:
-- transaction 交易性 = purchases; profitability 收益性 = gross margin (margin,
-- else amount - cost) on sell_in rows; safety 安全性 = visits' collected_amount
-- / gross sell_in; growth 发展性 = purchases / the 365 days before - 1;
-- cooperation 合作性 = sell-out / gross sell_in. NULL where the data cannot
-- give it (no cost, no collections recorded, no earlier purchases, no
-- sell-out data). score = mean of the available quintiles; action: reward =
-- top 20% by score, phase_out = bottom 10% with negative growth, else support.
-- grain: one row per customer active in the trailing 365 days
-- params: as_of, regions, reps, segments, products, customers, limit
-- columns: customer, segment, rep, region, purchases_365, margin_365, collection_ratio, growth, sell_through_rate, transaction_score, profitability_score, safety_score, growth_score, cooperation_score, score, action
-- needs: sales

with
criteria as (
    select *
    from customer_criteria($as_of, $regions, $reps, $segments, $products, $customers)
),
quintiles as (
    -- one row per customer and criterion the data give (unpivot drops NULLs)
    select
        customer,
        criterion,
        -- the epsilon keeps k/n x 5 from rounding up past a whole number
        ceil(5 * cume_dist() over (partition by criterion order by value) - 1e-9) as quintile
    from criteria
    unpivot (value for criterion in (
        purchases_365, margin_365, collection_ratio, growth, sell_through_rate
    ))
),
scored as (
    select
        criteria.*,
        any_value(quintile) filter (where criterion = 'purchases_365') as transaction_score,
        any_value(quintile) filter (where criterion = 'margin_365') as profitability_score,
        any_value(quintile) filter (where criterion = 'collection_ratio') as safety_score,
        any_value(quintile) filter (where criterion = 'growth') as growth_score,
        any_value(quintile) filter (where criterion = 'sell_through_rate') as cooperation_score,
        avg(quintile) as score
    from criteria
    inner join quintiles using (customer)
    group by all
),
final as (
    select
        customer,
        segment,
        rep,
        region,
        purchases_365,
        margin_365,
        collection_ratio,
        growth,
        sell_through_rate,
        transaction_score,
        profitability_score,
        safety_score,
        growth_score,
        cooperation_score,
        score,
        case
            when percent_rank() over (order by score desc) < 0.2 then 'reward'
            when percent_rank() over (order by score) < 0.1 and growth < 0 then 'phase_out'
            else 'support'
        end as action
    from scored
)
select * from final order by score desc, purchases_365 desc, customer
limit $limit
