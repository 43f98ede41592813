#!/usr/bin/env python3
"""Peers for a custom SMA-crossover grid on any CSV: vectorbt or the numba loop of
../shared/bench/ma_grid_peers.py (same job: long/flat, decided and filled at the close, no costs),
with wall time and peak memory (ru_maxrss).

    $PY Benchmarks/peers/grid_peers.py --csv FILE --fast 5,10,... --slow 50,100,... --impl vectorbt --out vbt.json
"""
import argparse, json, os, platform, resource, sys, time
import numpy as np
import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "bench"))
import ma_grid_peers  # noqa: E402  (the shared harness: run_vectorbt, run_numba)

ap = argparse.ArgumentParser()
ap.add_argument("--csv", required=True)
ap.add_argument("--fast", required=True)
ap.add_argument("--slow", required=True)
ap.add_argument("--impl", choices=["vectorbt", "numba"], required=True)
ap.add_argument("--out", required=True)
a = ap.parse_args()
df = pd.read_csv(a.csv, index_col=0, parse_dates=True)
close = df["close"]
combos = [(f, s) for s in map(int, a.slow.split(",")) for f in map(int, a.fast.split(",")) if f < s]
run = ma_grid_peers.run_vectorbt if a.impl == "vectorbt" else ma_grid_peers.run_numba
wall, results = run(close, combos)
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
doc = dict(impl=a.impl, data=os.path.basename(a.csv), bars=len(close), combos=len(combos), wall_s=wall,
           walls_s=[wall], peak_rss_mb=peak_mb, bar_evals_per_s=len(close) * len(combos) / wall,
           machine=dict(cpus=os.cpu_count(), platform=platform.platform()), results=results)
with open(a.out, "w") as fh:
    json.dump(doc, fh)
print(f"{a.impl}: {len(combos)} combos x {len(close)} bars in {wall:.3f}s, peak {peak_mb:.0f} MB")
