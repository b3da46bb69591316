#!/usr/bin/env python3
"""DuckDB on the same Parquet work as `dfs-bench parquet`: full scan into memory, filtered sum, snappy write.
Usage: ~/.cache/dataflow-bench/venv/bin/python Scripts/lib/parquet_bench_duckdb.py [lineitem.parquet] [threads]"""
import os
import statistics
import sys
import tempfile
import time

import duckdb

path = sys.argv[1] if len(sys.argv) > 1 else os.path.expanduser("~/.cache/dataflow-bench/data/tpch/sf1/lineitem.parquet")
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
runs = 3
mb = os.path.getsize(path) / 1e6
con = duckdb.connect()
con.execute(f"SET threads={threads}")


def timed(sql):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        r = con.execute(sql).fetchall()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times, r


rows = con.execute(f"SELECT count(*) FROM read_parquet('{path}')").fetchone()[0]
t, ts, _ = timed(f"CREATE OR REPLACE TEMP TABLE li AS SELECT * FROM read_parquet('{path}')")
print(f"duckdb full scan into a table ({threads} threads): {rows} rows, {mb:.0f} MB, median {t:.3f} s = {mb / t:.0f} MB/s, {rows / t / 1e6:.1f} M rows/s; runs {' '.join(f'{x:.3f}' for x in ts)}")
t, ts, r = timed(f"SELECT sum(l_extendedprice) FROM read_parquet('{path}') WHERE l_shipdate >= DATE '1995-01-01'")
print(f"duckdb filtered sum: median {t:.3f} s = {mb / t:.0f} MB/s of file, {rows / t / 1e6:.1f} M rows/s; answer {r[0][0]}; runs {' '.join(f'{x:.3f}' for x in ts)}")
out = os.path.join(tempfile.mkdtemp(), "li.parquet")
t, ts, _ = timed(f"COPY li TO '{out}' (FORMAT parquet, COMPRESSION snappy)")
size = os.path.getsize(out) / 1e6
print(f"duckdb write snappy ({threads} threads): {size:.0f} MB file, median {t:.3f} s = {size / t:.0f} MB/s of file, {rows / t / 1e6:.1f} M rows/s; runs {' '.join(f'{x:.3f}' for x in ts)}")
os.remove(out)
