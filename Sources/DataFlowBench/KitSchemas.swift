/// The column types of the benchmark kit's tables (`../shared/bench`), as DDL for `session.read.schema`.
///
/// These are the types of the kit's Parquet files (read with pyarrow): TPC-H keys `bigint`, money
/// `decimal(15,2)`, dates `date`; the h2o tables as db-benchmark generates them. The CSV copies carry
/// no types, and inference would turn money into `double`, so the loader passes these instead.
///
/// ```swift
/// let ddl = KitSchemas.ddl(suite: "tpch", table: "lineitem")   // "l_orderkey BIGINT, …"
/// ```
public enum KitSchemas {
    /// The DDL of `table` in `suite` (`h2o-groupby`, `h2o-join`, `tpch`), or nil when the kit does
    /// not document it (the loader then infers the types).
    public static func ddl(suite: String, table: String) -> String? {
        tables[suite]?[table]
    }

    /// Every suite the table knows, with its tables' DDL.
    public static let tables: [String: [String: String]] = [
        "h2o-groupby": [
            "x": "id1 STRING, id2 STRING, id3 STRING, id4 INT, id5 INT, id6 INT, v1 INT, v2 INT, v3 DOUBLE",
        ],
        "h2o-join": [
            "x": "id1 BIGINT, id2 BIGINT, id3 BIGINT, id4 STRING, id5 STRING, id6 STRING, v1 DOUBLE",
            "big": "id1 BIGINT, id2 BIGINT, id3 BIGINT, id4 STRING, id5 STRING, id6 STRING, v2 DOUBLE",
            "medium": "id1 BIGINT, id2 BIGINT, id4 STRING, id5 STRING, v2 DOUBLE",
            "small": "id1 BIGINT, id4 STRING, v2 DOUBLE",
        ],
        "tpch": [
            "lineitem": """
                l_orderkey BIGINT, l_partkey BIGINT, l_suppkey BIGINT, l_linenumber INT, \
                l_quantity DECIMAL(15,2), l_extendedprice DECIMAL(15,2), l_discount DECIMAL(15,2), \
                l_tax DECIMAL(15,2), l_returnflag STRING, l_linestatus STRING, l_shipdate DATE, \
                l_commitdate DATE, l_receiptdate DATE, l_shipinstruct STRING, l_shipmode STRING, l_comment STRING
                """,
            "orders": """
                o_orderkey BIGINT, o_custkey BIGINT, o_orderstatus STRING, o_totalprice DECIMAL(15,2), \
                o_orderdate DATE, o_orderpriority STRING, o_clerk STRING, o_shippriority INT, o_comment STRING
                """,
            "customer": """
                c_custkey BIGINT, c_name STRING, c_address STRING, c_nationkey BIGINT, c_phone STRING, \
                c_acctbal DECIMAL(15,2), c_mktsegment STRING, c_comment STRING
                """,
            "part": """
                p_partkey BIGINT, p_name STRING, p_mfgr STRING, p_brand STRING, p_type STRING, p_size INT, \
                p_container STRING, p_retailprice DECIMAL(15,2), p_comment STRING
                """,
            "partsupp": "ps_partkey BIGINT, ps_suppkey BIGINT, ps_availqty INT, ps_supplycost DECIMAL(15,2), ps_comment STRING",
            "supplier": """
                s_suppkey BIGINT, s_name STRING, s_address STRING, s_nationkey BIGINT, s_phone STRING, \
                s_acctbal DECIMAL(15,2), s_comment STRING
                """,
            "nation": "n_nationkey BIGINT, n_name STRING, n_regionkey BIGINT, n_comment STRING",
            "region": "r_regionkey BIGINT, r_name STRING, r_comment STRING",
        ],
    ]
}
