"""Clusters are exact connected components on any graph.

The model's SQL as dbt compiles it (int_entity_clusters_labelled) runs on
generated graphs - chains, stars and random forests far larger than the
generator writes - and its components are compared with a plain
breadth-first traversal in Python.
"""
from __future__ import annotations

import random
from collections import defaultdict, deque
from pathlib import Path

import duckdb
import pytest

from redflags.dbt_runner import run_dbt
from redflags.paths import WarehousePaths

MODEL_PATH = Path("compiled", "redflags", "models", "intermediate", "network", "int_entity_clusters_labelled.sql")

Node = tuple[str, str]
Edge = tuple[Node, Node]


def _key(node: Node) -> str:
    return f"{node[0]}:{node[1]}"


def _components_by_traversal(flagged: list[Node], edges: list[Edge]) -> dict[str, str]:
    """entity_key -> smallest entity_key of its component, by breadth-first search."""
    neighbours: dict[str, set[str]] = defaultdict(set)
    nodes = {_key(node) for node in flagged}
    for a, b in edges:
        neighbours[_key(a)].add(_key(b))
        neighbours[_key(b)].add(_key(a))
        nodes.update((_key(a), _key(b)))
    label: dict[str, str] = {}
    for start in nodes:
        if start in label:
            continue
        seen, queue = {start}, deque([start])
        while queue:
            for neighbour in neighbours[queue.popleft()]:
                if neighbour not in seen:
                    seen.add(neighbour)
                    queue.append(neighbour)
        smallest = min(seen)
        label.update(dict.fromkeys(seen, smallest))
    return label


def _components_by_model(model_sql: str, tmp_path: Path, flagged: list[Node], edges: list[Edge]) -> dict[str, str]:
    # The compiled SQL names its inputs "redflags"."<schema>"."<table>": a
    # database file called redflags.duckdb holding generated inputs stands in.
    with duckdb.connect(str(tmp_path / "redflags.duckdb")) as connection:
        connection.execute("create schema marts")
        connection.execute("create schema intermediate")
        connection.execute("create table marts.fct_red_flags (entity_type varchar, entity_id varchar)")
        connection.execute("create table intermediate.int_entity_links_selected "
                           "(entity_type_a varchar, entity_id_a varchar, entity_type_b varchar, entity_id_b varchar)")
        connection.executemany("insert into marts.fct_red_flags values (?, ?)", flagged)
        connection.executemany("insert into intermediate.int_entity_links_selected values (?, ?, ?, ?)",
                               [(*a, *b) for a, b in edges])
        rows = connection.execute(model_sql).fetchall()
        columns = [column[0] for column in connection.description]
    records = [dict(zip(columns, row)) for row in rows]
    assert len({record["entity_key"] for record in records}) == len(records), "one row per node"
    return {record["entity_key"]: record["cluster_id"] for record in records}


def _party(number: int) -> Node:
    return ("party", f"P{number:06d}")


def _chain(length: int) -> tuple[list[Node], list[Edge]]:
    """A path whose smallest key is at the far end from the only flagged node."""
    nodes = [_party(length - position) for position in range(length + 1)]
    return [nodes[0]], list(zip(nodes, nodes[1:]))


def _star(leaves: int) -> tuple[list[Node], list[Edge]]:
    """A hub with the largest key; every leaf flagged; the smallest key on a leaf."""
    hub = ("phone", "+4599999999")
    return [_party(leaf) for leaf in range(leaves)], [(hub, _party(leaf)) for leaf in range(leaves)]


def _random_forest(nodes: int, edges: int, seed: int) -> tuple[list[Node], list[Edge]]:
    """Many small components of mixed entity types, some flagged nodes without links."""
    rng = random.Random(seed)
    types = ["party", "phone", "handle", "email"]
    pool = [(rng.choice(types), f"X{rng.randrange(10**9):09d}") for _ in range(nodes)]
    links = [tuple(rng.sample(pool, 2)) for _ in range(edges)]
    flagged = rng.sample(pool, nodes // 5)
    return flagged, links


@pytest.fixture(scope="module")
def compiled_model(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The model compiled against a database named redflags (no landing zone needed to compile)."""
    root = tmp_path_factory.mktemp("clusters")
    paths = WarehousePaths(landing_dir=root / "landing", db_path=root / "redflags.duckdb", truth_dir=root / "truth")
    assert run_dbt(["compile", "--select", "int_entity_clusters_labelled", "--target-path", str(root / "target")], paths)
    return (root / "target" / MODEL_PATH).read_text()


@pytest.mark.parametrize(
    "graph",
    [_chain(1), _chain(12), _chain(1_000), _star(3), _star(200), _random_forest(3_000, 2_000, seed=7),
     _random_forest(500, 700, seed=11)],
    ids=["chain-1", "chain-12", "chain-1000", "star-3", "star-200", "forest-3000", "dense-500"],
)
def test_clusters_are_the_components_a_graph_traversal_finds(compiled_model: str, tmp_path: Path, graph) -> None:
    flagged, edges = graph
    expected = _components_by_traversal(flagged, edges)
    assert _components_by_model(compiled_model, tmp_path, flagged, edges) == expected


def test_a_chain_of_a_thousand_links_is_one_cluster(compiled_model: str, tmp_path: Path) -> None:
    flagged, edges = _chain(1_000)
    clusters = _components_by_model(compiled_model, tmp_path, flagged, edges)
    assert len(clusters) == 1_001 and set(clusters.values()) == {"party:P000000"}
