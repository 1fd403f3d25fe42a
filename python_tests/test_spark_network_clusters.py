"""Clusters on Spark are exact connected components too.

Spark 4's recursive CTEs allow neither UNION nor an aggregate on the
recursive reference, so connected_component_labels has a Spark
implementation that iterates label propagation from the macro until no
label changes (macros/network/connected_component_labels.sql). The model
int_entity_clusters_labelled runs on Spark (dbt-spark session) over
generated inputs - a chain of a thousand links whose smallest key is at the
far end, a star, and a forest of small components - and its components are
compared with a breadth-first traversal in Python (test_network_clusters.py
does the same for the DuckDB SQL). The run is the small Spark checks' one
(spark_small_checks.py), shared with test_spark_landing.py.
"""
from __future__ import annotations

from spark_small_checks import SparkSmallChecks, three_disjoint_graphs
from test_network_clusters import _components_by_traversal


def test_clusters_on_spark_are_the_components_a_graph_traversal_finds(spark_small_checks: SparkSmallChecks) -> None:
    rows = spark_small_checks.cluster_rows
    assert len({key for key, _ in rows}) == len(rows), "one row per node"
    clusters = dict(rows)
    assert clusters == _components_by_traversal(*three_disjoint_graphs())
    chain_keys = [key for key in clusters if ":chain-" in key]
    assert len(chain_keys) == 1_001 and {clusters[key] for key in chain_keys} == {"party:chain-P000000"}
