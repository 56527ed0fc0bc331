-- filter_options: the values the page filters offer, so a manager picks
-- from the regions, reps, segments and products the workspace holds (region,
-- rep and segment as the staging macros derive them, customers included).
-- rows = sales rows carrying the value, to list the busiest first.
-- regions narrows the offer (a sign-in limited to regions sees only theirs).
-- grain: one row per dimension and value
-- params: as_of, regions
-- columns: dimension, value, rows
-- needs: sales

with
sales_rows as (
    select region, rep, segment, product
    from sales_f($as_of, $regions, null, null, null, null)
),
unpivoted as (
    select 'region' as dimension, region as value from sales_rows
    union all
    select 'rep', rep from sales_rows
    union all
    select 'segment', segment from sales_rows
    union all
    select 'product', product from sales_rows
),
final as (
    select dimension, value, count(*) as rows
    from unpivoted
    where value is not null
    group by dimension, value
)
select * from final order by dimension, rows desc, value
