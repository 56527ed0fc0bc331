-- _staging: the one place where raw tables are cleaned, joined and filtered.
-- Every metric query reads only these macros, never the raw tables, so the
-- page filters and the SPEC's fill-in rules apply the same way everywhere.
-- Run by the runner (salesdash/queries.py) on each connection before any query,
-- unless the workspace file already holds these macros at this version (a
-- writer stores them there, see persist_caches).
-- Filter arguments are lists (VARCHAR[]); NULL means "all". They are
-- bound as prepared parameters by the calling query, never formatted in.
--
-- Caches. What costs a scan of every sales row is built by a *_build macro
-- into a table salesdash_cache_<name> with key columns cache_as_of (and
-- cache_days), and read through a macro that picks the key. The runner makes
-- sure the rows for the key asked exist before a query runs: a writer leaves
-- them in the workspace file for the latest sales date (stamped with the data
-- fingerprint and this file's version, ignored when either differs), and a
-- connection that needs another key, or finds them stale, builds them into a
-- TEMP table of the same name, which hides the file's.

-- What the workspace holds at all (ignores filters and dates): a metric the
-- data cannot give is NULL, not 0. purchase_kind is the SPEC's purchases
-- rule: sell_in, or sell_out where the data hold no sell_in rows at all.
-- May scan all sales: cached (salesdash_cache_present), read as data_present().
create or replace temp macro data_present_build() as table
with
found as (
    select
        exists (select 1 from main.sales) as has_sales,
        exists (select 1 from main.sales where kind = 'sell_in' and amount > 0) as has_sell_in,
        exists (select 1 from main.sales where kind = 'sell_out') as has_sell_out,
        exists (
            select 1 from main.sales where kind = 'return' or (kind = 'sell_in' and amount < 0)
        ) as has_returns,
        exists (select 1 from main.sales where cost is not null or margin is not null) as has_cost,
        exists (select 1 from main.targets) as has_targets,
        exists (select 1 from main.visits) as has_visits,
        exists (select 1 from main.complaints) as has_complaints,
        exists (select 1 from main.surveys) as has_surveys,
        exists (select 1 from main.customers) as has_customers
)
select *, case when has_sell_in then 'sell_in' else 'sell_out' end as purchase_kind
from found;

-- The SPEC's sales measures, as aggregates, defined once:
-- gross = positive sell_in; returns = |return| plus |negative sell_in|;
-- net = sell_out (taken on the same price basis as sell-in).
create or replace temp macro gross_amount(kind, amount) as
    sum(amount) filter (where kind = 'sell_in' and amount > 0);

create or replace temp macro returned_amount(kind, amount) as
    sum(abs(amount)) filter (where kind = 'return' or (kind = 'sell_in' and amount < 0));

create or replace temp macro sell_out_amount(kind, amount) as
    sum(amount) filter (where kind = 'sell_out');

-- What a row adds to channel stock: + gross, - returns, - sell-out (the three
-- measures above folded into one signed amount, so stock is a single sum).
create or replace temp macro stock_change(kind, amount) as case
    when amount is null then null  -- rows without quantity leave units unknown, not 0
    when kind = 'sell_in' and amount > 0 then amount
    when kind = 'return' or (kind = 'sell_in' and amount < 0) then -abs(amount)
    when kind = 'sell_out' then -amount
    else 0
end;

-- NULL when the workspace cannot give a figure (has is false), else the
-- figure with "nothing in the window" read as 0.
create or replace temp macro known(has, value) as case when has then coalesce(value, 0) end;

-- Changes whenever the data change through the loader (row counts and the
-- upload history). Cheap: a table's row count is metadata in DuckDB.
create or replace temp macro data_fingerprint() as concat_ws(
    '|',
    (select count(*) from main.sales),
    (select count(*) from main.customers),
    (select count(*) from main.targets),
    (select count(*) from main.visits),
    (select count(*) from main.complaints),
    (select count(*) from main.surveys),
    (select concat_ws(':', count(*), max(id), sum(rows_loaded + rows_replaced))
        from main.uploads)
);

-- One row per customer known up to as_of (customers dataset or sales).
-- segment = customers.segment, else tier, else ABC class (SPEC). ABC is
-- company-wide: rank by trailing-365-day gross sales; A while the share
-- before the customer is < 80%, B while < 95%, C after.
-- Costly (groups all sales by customer): cached per as_of
-- (salesdash_cache_customer_dim), and every query reads customer_dim(as_of).
create or replace temp macro customer_dim_build(as_of) as table
with
listed as (
    select *
    from main.customers
    qualify row_number() over (
        partition by customer order by upload_id desc nulls last, source_row desc nulls last
    ) = 1
),
sold as (
    select
        customer,
        sum(amount) filter (
            where kind = 'sell_in' and amount > 0 and date > as_of::date - 365
        ) as gross_365_amount,
        arg_max(rep, date) filter (where rep is not null) as sales_rep,
        arg_max(region, date) filter (where region is not null) as sales_region
    from main.sales
    where date <= as_of::date
    group by customer
),
joined as (
    select
        coalesce(listed.customer, sold.customer) as customer,
        listed.segment as listed_segment,
        listed.tier,
        listed.region,
        listed.rep,
        listed.channel,
        listed.since,
        listed.status,
        listed.customer is not null as is_listed,
        coalesce(sold.gross_365_amount, 0) as gross_365_amount,
        -- rep and region on the customer's latest sales row, for showing the
        -- customers the customers dataset does not list (never for filling)
        sold.sales_rep,
        sold.sales_region
    from listed
    full join sold on sold.customer = listed.customer
),
ranked as (
    select
        *,
        sum(gross_365_amount) over () as total_365_amount,
        coalesce(sum(gross_365_amount) over (
            order by gross_365_amount desc, customer
            rows between unbounded preceding and 1 preceding
        ), 0) as before_365_amount
    from joined
),
final as (
    select
        * exclude (before_365_amount),
        case
            when total_365_amount <= 0 then null
            when before_365_amount / total_365_amount < 0.80 then 'A'
            when before_365_amount / total_365_amount < 0.95 then 'B'
            else 'C'
        end as abc_class,
        case when total_365_amount > 0 then before_365_amount / total_365_amount end
            as share_before
    from ranked
)
select
    * exclude (listed_segment),
    coalesce(listed_segment, tier, abc_class) as segment
from final;

-- The cached tables, as the queries read them. A table's first statement
-- creates the connection's own (TEMP, empty) copy; the runner re-runs it to
-- hide a stale copy in the file.
create or replace temp table salesdash_cache_present as
select * from data_present_build() limit 0;

create or replace temp macro data_present() as table
select * from salesdash_cache_present;

create or replace temp table salesdash_cache_customer_dim as
select null::date as cache_as_of, * from customer_dim_build(null) limit 0;

create or replace temp macro customer_dim(as_of) as table
select * exclude (cache_as_of)
from salesdash_cache_customer_dim
where cache_as_of = as_of::date;

-- Filter on a row's region, rep, segment, product and customer; a NULL
-- list lets everything through.
create or replace temp macro passes_filters(
    region, rep, segment, product, customer,
    f_regions, f_reps, f_segments, f_products, f_customers
) as
    (f_regions is null or list_contains(f_regions, region))
    and (f_reps is null or list_contains(f_reps, rep))
    and (f_segments is null or list_contains(f_segments, segment))
    and (f_products is null or list_contains(f_products, product))
    and (f_customers is null or list_contains(f_customers, customer));

-- Sales up to as_of, region and rep filled from the customers dataset.
create or replace temp macro sales_f(
    as_of, f_regions, f_reps, f_segments, f_products, f_customers
) as table
with
joined as (
    select
        sales.date,
        sales.customer,
        sales.kind,
        sales.amount,
        sales.quantity,
        sales.product,
        sales.order_id,
        sales.cost,
        sales.margin,
        coalesce(sales.rep, dim.rep) as rep,
        coalesce(sales.region, dim.region) as region,
        dim.segment,
        dim.tier,
        dim.channel,
        dim.abc_class
    from main.sales
    left join customer_dim(as_of) as dim on dim.customer = sales.customer
    where sales.date <= as_of::date
)
select *
from joined
where passes_filters(
    region, rep, segment, product, customer,
    f_regions, f_reps, f_segments, f_products, f_customers
);

-- Visits and calls up to as_of. Visits carry no product: that filter is ignored.
create or replace temp macro visits_f(
    as_of, f_regions, f_reps, f_segments, f_products, f_customers
) as table
with
joined as (
    select
        visits.* exclude (rep, region, upload_id, source_row),
        coalesce(visits.rep, dim.rep) as rep,
        coalesce(visits.region, dim.region) as region,
        dim.segment,
        dim.tier,
        dim.abc_class
    from main.visits
    left join customer_dim(as_of) as dim on dim.customer = visits.customer
    where visits.date <= as_of::date
)
select *
from joined
where passes_filters(
    region, rep, segment, null, customer,
    f_regions, f_reps, f_segments, null, f_customers
);

-- Complaints opened up to as_of; a close date after as_of reads as still open.
create or replace temp macro complaints_f(
    as_of, f_regions, f_reps, f_segments, f_products, f_customers
) as table
with
joined as (
    select
        complaints.* exclude (closed, rep, region, upload_id, source_row),
        case when complaints.closed <= as_of::date then complaints.closed end as closed,
        coalesce(complaints.rep, dim.rep) as rep,
        coalesce(complaints.region, dim.region) as region,
        dim.segment
    from main.complaints
    left join customer_dim(as_of) as dim on dim.customer = complaints.customer
    where complaints.opened <= as_of::date
)
select *
from joined
where passes_filters(
    region, rep, segment, product, customer,
    f_regions, f_reps, f_segments, f_products, f_customers
);

-- Survey responses up to as_of. Surveys carry no product: that filter is ignored.
create or replace temp macro surveys_f(
    as_of, f_regions, f_reps, f_segments, f_products, f_customers
) as table
with
joined as (
    select
        surveys.* exclude (rep, region, upload_id, source_row),
        coalesce(surveys.rep, dim.rep) as rep,
        coalesce(surveys.region, dim.region) as region,
        dim.segment
    from main.surveys
    left join customer_dim(as_of) as dim on dim.customer = surveys.customer
    where surveys.date <= as_of::date
)
select *
from joined
where passes_filters(
    region, rep, segment, null, customer,
    f_regions, f_reps, f_segments, null, f_customers
);

-- Customers (customers dataset plus everyone in sales). A customer's rep and
-- region are the customers dataset's, else those of its latest sales row.
-- No product filter.
create or replace temp macro customers_f(
    as_of, f_regions, f_reps, f_segments, f_products, f_customers
) as table
with
attributed as (
    select
        * exclude (rep, region, sales_rep, sales_region),
        coalesce(rep, sales_rep) as rep,
        coalesce(region, sales_region) as region
    from customer_dim(as_of)
)
select *
from attributed
where passes_filters(
    region, rep, segment, null, customer,
    f_regions, f_reps, f_segments, null, f_customers
);

-- Target rows. Filters choose which targets are listed: a target passes
-- when each scope column it sets is in the matching filter list (an unset
-- scope column passes). Its actual always counts its whole scope.
-- Regions are stricter, because a sign-in limited to regions is a region
-- filter: a target without a region passes only when its rep or customer
-- works in a chosen region, so a regional view never lists another
-- region's reps nor the company-wide target (whose actual is the company's).
create or replace temp macro targets_f(
    as_of, f_regions, f_reps, f_segments, f_products, f_customers
) as table
select
    targets.* exclude (upload_id, source_row),
    row_number() over (
        order by period_start, period, rep nulls first, region nulls first,
        product nulls first, customer nulls first, target
    ) as target_id
from main.targets
where (
        f_regions is null
        or list_contains(f_regions, region)
        or region is null and (rep is not null or customer is not null) and exists (
            select 1 from customer_dim(as_of) as dim
            where list_contains(f_regions, coalesce(dim.region, dim.sales_region))
                and (
                    targets.rep is null
                    or coalesce(dim.rep, dim.sales_rep) = targets.rep
                )
                and (targets.customer is null or dim.customer = targets.customer)
        )
    )
    and (f_reps is null or rep is null or list_contains(f_reps, rep))
    and (f_products is null or product is null or list_contains(f_products, product))
    and (f_customers is null or customer is null or list_contains(f_customers, customer))
    and (
        f_segments is null or customer is null or customer in (
            select dim.customer from customer_dim(as_of) as dim
            where list_contains(f_segments, dim.segment)
        )
    );
