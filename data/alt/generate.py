#!/usr/bin/env python3
"""Writes the alternative-data samples of data/alt/ (run from the repository root):

    python3 data/alt/generate.py

- economic.csv: REAL. WTI crude spot price (FRED series DCOILWTICO, from the U.S. Energy
  Information Administration; public domain), daily 2015-01-02 … 2019-01-03, taken from
  ../shared/data/wti_daily.csv (the `arch` package's copy of the FRED series). Column wti_usd.
  No publication time per row: the sidecar declares a conservative 7-day publication lag.
- sentiment.csv: SYNTHETIC (seeded). A daily "news sentiment" score in [-1, 1] for 2015–2024,
  an AR(1) with Gaussian noise (seed 20261202), published each evening at 21:00 UTC.
- satellite.csv: SYNTHETIC (seeded). A weekly "parking-lot car count" index (Mondays), a trend
  with seasonality and noise (seed 20261203); no publication column, a 3-day lag in its sidecar.

Pure Python (random, math): the same output on every machine.
"""
import csv, datetime, json, math, os, random

here = os.path.dirname(os.path.abspath(__file__))
shared = os.path.join(here, "..", "..", "..", "shared", "data", "wti_daily.csv")

def write(name, header, rows, sidecar):
    with open(os.path.join(here, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    with open(os.path.join(here, name + ".json"), "w") as f:
        json.dump(sidecar, f, indent=2, sort_keys=True)
        f.write("\n")

rows = []
with open(shared) as f:
    for r in csv.DictReader(f):
        if "2015-01-01" <= r["timestamp"] <= "2019-12-31":
            rows.append([r["timestamp"], r["close"]])
write("economic.csv", ["date", "wti_usd"], rows, {
    "synthetic": False, "publication_lag_days": 7,
    "description": "WTI crude oil spot price, USD per barrel (daily)",
    "source": "FRED DCOILWTICO (U.S. Energy Information Administration, public domain), via the arch 8.0.0 package's wti.csv.gz",
})

rng = random.Random(20261202)
day, end, x, rows = datetime.date(2015, 1, 2), datetime.date(2024, 12, 31), 0.0, []
while day <= end:
    if day.weekday() < 5:
        x = 0.9 * x + rng.gauss(0, 0.15)
        score = max(-1.0, min(1.0, x))
        rows.append([day.isoformat(), f"{day.isoformat()}T21:00:00", f"{score:.4f}"])
    day += datetime.timedelta(days=1)
write("sentiment.csv", ["date", "published", "score"], rows, {
    "synthetic": True, "description": "SYNTHETIC daily news-sentiment score in [-1, 1] (AR(1), seed 20261202) — not real data",
    "source": "data/alt/generate.py",
})

rng = random.Random(20261203)
day, rows, k = datetime.date(2015, 1, 5), [], 0
while day <= end:
    level = 100 * (1.03 ** (k / 52)) * (1 + 0.08 * math.sin(2 * math.pi * k / 52)) * (1 + rng.gauss(0, 0.03))
    rows.append([day.isoformat(), f"{level:.2f}"])
    day += datetime.timedelta(days=7)
    k += 1
write("satellite.csv", ["date", "car_count_index"], rows, {
    "synthetic": True, "publication_lag_days": 3,
    "description": "SYNTHETIC weekly parking-lot car-count index (trend, seasonality, noise; seed 20261203) — not real data",
    "source": "data/alt/generate.py",
})
