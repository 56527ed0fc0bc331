-- visit_purpose_mix: visits and calls in the window (window_days ending at
-- as_of) by purpose (new_customer, market_research, collection, service,
-- complaint, order, other); share = the purpose's contacts / all contacts.
-- grain: one row per purpose
-- params: as_of, window_days, regions, reps, segments, products, customers
-- columns: purpose, visits, calls, contacts, share, order_amount, collected_amount
-- needs: visits

with
contacts as (
    select coalesce(purpose, 'other') as purpose, type, order_amount, collected_amount
    from visits_f($as_of, $regions, $reps, $segments, $products, $customers)
    where date > $as_of::date - $window_days
),
final as (
    select
        purpose,
        count(*) filter (where type = 'visit') as visits,
        count(*) filter (where type = 'call') as calls,
        count(*) as contacts,
        count(*) / sum(count(*)) over () as share,
        sum(order_amount) as order_amount,
        sum(collected_amount) as collected_amount
    from contacts
    group by purpose
)
select * from final order by contacts desc, purpose
