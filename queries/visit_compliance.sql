-- visit_compliance: share of each tier's customers whose last visit and last
-- contact (visit or call) are within the tier's cadence at as_of. Tier =
-- customers.tier, else ABC class. Cadence: A call 30 / visit 91 days; B call
-- 91 / visit 182; C call 182 / visit 365. A visit counts as a contact.
-- grain: one row per tier
-- params: as_of, regions, reps, segments, products, customers
-- columns: tier, customers, compliant, compliance, visit_cadence_days, contact_cadence_days
-- needs: visits

with
status as (
    select *
    from contact_status($as_of, $regions, $reps, $segments, $products, $customers)
),
final as (
    select
        cadence_tier as tier,
        count(*) as customers,
        count(*) filter (where is_compliant) as compliant,
        compliant / count(*) as compliance,
        any_value(visit_cadence_days) as visit_cadence_days,
        any_value(contact_cadence_days) as contact_cadence_days
    from status
    group by cadence_tier
)
select * from final order by tier
