"""Read the risk mart back for a person: one entity explained, or the top alerts.

    redflags explain PA6A0S3QEB [--entity-type party] [--db ...]

An entity's tier, score and likely role, every flag behind them with its
evidence sentence, and its network cluster: the members (with their own tier
and indicators) and the links between them, each with the evidence of the link.
Everything comes from the marts (risk_entities, fct_red_flags, entity_links);
nothing is recomputed here. `redflags explain` reads the published copy (it
works while a build runs); the names of unflagged parties, which no mart
holds, are added when the file read is the working database (staging).
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

MAX_CLUSTER_MEMBERS = 40
MAX_CLUSTER_LINKS = 40
WIDTH = 100


@dataclass
class Explanation:
    found: bool
    text: str

    @property
    def exit_code(self) -> int:
        return 0 if self.found else 1


def _rows(connection: duckdb.DuckDBPyConnection, sql: str, parameters: list[Any] | None = None) -> list[dict[str, Any]]:
    cursor = connection.execute(sql, parameters or [])
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _wrap(text: Any, indent: str, first_indent: str | None = None) -> str:
    return textwrap.fill(
        str(text or ""), width=WIDTH, initial_indent=first_indent or indent, subsequent_indent=indent
    )


def _number(value: Any, decimals: int = 0) -> str:
    if value is None:
        return "-"
    return f"{float(value):,.{decimals}f}"


def _count(value: Any) -> str:
    """A count as a whole number; a weighted signal sum with two decimals."""
    if value is None:
        return "-"
    return f"{int(value)}" if float(value).is_integer() else f"{float(value):.2f}"


def _fit(value: Any, width: int) -> str:
    text = str(value or "")
    return text if len(text) <= width else text[: width - 3] + "..."


def _date(value: Any) -> str:
    return "-" if value is None else str(value)[:10]


def _entity_header(entity: dict[str, Any]) -> list[str]:
    name = f" - {entity['display_name']}" if entity.get("display_name") else ""
    return [
        f"{entity['entity_type']} {entity['entity_id']}{name}",
        f"  tier {str(entity['risk_tier']).upper()}, risk score {_number(entity['risk_score'], 1)} / 100, "
        f"likely role: {entity['likely_role']}",
        f"  {entity['indicator_count']} distinct indicator(s) in {entity['category_count']} categor"
        f"{'y' if entity['category_count'] == 1 else 'ies'}: {entity['indicator_ids']}; "
        f"victim signals {_count(entity['victim_signals'])}, trafficker signals {_count(entity['trafficker_signals'])}",
        f"  flagged between {_date(entity['first_flagged_at'])} and {_date(entity['last_flagged_at'])} "
        f"(as of {_date(entity['as_of_date'])})",
        _wrap(entity.get("tier_reason"), "        ", first_indent="  tier: "),
        _wrap(entity.get("indicator_weights"), "           ", first_indent="  weights: "),
        _wrap(entity["evidence_summary"], "       ", first_indent="  why: "),
    ]


def _flag_lines(flags: list[dict[str, Any]]) -> list[str]:
    lines = [f"Flags ({len(flags)}):"]
    for flag in flags:
        lines.append(
            f"  {flag['indicator_id']} {flag['indicator_name']} [{flag['category']}; {flag['role_side']} side; "
            f"strength {_number(flag['strength'], 2)}; weight {_number(flag['default_weight'], 2)}; "
            f"{_date(flag['window_start'])} to {_date(flag['window_end'])}]"
        )
        lines.append(_wrap(flag["evidence"], "      "))
    return lines


def _has_staged_parties(connection: duckdb.DuckDBPyConnection) -> bool:
    """True in the working database; the published copy holds the marts only."""
    return connection.execute(
        "select count(*) from duckdb_tables() where schema_name = 'staging' and table_name = 'stg_parties'"
    ).fetchone()[0] > 0


CLUSTER_MEMBERS_QUERY = """
    with link_ends as (
        select entity_type_a as entity_type, entity_id_a as entity_id from marts.entity_links where cluster_id = $cluster
        union
        select entity_type_b, entity_id_b from marts.entity_links where cluster_id = $cluster
        union
        select entity_type, entity_id from marts.risk_entities where cluster_id = $cluster
    )
    select
        link_ends.entity_type,
        link_ends.entity_id,
        coalesce(risk.display_name, {party_name}) as display_name,
        risk.risk_tier,
        risk.risk_score,
        risk.likely_role,
        risk.indicator_ids
    from link_ends
    left join marts.risk_entities as risk
        on risk.entity_type = link_ends.entity_type
       and risk.entity_id = link_ends.entity_id
    {parties_join}
    order by
        case risk.risk_tier when 'alert' then 0 when 'watch' then 1 when 'info' then 2 else 3 end,
        risk.risk_score desc nulls last,
        link_ends.entity_type,
        link_ends.entity_id
"""

CLUSTER_LINKS_QUERY = """
    select entity_type_a, entity_id_a, entity_type_b, entity_id_b, link_type, link_evidence
    from marts.entity_links
    where cluster_id = $cluster
    order by link_type, entity_id_a, entity_id_b
"""


def _cluster_lines(connection: duckdb.DuckDBPyConnection, entity: dict[str, Any]) -> list[str]:
    cluster_id = entity.get("cluster_id")
    if cluster_id is None:
        return ["Network: not linked to any other entity."]
    if _has_staged_parties(connection):
        members_query = CLUSTER_MEMBERS_QUERY.format(
            party_name="parties.full_name",
            parties_join="left join staging.stg_parties as parties on link_ends.entity_type = 'party' "
                         "and parties.party_id = link_ends.entity_id",
        )
    else:
        members_query = CLUSTER_MEMBERS_QUERY.format(party_name="null", parties_join="")
    members = _rows(connection, members_query, {"cluster": cluster_id})
    links = _rows(connection, CLUSTER_LINKS_QUERY, {"cluster": cluster_id})
    others = [m for m in members if (m["entity_type"], m["entity_id"]) != (entity["entity_type"], entity["entity_id"])]
    if not others and not links:
        return [f"Network: cluster {cluster_id} holds this entity only (not linked to any other entity)."]
    lines = [
        f"Network: cluster {cluster_id}, {entity['cluster_size']} member(s), "
        f"{entity['cluster_indicator_count']} distinct indicator(s) across them",
        f"  members ({len(members)}):",
    ]
    for member in members[:MAX_CLUSTER_MEMBERS]:
        this = "  <- this entity" if (member["entity_type"], member["entity_id"]) == (entity["entity_type"], entity["entity_id"]) else ""
        if member["risk_tier"] is None:
            standing = "no red flags"
        else:
            standing = (f"{member['risk_tier']} {_number(member['risk_score'], 1)}, {member['likely_role']}, "
                        f"{member['indicator_ids']}")
        name = f" ({member['display_name']})" if member["display_name"] else ""
        lines.append(f"    {member['entity_type']} {member['entity_id']}{name}: {standing}{this}")
    if len(members) > MAX_CLUSTER_MEMBERS:
        lines.append(f"    ... and {len(members) - MAX_CLUSTER_MEMBERS} more")
    lines.append(f"  links ({len(links)}):")
    for link in links[:MAX_CLUSTER_LINKS]:
        lines.append(
            f"    {link['entity_type_a']} {link['entity_id_a']} -- {link['entity_type_b']} {link['entity_id_b']}: "
            f"{link['link_type']}"
        )
        lines.append(_wrap(link["link_evidence"], "        "))
    if len(links) > MAX_CLUSTER_LINKS:
        lines.append(
            f"    ... and {len(links) - MAX_CLUSTER_LINKS} more (marts.entity_links where cluster_id = '{cluster_id}')"
        )
    return lines


def _not_in_mart(connection: duckdb.DuckDBPyConnection, entity_id: str, entity_type: str | None) -> Explanation:
    """No row in risk_entities: say whether the id is a known party, and suggest near ids."""
    flagged_entities = connection.execute("select count(*) from marts.risk_entities").fetchone()[0]
    staged_parties = _has_staged_parties(connection)
    if entity_type in (None, "party") and staged_parties:
        party = _rows(connection, "select party_id, full_name from staging.stg_parties where party_id = ?", [entity_id])
        if party:
            return Explanation(
                True,
                f"party {entity_id} ({party[0]['full_name']}) has no red flags: it is in staging.stg_parties "
                f"but not among the {flagged_entities:,} flagged entities of marts.risk_entities.",
            )
    type_filter = "and entity_type = $type" if entity_type else ""
    suggestions = _rows(
        connection,
        f"""
        select entity_type, entity_id, risk_tier from marts.risk_entities
        where entity_id ilike $pattern {type_filter}
        order by entity_id limit 5
        """,
        {"pattern": f"%{entity_id.strip()}%", **({"type": entity_type} if entity_type else {})},
    )
    what = f"{entity_type} '{entity_id}'" if entity_type else f"'{entity_id}'"
    if not staged_parties:
        where = ("; the published mart holds flagged entities only (whether it is a known party without flags: "
                 f"redflags explain {entity_id} --working).")
    elif entity_type in (None, "party"):
        where = " and not a party in staging.stg_parties."
    else:
        where = "."
    text = f"Unknown entity {what}: it is not in marts.risk_entities ({flagged_entities:,} flagged entities)" + where
    if suggestions:
        text += "\nDid you mean: " + ", ".join(
            f"{row['entity_type']} {row['entity_id']} ({row['risk_tier']})" for row in suggestions
        )
    return Explanation(False, text)


def explain(db_path: Path, entity_id: str, entity_type: str | None = None) -> Explanation:
    """Explain one entity (every entity type with that id, unless entity_type is given)."""
    with duckdb.connect(str(db_path), read_only=True) as connection:
        type_filter = "and entity_type = $type" if entity_type else ""
        parameters = {"id": entity_id, **({"type": entity_type} if entity_type else {})}
        entities = _rows(
            connection,
            f"select * from marts.risk_entities where entity_id = $id {type_filter} order by entity_type",
            parameters,
        )
        if not entities:
            return _not_in_mart(connection, entity_id, entity_type)
        sections = []
        for entity in entities:
            flags = _rows(
                connection,
                """
                select indicator_id, indicator_name, category, role_side, strength, default_weight,
                       window_start, window_end, evidence
                from marts.fct_red_flags
                where entity_type = $type and entity_id = $id
                order by strength desc, indicator_id, role_side
                """,
                {"type": entity["entity_type"], "id": entity["entity_id"]},
            )
            sections.append("\n".join([*_entity_header(entity), "", *_flag_lines(flags), "", *_cluster_lines(connection, entity)]))
    return Explanation(True, ("\n\n" + "=" * 40 + "\n\n").join(sections))


TIER_COUNTS_QUERY = """
    select risk_tier, count(*) as entities
    from marts.risk_entities
    group by risk_tier
"""

TOP_ALERTS_QUERY = """
    select entity_type, entity_id, display_name, risk_score, likely_role, indicator_count, indicator_ids,
           cluster_size, evidence_summary
    from marts.risk_entities
    where risk_tier = 'alert'
    order by risk_score desc, indicator_count desc, entity_type, entity_id
    limit ?
"""


def format_alert_list(db_path: Path, limit: int = 15) -> str:
    """The top of the alert list, as an analyst would see it sorted by score."""
    with duckdb.connect(str(db_path), read_only=True) as connection:
        counts = dict(connection.execute(TIER_COUNTS_QUERY).fetchall())
        alerts = _rows(connection, TOP_ALERTS_QUERY, [limit])
    tiers = ", ".join(f"{counts.get(tier, 0):,} {tier}" for tier in ("alert", "watch", "info"))
    lines = [f"marts.risk_entities: {tiers}. Top {min(limit, len(alerts))} alerts by score:"]
    header = f"{'entity':<24}{'name':<22}{'score':>6}  {'likely role':<12}{'indicators':<34}{'cluster':>8}"
    lines += [header, "-" * len(header)]
    for alert in alerts:
        entity = f"{alert['entity_type']} {alert['entity_id']}"
        lines.append(
            f"{entity[:23]:<24}{str(alert['display_name'] or '')[:21]:<22}{_number(alert['risk_score'], 1):>6}  "
            f"{alert['likely_role']:<12}{_fit(alert['indicator_ids'], 33):<34}{alert['cluster_size'] or 1:>8}"
        )
        lines.append(textwrap.shorten(str(alert["evidence_summary"] or ""), width=WIDTH, placeholder=" ...",
                                      initial_indent="    "))
    if not alerts:
        lines.append("(no entity is in the alert tier)")
    lines.append("Explain one: redflags explain <entity_id>")
    return "\n".join(lines)
