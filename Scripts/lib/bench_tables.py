#!/usr/bin/env python3
"""Markdown tables (DataFlow vs DuckDB vs Polars, per query, plus a ratio to DuckDB) from a run-peers
results.json: `python3 Scripts/lib/bench_tables.py ~/.cache/dataflow-bench/results/latest/results.json`.
Used to fill Docs/performance.md."""
import glob
import json
import os
import statistics
import sys

d = json.load(open(sys.argv[1]))
med = {}
for q in d["queries"]:
    if q.get("times"):
        med[(q["engine"], q["suite"], q["query"])] = (statistics.median(q["times"]), q["check"]["status"] if q.get("check") else "")
    else:
        med[(q["engine"], q["suite"], q["query"])] = (None, "error: " + str(q.get("error", ""))[:60])
m = d["meta"]
print(f"Run {m['started']}, load average {m['loadavg_start']} → {m.get('loadavg_end')}, {m['threads']} threads, runs {m['runs']} x repeat {m['repeat']}.\n")
for suite in m["suites"]:
    qs = sorted({k[2] for k in med if k[1] == suite}, key=lambda s: int(s.lstrip("q")))
    print(f"### {suite}\n")
    print("| query | DataFlow | DuckDB | Polars | DataFlow / DuckDB | check |")
    print("|---|---|---|---|---|---|")
    sums = {"dataflow": 0.0, "duckdb": 0.0, "polars": 0.0}
    for q in qs:
        row = {}
        for e in sums:
            t, c = med.get((e, suite, q), (None, ""))
            row[e] = (t, c)
            if t is not None:
                sums[e] += t
        f, dd, p = row["dataflow"][0], row["duckdb"][0], row["polars"][0]
        fmt = lambda x: "—" if x is None else f"{x:.3f}"
        ratio = f"{f / dd:.1f}×" if f and dd else "—"
        print(f"| {q} | {fmt(f)} | {fmt(dd)} | {fmt(p)} | {ratio} | {row['dataflow'][1]} |")
    print(f"| **sum** | **{sums['dataflow']:.3f}** | **{sums['duckdb']:.3f}** | **{sums['polars']:.3f}** | {sums['dataflow'] / sums['duckdb']:.1f}× | |\n")
print("### Loading, CSV, parallelism, memory\n")
print("| suite | what | DataFlow | DuckDB | Polars |")
print("|---|---|---|---|---|")
for suite in m["suites"]:
    ld = {x["engine"]: x["seconds"] for x in d["loads"] if x["suite"] == suite}
    print(f"| {suite} | load into memory (s) | {ld.get('dataflow', 0):.2f} | {ld.get('duckdb', 0):.2f} | {ld.get('polars', 0):.2f} |")
    rss = {}
    cpu = {}
    for q in d["queries"]:
        if q["suite"] == suite and q.get("times"):
            rss[q["engine"]] = max(rss.get(q["engine"], 0), q.get("rss_peak") or q.get("process_rss_peak") or 0)
            c = cpu.setdefault(q["engine"], [0.0, 0.0])
            c[0] += sum(q.get("cpu") or [0])
            c[1] += sum(q["times"])
    print(f"| {suite} | peak RSS (GiB) | {rss.get('dataflow', 0) / 2**30:.2f} | {rss.get('duckdb', 0) / 2**30:.2f} | {rss.get('polars', 0) / 2**30:.2f} |")
    par = {e: (c[0] / c[1] if c[1] else 0) for e, c in cpu.items()}
    # The kit records CPU time only for its own peers; dfs-bench prints `cpu <seconds>` after each
    # `run <seconds>`, which its logs keep.
    runs = cpus = 0.0
    logs = os.path.join(os.path.dirname(os.path.abspath(sys.argv[1])), "logs")
    for log in glob.glob(os.path.join(logs, f"dataflow-{suite}*.log")):
        pending = None
        for line in open(log):
            parts = line.split()
            if len(parts) == 2 and parts[0] == "run":
                pending = float(parts[1])
            elif len(parts) == 2 and parts[0] == "cpu" and pending is not None:
                runs += pending
                cpus += float(parts[1])
                pending = None
    if runs > 0:
        par["dataflow"] = cpus / runs
    df_par = f"{par['dataflow']:.2f}" if par.get("dataflow") else "—"
    print(f"| {suite} | CPU / wall | {df_par} | {par.get('duckdb', 0):.2f} | {par.get('polars', 0):.2f} |")
csv = {}
for x in d.get("csv_loads") or []:
    csv.setdefault(x.get("dataset", x.get("suite")), {})[x["engine"]] = statistics.median(x["times"]) if x.get("times") else None
for ds, v in csv.items():
    fmt = lambda x: "—" if x is None else f"{x:.2f}"
    print(f"| {ds} | CSV with inference (s) | {fmt(v.get('dataflow'))} | {fmt(v.get('duckdb'))} | {fmt(v.get('polars'))} |")
