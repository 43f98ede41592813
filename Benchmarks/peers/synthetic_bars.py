#!/usr/bin/env python3
"""Writes a seeded random-walk OHLCV CSV (one-minute bars) for the large-data benchmark.

    python3 Benchmarks/peers/synthetic_bars.py --bars 1000000 --seed 7 --out .bench-data/synthetic_1m.csv

The same file feeds admf (a workflow with `source: csv`) and the peers, so both see identical bars.
"""
import argparse, os
import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("--bars", type=int, default=1_000_000)
ap.add_argument("--seed", type=int, default=7)
ap.add_argument("--out", required=True)
a = ap.parse_args()
rng = np.random.default_rng(a.seed)
n = a.bars
r = rng.normal(0.0, 0.0008, n)
close = 100.0 * np.exp(np.cumsum(r))
open_ = np.concatenate([[100.0], close[:-1]]) * np.exp(rng.normal(0.0, 0.0002, n))
high = np.maximum(open_, close) * np.exp(np.abs(rng.normal(0.0, 0.0004, n)))
low = np.minimum(open_, close) * np.exp(-np.abs(rng.normal(0.0, 0.0004, n)))
volume = rng.integers(100, 10_000, n)
start = np.datetime64("2020-01-01T00:00:00")
stamps = (start + np.arange(n) * np.timedelta64(60, "s")).astype("datetime64[s]").astype(str)
os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
with open(a.out, "w") as fh:
    fh.write("timestamp,open,high,low,close,volume\n")
    for row in zip(stamps, open_, high, low, close, volume):
        fh.write(f"{row[0]}Z,{row[1]:.6f},{row[2]:.6f},{row[3]:.6f},{row[4]:.6f},{row[5]}\n")
print(f"wrote {n} bars to {a.out}")
