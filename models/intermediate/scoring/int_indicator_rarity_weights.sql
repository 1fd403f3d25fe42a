{#
    How rare each indicator is in the data being scored, and the weight that
    follows: one row per indicator and kind of entity it flags (person,
    company, phone, ...). A rule that fires on 3 % of residents says little
    about any one of them; one that fires on 0.01 % says much more.

    share     (flagged + rarity_prior_entities x rarity_reference_share)
              / (comparable + rarity_prior_entities): the observed share,
              smoothed toward the reference share so that a small extract's
              few counts do not swing it
    weight    on a log scale, rarity_weight_floor at rarity_common_share
              and above, 1 at rarity_reference_share, up to rarity_weight_cap;
              four decimals, so that a weight reads the same on every engine
#}
{%- set common_share = threshold('RISK', 'rarity_common_share') %}
{%- set reference_share = threshold('RISK', 'rarity_reference_share') %}
{%- set weight_floor = threshold('RISK', 'rarity_weight_floor') %}
{%- set weight_cap = threshold('RISK', 'rarity_weight_cap') %}
{%- set prior_entities = threshold('RISK', 'rarity_prior_entities') %}

{%- if not (0 < reference_share < common_share < 1) or not (0 < weight_floor <= 1 <= weight_cap) or prior_entities < 0 %}
    {%- do exceptions.raise_compiler_error(
        "int_indicator_rarity_weights: need 0 < rarity_reference_share < rarity_common_share < 1, "
        ~ "0 < rarity_weight_floor <= 1 <= rarity_weight_cap and rarity_prior_entities >= 0"
    ) %}
{%- endif %}

with flags as (

    select distinct
        entity_type,
        entity_id,
        indicator_id
    from {{ ref('fct_red_flags') }}

),

entity_kinds as (

    select
        entity_type,
        entity_id,
        entity_kind
    from {{ ref('int_entities_classified_by_kind') }}

),

comparable_entities as (

    select
        entity_kind,
        count(*) as comparable_entities
    from entity_kinds
    group by entity_kind

),

flagged_per_kind as (

    select
        flags.indicator_id,
        entity_kinds.entity_kind,
        count(*) as flagged_entities
    from flags
    inner join entity_kinds
        on flags.entity_type = entity_kinds.entity_type
        and flags.entity_id = entity_kinds.entity_id
    group by
        flags.indicator_id,
        entity_kinds.entity_kind

),

shares as (

    select
        flagged_per_kind.indicator_id,
        flagged_per_kind.entity_kind,
        comparable_entities.comparable_entities,
        flagged_per_kind.flagged_entities,
        cast(flagged_per_kind.flagged_entities as double) / comparable_entities.comparable_entities as observed_share,
        (flagged_per_kind.flagged_entities + {{ prior_entities }} * {{ reference_share }})
            / (comparable_entities.comparable_entities + {{ prior_entities }}) as smoothed_share
    from flagged_per_kind
    inner join comparable_entities
        on flagged_per_kind.entity_kind = comparable_entities.entity_kind

),

{%- set rarity_weight_unrounded -%}
        least(
            {{ weight_cap }},
            greatest(
                {{ weight_floor }},
                {{ weight_floor }} + (1 - {{ weight_floor }})
                    * (ln({{ common_share }}) - ln(smoothed_share))
                    / (ln({{ common_share }}) - ln({{ reference_share }}))
            )
        )
{%- endset %}

final as (

    select
        indicator_id,
        entity_kind,
        comparable_entities,
        flagged_entities,
        observed_share,
        smoothed_share,
        {{ round_half_up(rarity_weight_unrounded, 4) }} as rarity_weight
    from shares

)

select * from final
