-- _intermediate: building blocks shared by several metrics (dbt's
-- "intermediate models"), so a definition lives in exactly one place.
-- Reads only the staging macros. Run by the runner after _staging.sql.

-- Purchases (SPEC): sell_in amounts, returns not subtracted; where the
-- workspace holds no sell_in rows at all, sell_out instead.
create or replace temp macro is_purchase(kind, amount) as
    amount > 0 and kind = (select purchase_kind from data_present());

create or replace temp macro purchases_f(
    as_of, f_regions, f_reps, f_segments, f_products, f_customers
) as table
select sales.*
from sales_f(as_of, f_regions, f_reps, f_segments, f_products, f_customers) as sales
where is_purchase(sales.kind, sales.amount);

-- Gross, returns and sell-out (the measures of _staging) and the customers
-- with purchases, per ISO week (weeks start on Monday) from `since` (NULL:
-- all) to as_of, the last week counting up to as_of; rows the filters keep.
create or replace temp macro weekly_sales_build(
    as_of, since, f_regions, f_reps, f_segments, f_products, f_customers
) as table
with
sums as (
    select
        date_trunc('week', date)::date as week_start,
        gross_amount(kind, amount) as gross,
        returned_amount(kind, amount) as returned,
        sell_out_amount(kind, amount) as net
    from sales_f(as_of, f_regions, f_reps, f_segments, f_products, f_customers)
    where since is null or date >= since::date
    group by all
),
buyers as (
    select date_trunc('week', date)::date as week_start, count(distinct customer) as active
    from purchases_f(as_of, f_regions, f_reps, f_segments, f_products, f_customers)
    where since is null or date >= since::date
    group by all
)
select sums.*, buyers.active
from sums
left join buyers using (week_start);

-- The unfiltered 26 weeks up to the week holding as_of, cached per as_of.
create or replace temp macro weekly_totals_build(as_of) as table
select *
from weekly_sales_build(
    as_of, date_trunc('week', as_of::date)::date - 7 * 25, null, null, null, null, null
);

create or replace temp table salesdash_cache_weekly as
select null::date as cache_as_of, * from weekly_totals_build(null) limit 0;

-- The weeks from `since` (a Monday): the cached ones when no filter is set
-- and they reach back that far, else added up from the sales rows.
create or replace temp macro weekly_sales(
    as_of, since, f_regions, f_reps, f_segments, f_products, f_customers
) as table
select * exclude (cache_as_of)
from salesdash_cache_weekly
where cache_as_of = as_of::date and week_start >= since::date
    and f_regions is null and f_reps is null and f_segments is null
    and f_products is null and f_customers is null
    and since::date >= date_trunc('week', as_of::date)::date - 7 * 25
union all
select *
from weekly_sales_build(as_of, since, f_regions, f_reps, f_segments, f_products, f_customers)
where not (
    f_regions is null and f_reps is null and f_segments is null
    and f_products is null and f_customers is null
    and since::date >= date_trunc('week', as_of::date)::date - 7 * 25
);

-- What one sales row adds to its part: the parts' columns for a single row
-- (rows = 1). Every reader adds parts up with sum, min and max, so these rows
-- give the same figures as the parts they make.
create or replace temp macro part_rows(as_of, days) as table
select
    customer,
    product,
    region,
    rep,
    1 as rows,
    stock_change(kind, amount) as stock_amount,
    stock_change(kind, quantity) as stock_units,
    case when kind = 'sell_out' and date > as_of::date - 56 then amount end
        as sell_out_8w_amount,
    case when kind = 'sell_out' then date end as last_sell_out_date,
    case when is_purchase(kind, amount) and date > as_of::date - days then amount end
        as current_amount,
    case
        when is_purchase(kind, amount)
            and date > as_of::date - 2 * days and date <= as_of::date - days
            then amount
    end as previous_amount,
    case when is_purchase(kind, amount) then date end as first_purchase_date,
    case when is_purchase(kind, amount) then date end as last_purchase_date
from sales_f(as_of, null, null, null, null, null);

-- Sales per customer x product x region x rep up to as_of (region and rep as
-- the filters see them: the row's, else the customers dataset's): the parts
-- that stock and purchase windows are added up from. A page's filters keep
-- or drop whole parts, so a filtered view adds up exactly the rows sales_f
-- would keep. Per part: rows; stock = gross - returns - sell-out over all
-- data (SPEC), in amount and, where rows carry quantity, in units; sell-out
-- in the 56 days ending at as_of; the last sell-out date; purchases in the
-- current `days` window ending at as_of and in the equal span before it; the
-- first and last purchase date. Cached per (as_of, days); the stock columns
-- do not depend on days.
create or replace temp macro parts_build(as_of, days) as table
select
    customer,
    product,
    region,
    rep,
    count(*) as rows,
    sum(stock_amount) as stock_amount,
    sum(stock_units) as stock_units,
    sum(sell_out_8w_amount) as sell_out_8w_amount,
    max(last_sell_out_date) as last_sell_out_date,
    sum(current_amount) as current_amount,
    sum(previous_amount) as previous_amount,
    min(first_purchase_date) as first_purchase_date,
    max(last_purchase_date) as last_purchase_date
from part_rows(as_of, days)
group by customer, product, region, rep;

-- sales_parts and window_parts of a workspace that stores no parts: where
-- there would be nearly as many parts as sales rows, the writer stores these
-- in their place (see queries.persist_caches), and readers add up the rows.
create or replace temp macro sales_parts_inline(as_of) as table
select * from part_rows(as_of, null);

create or replace temp macro window_parts_inline(as_of, days) as table
select * exclude (rows, stock_amount, stock_units, sell_out_8w_amount, last_sell_out_date)
from part_rows(as_of, days)
where first_purchase_date is not null;

create or replace temp table salesdash_cache_parts as
select null::date as cache_as_of, null::integer as cache_days, *
from parts_build(null, null) limit 0;

-- The parts of as_of, from whichever churn window was built (stock does not
-- depend on it).
create or replace temp macro sales_parts(as_of) as table
select * exclude (cache_as_of, cache_days)
from salesdash_cache_parts
where cache_as_of = as_of::date
    and cache_days = (
        select min(cache_days) from salesdash_cache_parts where cache_as_of = as_of::date
    );

-- The parts with purchases, and their purchases in the `days` churn windows.
create or replace temp macro window_parts(as_of, days) as table
select
    customer,
    product,
    region,
    rep,
    current_amount,
    previous_amount,
    first_purchase_date,
    last_purchase_date
from salesdash_cache_parts
where cache_as_of = as_of::date and cache_days = days and first_purchase_date is not null;

-- The same per customer, all parts added up: what an unfiltered view reads.
create or replace temp macro window_totals_build(as_of, days) as table
select
    customer,
    coalesce(sum(current_amount), 0) as current_amount,
    coalesce(sum(previous_amount), 0) as previous_amount,
    min(first_purchase_date) as first_purchase_date,
    max(last_purchase_date) as last_purchase_date
from window_parts(as_of, days)
group by customer;

create or replace temp table salesdash_cache_window_totals as
select null::date as cache_as_of, null::integer as cache_days, *
from window_totals_build(null, null) limit 0;

create or replace temp macro window_totals(as_of, days) as table
select * exclude (cache_as_of, cache_days)
from salesdash_cache_window_totals
where cache_as_of = as_of::date and cache_days = days;

-- One row per customer who ever purchased up to as_of: purchases in the
-- current `days` window ending at as_of and in the equal span before it.
-- active = purchases > 0; churned = active before, not now; partial
-- defector = active in both, now < 50% of before; new = active now with
-- no purchase ever before the current window.
-- Segment and customer filters keep or drop whole customers; region, rep and
-- product filters keep parts of a customer's purchases, so the filtered view
-- adds up the parts that pass (the unfiltered one reads the stored totals).
create or replace temp macro customer_windows(
    as_of, days, f_regions, f_reps, f_segments, f_products, f_customers
) as table
with
whole as (
    select *
    from window_totals(as_of, days)
    where f_regions is null and f_reps is null and f_products is null
),
parts as (
    select
        customer,
        coalesce(sum(current_amount), 0) as current_amount,
        coalesce(sum(previous_amount), 0) as previous_amount,
        min(first_purchase_date) as first_purchase_date,
        max(last_purchase_date) as last_purchase_date
    from window_parts(as_of, days)
    where not (f_regions is null and f_reps is null and f_products is null)
        and passes_filters(
            region, rep, null, product, customer, f_regions, f_reps, null, f_products, null
        )
    group by customer
),
per_customer as (
    select * from whole
    union all
    select * from parts
),
attributed as (
    -- a customer's attributes are the customers dataset's (with the segment
    -- fallbacks), rep and region else those of its latest sales row.
    select
        per_customer.*,
        coalesce(dim.rep, dim.sales_rep) as rep,
        coalesce(dim.region, dim.sales_region) as region,
        dim.segment,
        dim.tier,
        dim.channel
    from per_customer
    left join customer_dim(as_of) as dim using (customer)
    where passes_filters(
        null, null, dim.segment, null, customer, null, null, f_segments, null, f_customers
    )
),
final as (
    select
        *,
        current_amount > 0 as is_active,
        previous_amount > 0 as was_active,
        previous_amount > 0 and current_amount <= 0 as is_churned,
        previous_amount > 0 and current_amount > 0 and current_amount < 0.5 * previous_amount
            as is_partial_defector,
        current_amount > 0 and first_purchase_date > as_of::date - days as is_new
    from attributed
)
select * from final;

-- Actuals of every target scope in force at as_of (period_start <= as_of <=
-- period_end): gross sell-in (and sell-out beside it) of the scope from
-- period_start to as_of. Scope columns that are set must all match (they
-- intersect); sales are not page-filtered, so the actual of a scope is the
-- same under every filter and is cached per as_of. Sales are matched per
-- scope shape (which columns are set) with an equi-join, so the cost does
-- not grow with targets x sales.
create or replace temp macro target_actuals_build(as_of) as table
with
scopes as (
    select distinct rep, region, product, customer, period_start
    from targets_f(as_of, null, null, null, null, null)
    where period_start <= as_of::date and period_end >= as_of::date
),
shapes as (
    select distinct
        rep is not null as by_rep,
        region is not null as by_region,
        product is not null as by_product,
        customer is not null as by_customer
    from scopes
),
scoped_sales as (
    select
        shapes.*,
        case when shapes.by_rep then sales.rep end as rep,
        case when shapes.by_region then sales.region end as region,
        case when shapes.by_product then sales.product end as product,
        case when shapes.by_customer then sales.customer end as customer,
        sales.date,
        case when sales.kind = 'sell_in' and sales.amount > 0 then sales.amount end
            as gross_amount,
        case when sales.kind = 'sell_out' then sales.amount end as sell_out_amount
    from sales_f(as_of, null, null, null, null, null) as sales
    cross join shapes
    where sales.date >= (select min(period_start) from scopes)
        and sales.kind in ('sell_in', 'sell_out')
)
select
    scopes.rep,
    scopes.region,
    scopes.product,
    scopes.customer,
    scopes.period_start,
    coalesce(sum(scoped_sales.gross_amount), 0) as actual,
    coalesce(sum(scoped_sales.sell_out_amount), 0) as actual_net
from scopes
left join scoped_sales
    on scoped_sales.by_rep = (scopes.rep is not null)
    and scoped_sales.by_region = (scopes.region is not null)
    and scoped_sales.by_product = (scopes.product is not null)
    and scoped_sales.by_customer = (scopes.customer is not null)
    and scoped_sales.rep is not distinct from scopes.rep
    and scoped_sales.region is not distinct from scopes.region
    and scoped_sales.product is not distinct from scopes.product
    and scoped_sales.customer is not distinct from scopes.customer
    and scoped_sales.date >= scopes.period_start
group by all;

create or replace temp table salesdash_cache_target_actuals as
select null::date as cache_as_of, * from target_actuals_build(null) limit 0;

create or replace temp macro scope_actuals(as_of) as table
select * exclude (cache_as_of)
from salesdash_cache_target_actuals
where cache_as_of = as_of::date;

-- One row per target row in force at as_of with the actual of its scope
-- (above). Filters choose which targets are listed (targets_f), never what a
-- target counts.
create or replace temp macro target_actuals(
    as_of, f_regions, f_reps, f_segments, f_products, f_customers
) as table
with
in_force as (
    select *
    from targets_f(as_of, f_regions, f_reps, f_segments, f_products, f_customers)
    where period_start <= as_of::date and period_end >= as_of::date
),
final as (
    select
        in_force.*,
        actuals.actual,
        case when kinds.has_sell_out then actuals.actual_net end as actual_net,
        date_diff('day', in_force.period_start, as_of::date) + 1 as days_elapsed,
        date_diff('day', in_force.period_start, in_force.period_end) + 1 as days_in_period
    from in_force
    inner join scope_actuals(as_of) as actuals
        on actuals.rep is not distinct from in_force.rep
        and actuals.region is not distinct from in_force.region
        and actuals.product is not distinct from in_force.product
        and actuals.customer is not distinct from in_force.customer
        and actuals.period_start = in_force.period_start
    cross join data_present() as kinds
)
select * from final;

-- The parts added up per customer x product (a position) with
-- reports_sell_out (below): what an unfiltered view reads. The customers
-- with a sell-out are looked up rather than found by a window over every
-- position (0.12 s instead of 0.14 s for 150k positions; sales rows always
-- name their customer).
create or replace temp macro position_totals_build(as_of) as table
with
positions as (
    select
        customer,
        product,
        sum(stock_amount) as stock_amount,
        sum(stock_units) as stock_units,
        coalesce(sum(sell_out_8w_amount), 0) as sell_out_8w_amount,
        max(last_sell_out_date) as last_sell_out_date
    from sales_parts(as_of)
    group by customer, product
)
select
    *,
    customer in (
        select customer from positions where last_sell_out_date is not null
    ) as reports_sell_out
from positions;

create or replace temp table salesdash_cache_position_totals as
select null::date as cache_as_of, * from position_totals_build(null) limit 0;

create or replace temp macro position_totals(as_of) as table
select * exclude (cache_as_of)
from salesdash_cache_position_totals
where cache_as_of = as_of::date;

-- The parts that pass the filters, with their customer's segment: row counts
-- and stock of exactly the sales rows sales_f would keep.
create or replace temp macro sales_parts_f(
    as_of, f_regions, f_reps, f_segments, f_products, f_customers
) as table
select parts.*, dim.segment
from sales_parts(as_of) as parts
left join customer_dim(as_of) as dim using (customer)
where passes_filters(
    parts.region, parts.rep, dim.segment, parts.product, parts.customer,
    f_regions, f_reps, f_segments, f_products, f_customers
);

-- Channel stock per customer x product up to as_of: gross - returns -
-- sell-out over all data (SPEC), in amount and, where rows carry quantity,
-- in units. reports_sell_out marks customers with any sell_out row up to
-- as_of: for the others (direct accounts, non-reporting retailers) the
-- "stock" is all they ever bought, so cover and slow-moving are judged only
-- for reporting customers. sell_out_8w = sell-out in the 56 days ending at
-- as_of; weeks_of_cover = stock / (sell_out_8w / 8), NULL when nothing sold
-- out. slow-moving (滞销) = a reporting customer's position with stock > 0
-- and no sell-out in the 8 weeks or weeks_of_cover > 12. No rows without
-- sell-out data. Segment and customer filters keep or drop whole customers;
-- region, rep and product filters keep parts of positions, which are then
-- added up (the unfiltered view reads the stored positions). Without the
-- customer's attributes (stock_positions adds them): a query that adds up
-- per customer joins them to its few rows, not to every position.
create or replace temp macro stock_by_position(
    as_of, f_regions, f_reps, f_segments, f_products, f_customers
) as table
with
whole as (
    select *
    from position_totals(as_of)
    where f_regions is null and f_reps is null and f_products is null
),
parts as (
    select
        customer,
        product,
        sum(stock_amount) as stock_amount,
        sum(stock_units) as stock_units,
        coalesce(sum(sell_out_8w_amount), 0) as sell_out_8w_amount,
        max(last_sell_out_date) as last_sell_out_date
    from sales_parts(as_of)
    where not (f_regions is null and f_reps is null and f_products is null)
        and passes_filters(
            region, rep, null, product, customer, f_regions, f_reps, null, f_products, null
        )
    group by customer, product
),
positions as (
    select * from whole
    union all
    select
        *,
        max(last_sell_out_date) over (partition by customer) is not null as reports_sell_out
    from parts
),
final as (
    select
        *,
        stock_amount / nullif(sell_out_8w_amount / 8, 0) as weeks_of_cover,
        reports_sell_out and round(stock_amount, 2) > 0
            and (sell_out_8w_amount <= 0 or weeks_of_cover > 12) as is_slow_moving
    from positions
    where (select has_sell_out from data_present())
        and (f_customers is null or list_contains(f_customers, customer))
        and (f_segments is null or customer in (
            select dim.customer from customer_dim(as_of) as dim
            where list_contains(f_segments, dim.segment)
        ))
)
select * from final;

-- The positions above with their customer's segment, rep and region (the
-- customers dataset's, else those of its latest sales row).
create or replace temp macro stock_positions(
    as_of, f_regions, f_reps, f_segments, f_products, f_customers
) as table
select
    positions.customer,
    positions.product,
    positions.stock_amount,
    positions.stock_units,
    positions.sell_out_8w_amount,
    positions.last_sell_out_date,
    dim.segment,
    coalesce(dim.rep, dim.sales_rep) as rep,
    coalesce(dim.region, dim.sales_region) as region,
    positions.reports_sell_out,
    positions.weeks_of_cover,
    positions.is_slow_moving
from stock_by_position(as_of, f_regions, f_reps, f_segments, f_products, f_customers)
    as positions
left join customer_dim(as_of) as dim using (customer);

-- The SPEC's satisfaction measures, as aggregates over survey rows:
-- csat_avg = mean score of the 1-5 (csat) responses; pct_satisfied = their
-- share of 4 and 5; nps = (share of 9-10 - share of 0-6) x 100 among the
-- 0-10 (nps) responses. NULL when there are no responses of that scale.
create or replace temp macro csat_avg(scale, score) as
    avg(score) filter (where scale = 'csat');

create or replace temp macro pct_satisfied(scale, score) as
    avg(case when score >= 4 then 1.0 else 0.0 end) filter (where scale = 'csat');

create or replace temp macro nps(scale, score) as
    100 * avg(case when score >= 9 then 1.0 when score <= 6 then -1.0 else 0.0 end)
        filter (where scale = 'nps');

-- Contact cadence (SPEC, visits): one row per customer in the customers
-- dataset or with gross sales in the trailing 365 days, with its cadence
-- tier (customers.tier, else ABC class) and the days since its last visit
-- (type visit) and last contact (visit or call) up to as_of. Cadence in
-- days: A call 30 / visit 91; B call 91 / visit 182; C call 182 / visit 365.
-- compliant = last visit and last contact both within the cadence.
-- Last visit and contact per customer, from all visits (not page-filtered):
-- cached per as_of.
create or replace temp macro contacts_build(as_of) as table
select
    customer,
    max(date) filter (where type = 'visit') as last_visit_date,
    max(date) as last_contact_date
from visits_f(as_of, null, null, null, null, null)
group by customer;

create or replace temp table salesdash_cache_contacts as
select null::date as cache_as_of, * from contacts_build(null) limit 0;

create or replace temp macro customer_contacts(as_of) as table
select * exclude (cache_as_of)
from salesdash_cache_contacts
where cache_as_of = as_of::date;

create or replace temp macro contact_status(
    as_of, f_regions, f_reps, f_segments, f_products, f_customers
) as table
with
base as (
    select *, coalesce(tier, abc_class) as cadence_tier
    from customers_f(as_of, f_regions, f_reps, f_segments, f_products, f_customers)
    where (is_listed or gross_365_amount > 0) and coalesce(tier, abc_class) is not null
),
contacts as (
    select * from customer_contacts(as_of)
),
final as (
    select
        base.customer,
        base.cadence_tier,
        base.segment,
        base.rep,
        base.region,
        contacts.last_visit_date,
        contacts.last_contact_date,
        date_diff('day', contacts.last_visit_date, as_of::date) as days_since_visit,
        date_diff('day', contacts.last_contact_date, as_of::date) as days_since_contact,
        case base.cadence_tier when 'A' then 91 when 'B' then 182 else 365 end
            as visit_cadence_days,
        case base.cadence_tier when 'A' then 30 when 'B' then 91 else 182 end
            as contact_cadence_days,
        coalesce(days_since_visit <= visit_cadence_days
            and days_since_contact <= contact_cadence_days, false) as is_compliant
    from base
    left join contacts using (customer)
)
select * from final;

-- Customer evaluation criteria (SPEC 客户评价) for customers with purchases in
-- the trailing 365 days: purchases_365 (transaction), margin_365 = margin,
-- else amount - cost, on sell_in rows (profitability), collection_ratio =
-- visits' collected_amount / gross sell_in (safety; NULL when no collection
-- is recorded in the span), growth = purchases_365 / the 365 days before - 1
-- (NULL without earlier purchases), sell_through_rate = sell-out / gross
-- sell_in (cooperation; NULL without sell-out data).
create or replace temp macro customer_criteria(
    as_of, f_regions, f_reps, f_segments, f_products, f_customers
) as table
with
present as (select * from data_present()),
recent as (
    select *, date > as_of::date - 365 as in_span
    from sales_f(as_of, f_regions, f_reps, f_segments, f_products, f_customers)
    where date > as_of::date - 730
),
collections as (
    select customer, sum(collected_amount) as collected_amount
    from visits_f(as_of, f_regions, f_reps, f_segments, f_products, f_customers)
    where date > as_of::date - 365
    group by customer
),
per_customer as (
    select
        recent.customer,
        any_value(recent.segment) as segment,
        arg_max(recent.rep, recent.date) as rep,
        arg_max(recent.region, recent.date) as region,
        sum(recent.amount) filter (where recent.kind = present.purchase_kind
            and recent.amount > 0 and recent.in_span) as purchases_365,
        sum(recent.amount) filter (where recent.kind = present.purchase_kind
            and recent.amount > 0 and not recent.in_span) as purchases_before,
        sum(coalesce(recent.margin, recent.amount - recent.cost))
            filter (where recent.kind = 'sell_in' and recent.in_span) as margin_365,
        gross_amount(recent.kind, if(recent.in_span, recent.amount, null)) as gross_365,
        sell_out_amount(recent.kind, if(recent.in_span, recent.amount, null)) as sell_out_365
    from recent
    cross join present
    group by recent.customer
),
criteria as (
    select
        per_customer.*,
        case when (select count(collected_amount) from collections) > 0
            then coalesce(collections.collected_amount, 0) / nullif(gross_365, 0)
        end as collection_ratio,
        purchases_365 / purchases_before - 1 as growth,
        case when present.has_sell_out then coalesce(sell_out_365, 0) / nullif(gross_365, 0)
        end as sell_through_rate
    from per_customer
    cross join present
    left join collections using (customer)
    where purchases_365 > 0
)
select * from criteria;
