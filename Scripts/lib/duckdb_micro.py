#!/usr/bin/env python3
"""The same measurements as `dfs-bench` on DuckDB, on the same data, for a side-by-side figure.

Usage: duckdb_micro.py filter-sum|groupby|join|csv [--data DIR] [--key id1] [--path F] [--threads N] [--runs R]
Run it with the benchmark kit's venv: ~/.cache/dataflow-bench/venv/bin/python Scripts/lib/duckdb_micro.py ...
"""
import argparse, os, statistics, time
import duckdb

ap = argparse.ArgumentParser()
ap.add_argument("what")
ap.add_argument("--data")
ap.add_argument("--key", default="id1")
ap.add_argument("--path")
ap.add_argument("--rows", type=int, default=10_000_000)
ap.add_argument("--threads", type=int, default=os.cpu_count())
ap.add_argument("--runs", type=int, default=3)
a = ap.parse_args()
con = duckdb.connect()
con.execute(f"SET threads={a.threads}")

def timed(label, rows, q):
    times, ans = [], None
    for _ in range(a.runs):
        t0 = time.perf_counter()
        ans = con.sql(q).fetchall() if rows else con.execute(q)
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    print(f"duckdb {label}: median {med:.3f} s, runs {' '.join(f'{t:.3f}' for t in times)}, {rows / med / 1e6:.1f} M rows/s; answer {str(ans)[:80]}")

if a.what == "filter-sum":
    con.execute(f"CREATE TABLE t AS SELECT range AS id, (range * 37 % 1000) / 10.0 AS v FROM range({a.rows})")
    timed(f"filter+sum {a.rows} rows", a.rows, "SELECT sum(v), count(*) FROM t WHERE v > 50.0")
elif a.what == "groupby":
    con.execute(f"CREATE TABLE x AS SELECT * FROM read_csv('{a.data}/x.csv')")
    n = con.sql("SELECT count(*) FROM x").fetchall()[0][0]
    timed(f"groupby {a.key} over {n} rows", n,
          f"SELECT count(*) FROM (SELECT {a.key}, sum(v1) AS v1, avg(v3) AS v3 FROM x GROUP BY {a.key})")
elif a.what == "join":
    con.execute(f"CREATE TABLE x AS SELECT * FROM read_csv('{a.data}/x.csv')")
    con.execute(f"CREATE TABLE big AS SELECT * FROM read_csv('{a.data}/big.csv')")
    n = con.sql("SELECT count(*) FROM x").fetchall()[0][0]
    q = ("SELECT x.id1, x.id2, x.id3, x.id4, x.id5, x.id6, x.v1, big.id1 AS big_id1, big.id2 AS big_id2, big.id4 AS big_id4, "
         "big.id5 AS big_id5, big.id6 AS big_id6, big.v2 FROM x INNER JOIN big ON x.id3 = big.id3")
    times = []
    for _ in range(a.runs):
        t0 = time.perf_counter()
        r = con.sql(q).to_arrow_table()
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    print(f"duckdb join x ⋈ big on id3: median {med:.3f} s, runs {' '.join(f'{t:.3f}' for t in times)}, {n / med / 1e6:.1f} M rows/s; answer {r.num_rows} rows")
elif a.what == "csv":
    size = os.path.getsize(a.path)
    times = []
    for _ in range(a.runs):
        t0 = time.perf_counter()
        con.execute(f"CREATE OR REPLACE TABLE c AS SELECT * FROM read_csv('{a.path}')")
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    print(f"duckdb csv {a.path}: {size // 1_000_000} MB, median {med:.3f} s = {size / med / 1e6:.0f} MB/s (threads {a.threads})")
