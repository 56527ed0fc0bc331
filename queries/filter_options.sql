-- filter_options: the values the page filters offer, so a manager picks
-- from the regions, reps, segments and products the workspace holds (region,
-- rep and segment as the staging macros derive them, customers included).
-- rows = sales rows carrying the value, to list the busiest first (counted
-- from the cached per customer x product x region x rep parts).
-- regions narrows the offer (a sign-in limited to regions sees only theirs).
-- grain: one row per dimension and value
-- params: as_of, regions
-- columns: dimension, value, rows
-- needs: sales

with
parts as (
    select region, rep, segment, product, rows
    from sales_parts_f($as_of, $regions, null, null, null, null)
),
unpivoted as (
    select 'region' as dimension, region as value, rows from parts
    union all
    select 'rep', rep, rows from parts
    union all
    select 'segment', segment, rows from parts
    union all
    select 'product', product, rows from parts
),
final as (
    select dimension, value, sum(rows)::bigint as rows
    from unpivoted
    where value is not null
    group by dimension, value
)
select * from final order by dimension, rows desc, value
