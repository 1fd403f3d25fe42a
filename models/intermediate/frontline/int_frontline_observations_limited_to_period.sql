{#
    Every frontline observation form made inside the lookback period, with
    its yes/no answers. A missing answer counts as "not seen" (false): an
    empty box on a form is no evidence of anything. The behavioural
    indicators (B01, B02, B03) read observations here, so that they all see
    the same period and the same reading of empty answers.
#}
with observations as (

    select
        observation_id,
        party_id,
        observed_at,
        org_type,
        context,
        third_party_spoke,
        looked_to_third_party,
        accompanied_by_party_id,
        poor_appearance,
        malnourished,
        no_local_language
    from {{ ref('stg_frontline_observations') }}

),

reporting_period as (

    select
        lookback_start,
        as_of_date
    from {{ ref('int_reporting_period') }}

),

final as (

    select
        observations.observation_id,
        observations.party_id,
        observations.observed_at,
        cast(observations.observed_at as date) as observed_date,
        observations.org_type,
        observations.context,
        coalesce(observations.third_party_spoke, false) as third_party_spoke,
        coalesce(observations.looked_to_third_party, false) as looked_to_third_party,
        observations.accompanied_by_party_id,
        coalesce(observations.poor_appearance, false) as poor_appearance,
        coalesce(observations.malnourished, false) as malnourished,
        coalesce(observations.no_local_language, false) as no_local_language
    from observations
    cross join reporting_period
    where cast(observations.observed_at as date) between reporting_period.lookback_start and reporting_period.as_of_date

)

select * from final
