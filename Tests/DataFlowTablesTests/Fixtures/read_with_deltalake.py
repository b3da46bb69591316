"""Prints, as JSON, what the deltalake package reads from a Delta table: the latest version, the
sorted rows of each requested version, and each commit's operation. Used by InteropTests.
Usage: read_with_deltalake.py <table> [version ...]"""
import datetime
import decimal
import json
import os
import sys

from deltalake import DeltaTable


def plain(v):
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return str(v)
    return v


path = sys.argv[1]
dt = DeltaTable(path)
out = {"latest": dt.version(), "versions": {}, "operations": {str(h["version"]): h.get("operation") for h in dt.history()}}
for v in [int(x) for x in sys.argv[2:]] or [dt.version()]:
    t = DeltaTable(path, version=v).to_pyarrow_table()
    rows = [[plain(r[c]) for c in t.column_names] for r in t.to_pylist()]
    out["versions"][str(v)] = {"columns": t.column_names, "rows": sorted(rows, key=lambda r: json.dumps(r))}
print(json.dumps(out))
sys.stdout.flush()
# The deltalake runtime has aborted at interpreter shutdown here now and then; skip the finalizers.
os._exit(0)
