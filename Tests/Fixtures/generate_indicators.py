#!/usr/bin/env python3
"""Reference numbers for the Indicators module, computed with TA-Lib.

Rerun (from the repository root):

    python3 -m venv /tmp/venv-fixtures
    /tmp/venv-fixtures/bin/pip install -r Tests/Fixtures/requirements.txt
    /tmp/venv-fixtures/bin/python Tests/Fixtures/generate_indicators.py

It reads data/aapl_daily.csv and data/ibm_daily.csv (timestamp,open,high,low,close,volume)
and writes Tests/Fixtures/indicators/<dataset>.json:

    {"source": "aapl_daily.csv", "talib_version": "...", "first_row": 0, "rows": N,
     "session_start": [1, 0, ...],          # 1 where a bar opens a new calendar month
     "series": {"sma_20": [null, ..., 123.4], "bbands_20_2_upper": [...], ...}}

NaN is written as JSON null and floats with repr (full precision). "first_row" is the
index of the first data row used (0 = the whole file) so tests slice the CSV alike.

Composite indicators that TA-Lib lacks are built from TA-Lib pieces or numpy:
  keltner_P_M_*   middle = talib.EMA(close, P), upper/lower = middle ± M·talib.ATR(P)
  donchian_P_*    talib.MAX(high, P) / talib.MIN(low, P) shifted one bar (current bar excluded)
  stddev_P        talib.STDDEV(close, P, 1)              (population, ddof 0)
  stddev_P_ddof1  numpy two-pass sample standard deviation per window
  zscore_P        (close − talib.SMA) / talib.STDDEV, NaN where the deviation is 0
  vwap_P          Σ typical·volume / Σ volume over the last P bars (numpy, per window)
  session_vwap    cumulative Σ typical·volume / Σ volume, reset at each session_start
  ema_9_of_rsi_14 talib.EMA(talib.RSI(close, 14), 9): the leading NaNs of the input are skipped
"""

import json
import math
import os
import sys

import numpy as np
import pandas as pd
import talib

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATASETS = ["aapl_daily.csv", "ibm_daily.csv"]
FIRST_ROW = 600  # skip the first 600 rows (about 2,670 bars stay) so each JSON stays under 3 MB


def clean(values):
    out = []
    for v in np.asarray(values, dtype=float):
        out.append(None if math.isnan(v) else float(v))
    return out


def window_sums(values, period):
    """Σ over the last `period` values, summed afresh for each window (NaN before)."""
    n = len(values)
    out = np.full(n, np.nan)
    if period <= n:
        windows = np.lib.stride_tricks.sliding_window_view(values, period)
        out[period - 1:] = windows.sum(axis=1)
    return out


def compute(frame):
    o = frame["open"].to_numpy(float)
    h = frame["high"].to_numpy(float)
    l = frame["low"].to_numpy(float)
    c = frame["close"].to_numpy(float)
    v = frame["volume"].to_numpy(float)
    n = len(c)
    s = {}

    for p in (1, 5, 20, 200):
        s[f"sma_{p}"] = talib.SMA(c, p)
    for p in (1, 12, 26):
        s[f"ema_{p}"] = talib.EMA(c, p)
    for p in (10, 30):
        s[f"wma_{p}"] = talib.WMA(c, p)
        s[f"dema_{p}"] = talib.DEMA(c, p)
        s[f"tema_{p}"] = talib.TEMA(c, p)
    for p in (2, 14):
        s[f"rsi_{p}"] = talib.RSI(c, p)
    # Chaining: the wrapper skips the leading NaNs of its input (RSI's warm-up).
    s["ema_9_of_rsi_14"] = talib.EMA(talib.RSI(c, 14), 9)
    s["trange"] = talib.TRANGE(h, l, c)
    for p in (1, 5, 14):
        s[f"atr_{p}"] = talib.ATR(h, l, c, p)
    for p, d in ((20, 2.0), (10, 1.5)):
        up, mid, lo = talib.BBANDS(c, p, d, d, 0)
        tag = f"{p}_{d:g}"
        s[f"bbands_{tag}_upper"], s[f"bbands_{tag}_middle"], s[f"bbands_{tag}_lower"] = up, mid, lo
    for p, m in ((20, 2.0), (10, 1.5)):
        mid = talib.EMA(c, p)
        atr = talib.ATR(h, l, c, p)
        tag = f"{p}_{m:g}"
        s[f"keltner_{tag}_upper"] = mid + m * atr
        s[f"keltner_{tag}_middle"] = mid
        s[f"keltner_{tag}_lower"] = mid - m * atr
    for p in (20, 55):
        up = np.concatenate(([np.nan], talib.MAX(h, p)[:-1]))
        lo = np.concatenate(([np.nan], talib.MIN(l, p)[:-1]))
        s[f"donchian_{p}_upper"] = up
        s[f"donchian_{p}_middle"] = (up + lo) / 2.0
        s[f"donchian_{p}_lower"] = lo
    for f, sl, sg in ((12, 26, 9), (5, 35, 5)):
        m, sig, hist = talib.MACD(c, f, sl, sg)
        tag = f"{f}_{sl}_{sg}"
        s[f"macd_{tag}_macd"], s[f"macd_{tag}_signal"], s[f"macd_{tag}_histogram"] = m, sig, hist
    for p in (1, 10):
        s[f"roc_{p}"] = talib.ROC(c, p)
        s[f"mom_{p}"] = talib.MOM(c, p)
    for p in (20,):
        std = talib.STDDEV(c, p, 1.0)
        s[f"stddev_{p}"] = std
        ddof1 = np.full(n, np.nan)
        if p <= n:
            ddof1[p - 1:] = np.lib.stride_tricks.sliding_window_view(c, p).std(axis=1, ddof=1)
        s[f"stddev_{p}_ddof1"] = ddof1
        sma = talib.SMA(c, p)
        with np.errstate(divide="ignore", invalid="ignore"):
            z = np.where(std == 0.0, np.nan, (c - sma) / std)
        s[f"zscore_{p}"] = z
    for fk, sk, sd in ((14, 3, 3), (5, 3, 3)):
        k, d = talib.STOCH(h, l, c, fk, sk, 0, sd, 0)
        tag = f"{fk}_{sk}_{sd}"
        s[f"stoch_{tag}_k"], s[f"stoch_{tag}_d"] = k, d
    s["willr_14"] = talib.WILLR(h, l, c, 14)
    for p in (14, 20):
        s[f"cci_{p}"] = talib.CCI(h, l, c, p)
    for p in (7, 14):
        s[f"adx_{p}"] = talib.ADX(h, l, c, p)
    s["obv"] = talib.OBV(c, v)

    typical = (h + l + c) / 3.0
    pv = typical * v
    for p in (20,):
        num = window_sums(pv, p)
        den = window_sums(v, p)
        with np.errstate(divide="ignore", invalid="ignore"):
            s[f"vwap_{p}"] = np.where(den == 0.0, np.nan, num / den)

    months = frame["timestamp"].str.slice(0, 7).to_numpy()
    session_start = np.ones(n, dtype=bool)
    session_start[1:] = months[1:] != months[:-1]
    svwap = np.full(n, np.nan)
    cum_pv = 0.0
    cum_v = 0.0
    for t in range(n):
        if session_start[t]:
            cum_pv = 0.0
            cum_v = 0.0
        cum_pv += pv[t]
        cum_v += v[t]
        svwap[t] = cum_pv / cum_v if cum_v != 0.0 else np.nan
    s["session_vwap"] = svwap
    for key, values in s.items():
        assert len(values) == n, key
    return s, session_start


def main():
    version = getattr(talib, "__ta_version__", b"")
    if isinstance(version, bytes):
        version = version.decode()
    for name in DATASETS:
        frame = pd.read_csv(os.path.join(ROOT, "data", name), dtype={"timestamp": str})
        frame = frame.iloc[FIRST_ROW:].reset_index(drop=True)
        series, session_start = compute(frame)
        doc = {
            "source": name,
            "generator": "Tests/Fixtures/generate_indicators.py",
            "talib_version": f"TA-Lib python {talib.__version__}, C library {version}",
            "numpy_version": np.__version__,
            "first_row": FIRST_ROW,
            "rows": len(frame),
            "session_start": [1 if b else 0 for b in session_start],
            "series": {k: clean(series[k]) for k in sorted(series)},
        }
        out = os.path.join(ROOT, "Tests", "Fixtures", "indicators", name.replace(".csv", ".json"))
        with open(out, "w") as fh:
            json.dump(doc, fh, separators=(",", ":"), allow_nan=False)
            fh.write("\n")
        print(f"wrote {out} ({os.path.getsize(out)} bytes, {len(series)} series)", file=sys.stderr)


if __name__ == "__main__":
    main()
