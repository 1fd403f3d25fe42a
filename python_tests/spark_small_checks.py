"""The small Spark checks' one Spark run: a hostile landing zone and the cluster model's graphs.

test_spark_landing.py checks how Spark registers a landing zone the generator
does not write; test_spark_network_clusters.py checks the Spark implementation
of connected components on generated graphs. Each needs a JVM, a Derby
metastore and dbt's parse of the project on the spark target, which cost more
than the checks themselves, so both read one `dbt run` on Spark: its
on-run-start hook registers the hostile landing zone, and it builds
int_entity_clusters_labelled over the graphs written into the same session.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

import duckdb

from redflags.paths import resolve_paths
from pandas_floats import FILE_NAME as FLOATS_FILE_NAME, write_pandas_floats
from redflags.spark_tables import write_duckdb_views
from spark_support import dbt_then_spark_sql
from test_network_clusters import _chain, _random_forest, _star

PARTY_COLUMNS = ("party_id,party_type,full_name,birth_date,sex,nationality,country_of_residence,registration_no,"
                 "industry_code,stated_business_purpose,expected_countries,business_hours_open,business_hours_close,"
                 "onboarded_at")
ODD_NAME = "p [1]'s.csv"

# accounts: a folder of empty files only; transactions: no folder at all.
UNLANDED_TABLES = ("accounts", "transactions")

CLUSTERS_QUERY = "select entity_key, cluster_id from intermediate.int_entity_clusters_labelled"
FLOATS_QUERY = f"select currency, dkk_per_unit from landing.fx_rates where _source_file like '%{FLOATS_FILE_NAME}'"


@dataclass
class SparkSmallChecks:
    tables: duckdb.DuckDBPyConnection  # Spark's Parquet tables through DuckDB views (redflags/spark_tables.py)
    unlanded: dict[str, tuple[list[str], list[tuple]]]  # landing.<table> as Spark reads it: (columns, rows)
    cluster_rows: list[tuple]  # int_entity_clusters_labelled: (entity_key, cluster_id)
    float_rows: list[tuple]  # landing.fx_rates rows of the pandas floats file: (currency, dkk_per_unit as text)


def write_hostile_landing(landing: Path) -> None:
    """A CSV file whose name holds a space, brackets and an apostrophe, with CRLF line endings, a
    quoted value across two lines, a blank line, a line with too few and one with too many fields;
    a Windows-1252 file with semicolons; a zero-byte file and a byte-order-mark-only file; a
    .tsv file, which is not read; a Parquet file of float64 rates; a missing table folder."""
    (landing / "parties").mkdir(parents=True)
    (landing / "accounts").mkdir()
    person = ",person,{name},1990-01-01,M,DK,DK,,,,,,,2024-01-01 10:00:00"
    lines = [
        PARTY_COLUMNS,
        "PX1" + person.format(name="Søren Ærø"),
        "PX2,person,too few",
        'PX3' + person.format(name='"A ""quoted""\r\nname"'),
        "PX4" + person.format(name="x") + ",extra",
        "",
        "PX5" + person.format(name="Ok"),
    ]
    (landing / "parties" / ODD_NAME).write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    windows = PARTY_COLUMNS.replace(",", ";") + "\n" + ("PW1" + person.format(name="Jørgen")).replace(",", ";") + "\n"
    (landing / "parties" / "win.csv").write_bytes(windows.encode("windows-1252"))
    (landing / "accounts" / "empty.csv").write_bytes(b"")
    (landing / "accounts" / "bom.csv").write_bytes(b"\xef\xbb\xbf")
    (landing / "accounts" / "wallets.tsv").write_text("account_id\nW1\n", encoding="utf-8")
    write_pandas_floats(landing)


def _prefixed(prefix: str, graph: tuple[list, list]) -> tuple[list, list]:
    """The graph with every entity id prefixed, so that several graphs make one disjoint graph."""
    flagged, edges = graph
    rename = lambda node: (node[0], prefix + node[1])  # noqa: E731
    return [rename(node) for node in flagged], [(rename(a), rename(b)) for a, b in edges]


def three_disjoint_graphs() -> tuple[list, list]:
    """(flagged nodes, edges): a chain of a thousand links whose smallest key is at the far end, a
    star, and a forest of small components, as one graph (one Spark run, not one per graph)."""
    flagged, edges = [], []
    for prefix, graph in (("chain-", _chain(1_000)), ("star-", _star(200)), ("forest-", _random_forest(3_000, 2_000, seed=7))):
        graph_flagged, graph_edges = _prefixed(prefix, graph)
        flagged += graph_flagged
        edges += graph_edges
    return flagged, edges


def _write_graph_inputs(spark_home: str, flagged: list, links: list) -> None:
    """The cluster model's two inputs as Spark tables, in a SparkSession started with the profile's
    static settings (master, warehouse, metastore), which dbt-spark then reuses in the same process."""
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


def run_small_spark_checks(root: Path, flagged: list, edges: list) -> SparkSmallChecks:
    """One `dbt run --select int_entity_clusters_labelled` on Spark over the hostile landing zone and
    the graph (flagged nodes, edges as node pairs), then what the tests read."""
    write_hostile_landing(root / "landing")
    paths = resolve_paths(landing_dir=root / "landing", db_path=root / "redflags.duckdb", target="spark",
                          spark_dir=root / "spark")
    # The landing.<table> views are Spark views: read in the Spark session that registered them.
    landing_queries = [f"select * from landing.{table}" for table in UNLANDED_TABLES]
    results = dbt_then_spark_sql(
        paths, ["run", "--select", "int_entity_clusters_labelled", "--target-path", str(root / "target")],
        [*landing_queries, CLUSTERS_QUERY, FLOATS_QUERY],
        prepare=partial(_write_graph_inputs, str(paths.spark_home), flagged, [(*a, *b) for a, b in edges]))
    write_duckdb_views(paths.spark_home, paths.spark_tables_db)
    return SparkSmallChecks(
        tables=duckdb.connect(str(paths.spark_tables_db), read_only=True),
        unlanded={table: results[query] for table, query in zip(UNLANDED_TABLES, landing_queries)},
        cluster_rows=results[CLUSTERS_QUERY][1],
        float_rows=results[FLOATS_QUERY][1],
    )
