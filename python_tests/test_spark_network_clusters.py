"""Clusters on Spark are exact connected components too.

Spark 4's recursive CTEs allow neither UNION nor an aggregate on the
recursive reference, so connected_component_labels has a Spark
implementation that iterates label propagation from the macro until no
label changes (macros/network/connected_component_labels.sql). Here the
model int_entity_clusters_labelled runs on Spark (dbt-spark session) over
generated inputs - a chain of a thousand links whose smallest key is at the
far end, a star, and a forest of small components - and its components are
compared with a breadth-first traversal in Python (test_network_clusters.py
does the same for the DuckDB SQL). Inputs, dbt and the read-back share one
Spark session (one JVM start).
"""
from __future__ import annotations

from functools import partial
from pathlib import Path

from redflags.paths import WarehousePaths, resolve_paths
from spark_support import dbt_then_spark_sql, require_spark
from test_network_clusters import _chain, _components_by_traversal, _random_forest, _star


def _write_inputs(spark_home: str, flagged: list, links: list) -> None:
    """The model's two inputs as Spark tables, in a SparkSession started with the profile's static
    settings (master, warehouse, metastore), which dbt-spark then reuses in the same process."""
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master("local[2]")
             .config("spark.ui.enabled", "false")
             .config("spark.sql.shuffle.partitions", "4")
             .config("spark.sql.warehouse.dir", f"{spark_home}/warehouse")
             .config("spark.hadoop.javax.jdo.option.ConnectionURL",
                     f"jdbc:derby:;databaseName={spark_home}/metastore_db;create=true")
             .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={spark_home}")
             .enableHiveSupport().getOrCreate())
    for schema in ("marts", "intermediate"):
        spark.sql(f"create schema if not exists {schema}")
    spark.createDataFrame(flagged, "entity_type string, entity_id string") \
        .write.format("parquet").saveAsTable("marts.fct_red_flags")
    spark.createDataFrame(links, "entity_type_a string, entity_id_a string, entity_type_b string, entity_id_b string") \
        .write.format("parquet").saveAsTable("intermediate.int_entity_links_selected")


def _components_on_spark(root: Path, flagged: list, edges: list) -> dict[str, str]:
    paths: WarehousePaths = resolve_paths(landing_dir=root / "landing", db_path=root / "graph.duckdb",
                                          target="spark", spark_dir=root / "spark")
    (root / "landing" / "parties").mkdir(parents=True)  # the landing registration runs on every dbt run
    query = "select entity_key, cluster_id from intermediate.int_entity_clusters_labelled"
    results = dbt_then_spark_sql(
        paths, ["run", "--select", "int_entity_clusters_labelled", "--target-path", str(root / "target")], [query],
        prepare=partial(_write_inputs, str(paths.spark_home), flagged, [(*a, *b) for a, b in edges]))
    _, rows = results[query]
    assert len({key for key, _ in rows}) == len(rows), "one row per node"
    return dict(rows)


def _prefixed(prefix: str, graph: tuple[list, list]) -> tuple[list, list]:
    """The graph with every entity id prefixed, so that several graphs make one disjoint graph."""
    flagged, edges = graph
    rename = lambda node: (node[0], prefix + node[1])  # noqa: E731
    return [rename(node) for node in flagged], [(rename(a), rename(b)) for a, b in edges]


def test_clusters_on_spark_are_the_components_a_graph_traversal_finds(tmp_path: Path) -> None:
    """One Spark run over three disjoint graphs (a JVM start per graph would cost a minute each)."""
    require_spark()
    flagged, edges = [], []
    for prefix, graph in (("chain-", _chain(1_000)), ("star-", _star(200)), ("forest-", _random_forest(3_000, 2_000, seed=7))):
        graph_flagged, graph_edges = _prefixed(prefix, graph)
        flagged += graph_flagged
        edges += graph_edges
    expected = _components_by_traversal(flagged, edges)
    clusters = _components_on_spark(tmp_path, flagged, edges)
    assert clusters == expected
    chain_keys = [key for key in clusters if ":chain-" in key]
    assert len(chain_keys) == 1_001 and {clusters[key] for key in chain_keys} == {"party:chain-P000000"}
