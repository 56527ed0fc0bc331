-- abc_classes: customers ranked by trailing-365-day gross sales (positive
-- sell_in, 365 days ending at as_of); class A while the cumulative share
-- before the customer is < 80%, B while < 95%, C the rest. The ranking is
-- company-wide (the same class the segment fallback uses); filters choose
-- which customers are listed. cumulative_share and customer_share_cum draw
-- the Pareto curve. Customers without gross sales in the span are left out.
-- grain: one row per customer with trailing-365-day gross sales
-- params: as_of, regions, reps, segments, products, customers, limit
-- columns: rank, customer, segment, rep, region, gross_365_amount, share, cumulative_share, customer_share_cum, abc_class
-- needs: sell_in

with
ranked as (
    select
        *,
        row_number() over (order by gross_365_amount desc, customer) as rank,
        count(*) over () as ranked_customers
    from customer_dim($as_of)
    where gross_365_amount > 0
),
final as (
    select
        ranked.rank,
        ranked.customer,
        ranked.segment,
        coalesce(ranked.rep, ranked.sales_rep) as rep,
        coalesce(ranked.region, ranked.sales_region) as region,
        ranked.gross_365_amount,
        ranked.gross_365_amount / ranked.total_365_amount as share,
        ranked.share_before + share as cumulative_share,
        ranked.rank / ranked.ranked_customers as customer_share_cum,
        ranked.abc_class
    from ranked
    semi join customers_f($as_of, $regions, $reps, $segments, $products, $customers) as listed
        on listed.customer = ranked.customer
)
select * from final order by rank
limit $limit
