#!/usr/bin/env python3
"""Reference numbers for the Metrics module, computed with empyrical, quantstats and scipy.

Rerun (from the repository root):

    python3 -m venv /tmp/venv-fixtures
    /tmp/venv-fixtures/bin/pip install -r Tests/Fixtures/requirements.txt
    /tmp/venv-fixtures/bin/python Tests/Fixtures/generate_metrics.py

It reads data/aapl_daily.csv and data/msft_daily.csv (timestamp,open,high,low,close,volume)
and writes two files:

Tests/Fixtures/metrics/returns_metrics.json

    {"_comment": "...", "versions": {...}, "parameters": {...},
     "series": [{"name": "aapl_daily", "periods_per_year": 252.0,
                 "returns": [...], "positions": [...] | null, "trade_pnls": [...] | null,
                 "expected": {"total_return": ..., "sharpe_ratio": ..., ...}}, ...]}

Tests/Fixtures/metrics/normal_distribution.json

    {"_comment": "...", "quantile": {"p": [...], "x": [...]}, "cdf": {"x": [...], "p": [...]}}

Series:
  aapl_daily, msft_daily   close-to-close simple returns close[t]/close[t-1] - 1
  aapl_sma50_strategy      long AAPL when close > its 50-bar mean, flat otherwise; the signal
                           is lagged one bar (position for the return close[t-1]->close[t] is
                           the signal at t-1), so many returns are exactly 0. "positions" holds
                           the per-bar position behind each return and "trade_pnls" the
                           compounded return of each contiguous long run.
  normal_weekly            numpy default_rng(7).normal(0.002, 0.02, 520), periods_per_year 52
  short_5                  [0.01, -0.02, 0.015, -0.005, 0.03]
  all_positive             numpy default_rng(11).uniform(0.0001, 0.01, 120): no drawdown

Expected values (keys as in PerformanceSummary's JSON where one exists):
  total_return           empyrical.cum_returns_final
  cagr                   empyrical.annual_return(annualization=ppy)
  annual_volatility      empyrical.annual_volatility(annualization=ppy)        (ddof 1)
  sharpe_ratio           empyrical.sharpe_ratio(annualization=ppy)             (rf 0)
  sharpe_ratio_rf        empyrical.sharpe_ratio(risk_free=RF)
  sortino_ratio          empyrical.sortino_ratio(annualization=ppy)            (MAR 0)
  sortino_ratio_mar      empyrical.sortino_ratio(required_return=MAR)
  downside_risk          empyrical.downside_risk(annualization=ppy)            (MAR 0)
  calmar_ratio           empyrical.calmar_ratio(annualization=ppy)
  max_drawdown           empyrical.max_drawdown          (NEGATIVE, empyrical's sign)
  max_drawdown_duration_bars  numpy reference below (empyrical has no such statistic)
  value_at_risk_95/_99   empyrical.value_at_risk(cutoff=1-c)  == np.percentile(r, 100(1-c))
  cvar_95/_99            empyrical.conditional_value_at_risk(cutoff=1-c)
  cvar_95_quantstats     quantstats.stats.conditional_value_at_risk(method="historical")
  gaussian_var_95/_99    quantstats.stats.value_at_risk(confidence=c)   (mu + sigma*ppf(1-c))
  skewness               scipy.stats.skew(bias=True)
  excess_kurtosis        scipy.stats.kurtosis(fisher=True, bias=True)
  raw_kurtosis           scipy.stats.kurtosis(fisher=False, bias=True)
  win_rate               quantstats.stats.win_rate(returns)        (on the bar returns)
  profit_factor          quantstats.stats.profit_factor(returns)
  average_return         numpy mean of the returns
  trade_win_rate / trade_profit_factor   quantstats on trade_pnls (strategy only)
  trade_average          numpy mean of trade_pnls
  exposure               numpy mean(positions != 0)   (quantstats rounds up to a percent)
  turnover               numpy sum(|diff(positions, prepend=0)|)/2 / (N/ppy)

NaN is written as JSON null, +/-infinity as the strings "inf"/"-inf", floats with repr
(full precision). The confidence cut-off is computed as 1 - c in floating point, exactly
as the Swift code does, so the rank-based CVaR index agrees.
"""

import json
import math
import os
import sys

import empyrical
import numpy as np
import pandas as pd
import quantstats as qs
import scipy
from scipy import stats as sps

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT_DIR = os.path.join(ROOT, "Tests", "Fixtures", "metrics")
RF = 0.0001   # risk-free rate per period for sharpe_ratio_rf
MAR = 0.0002  # minimum acceptable return per period for sortino_ratio_mar
CONFIDENCES = [0.95, 0.99]


def clean(value):
    """JSON-safe value: NaN -> None, inf -> "inf", numpy scalars -> Python floats."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return [clean(v) for v in value]
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    value = float(value)
    if math.isnan(value):
        return None
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def closes(name):
    frame = pd.read_csv(os.path.join(ROOT, "data", name))
    return frame["close"].to_numpy(dtype=float)


def simple_returns(close):
    return close[1:] / close[:-1] - 1.0


def max_drawdown_duration(returns):
    """Longest number of bars from a peak to the bar that regains it (or to the end).

    The curve starts at 1 (index 0) before the first return; bar t is index t.
    A bar equal to the running peak counts as regaining it.
    """
    equity = np.concatenate([[1.0], np.cumprod(1.0 + np.asarray(returns))])
    n = len(equity) - 1
    longest = 0
    peak_value, peak_index = equity[0], 0
    for t in range(1, n + 1):
        if equity[t] >= peak_value:
            if t - peak_index > 1:
                longest = max(longest, t - peak_index)
            peak_value, peak_index = equity[t], t
    if equity[n] < peak_value:
        longest = max(longest, n - peak_index)
    return longest


def trade_pnls(returns, positions):
    """Compounded return of each contiguous run of non-zero positions."""
    pnls, growth, open_trade = [], 1.0, False
    for r, p in zip(returns, positions):
        if p != 0:
            growth *= 1.0 + r
            open_trade = True
        elif open_trade:
            pnls.append(growth - 1.0)
            growth, open_trade = 1.0, False
    if open_trade:
        pnls.append(growth - 1.0)
    return np.array(pnls)


def expected_for(returns, ppy, positions=None, pnls=None):
    r = np.asarray(returns, dtype=float)
    s = pd.Series(r, index=pd.bdate_range("2000-01-03", periods=len(r)))
    e = {
        "total_return": empyrical.cum_returns_final(r),
        "cagr": empyrical.annual_return(r, annualization=ppy),
        "annual_volatility": empyrical.annual_volatility(r, annualization=ppy),
        "sharpe_ratio": empyrical.sharpe_ratio(r, annualization=ppy),
        "sharpe_ratio_rf": empyrical.sharpe_ratio(r, risk_free=RF, annualization=ppy),
        "sortino_ratio": empyrical.sortino_ratio(r, annualization=ppy),
        "sortino_ratio_mar": empyrical.sortino_ratio(r, required_return=MAR, annualization=ppy),
        "downside_risk": empyrical.downside_risk(r, annualization=ppy),
        "calmar_ratio": empyrical.calmar_ratio(r, annualization=ppy),
        "max_drawdown": empyrical.max_drawdown(r),
        "max_drawdown_duration_bars": max_drawdown_duration(r),
        "skewness": sps.skew(r, bias=True),
        "excess_kurtosis": sps.kurtosis(r, fisher=True, bias=True),
        "raw_kurtosis": sps.kurtosis(r, fisher=False, bias=True),
        "win_rate": qs.stats.win_rate(s),
        "profit_factor": qs.stats.profit_factor(s),
        "average_return": np.mean(r),
    }
    for c in CONFIDENCES:
        tag = str(int(round(c * 100)))
        cutoff = 1.0 - c
        e["value_at_risk_" + tag] = empyrical.value_at_risk(r, cutoff=cutoff)
        e["cvar_" + tag] = empyrical.conditional_value_at_risk(r, cutoff=cutoff)
        e["cvar_" + tag + "_quantstats"] = qs.stats.conditional_value_at_risk(
            s, confidence=c, method="historical")
        e["gaussian_var_" + tag] = qs.stats.value_at_risk(s, sigma=1, confidence=c)
        assert e["value_at_risk_" + tag] == np.percentile(r, 100 * cutoff)
    if positions is not None:
        w = np.asarray(positions, dtype=float)
        e["exposure"] = np.mean(w != 0)
        e["turnover"] = np.sum(np.abs(np.diff(w, prepend=0.0))) / 2.0 / (len(w) / ppy)
    if pnls is not None:
        ps = pd.Series(pnls, index=pd.bdate_range("2000-01-03", periods=len(pnls)))
        e["trade_win_rate"] = qs.stats.win_rate(ps)
        e["trade_profit_factor"] = qs.stats.profit_factor(ps)
        e["trade_average"] = np.mean(pnls)
        e["num_trades"] = len(pnls)
    return e


def build_series():
    out = []
    aapl = closes("aapl_daily.csv")
    msft = closes("msft_daily.csv")
    for name, close in [("aapl_daily", aapl), ("msft_daily", msft)]:
        r = simple_returns(close)
        out.append({"name": name, "periods_per_year": 252.0, "returns": r})

    # Long when close > 50-bar mean, signal lagged one bar.
    mean50 = pd.Series(aapl).rolling(50).mean().to_numpy()
    signal = np.where(np.isnan(mean50), 0.0, (aapl > mean50).astype(float))
    asset = simple_returns(aapl)
    positions = signal[:-1]          # position held over close[t-1] -> close[t]
    strategy = positions * asset
    strategy = np.where(positions == 0, 0.0, strategy)  # exact zeros, no -0.0
    pnls = trade_pnls(strategy, positions)
    out.append({"name": "aapl_sma50_strategy", "periods_per_year": 252.0,
                "returns": strategy, "positions": positions, "trade_pnls": pnls})

    rng = np.random.default_rng(7)
    out.append({"name": "normal_weekly", "periods_per_year": 52.0,
                "returns": rng.normal(0.002, 0.02, 520)})
    out.append({"name": "short_5", "periods_per_year": 252.0,
                "returns": np.array([0.01, -0.02, 0.015, -0.005, 0.03])})
    rng = np.random.default_rng(11)
    out.append({"name": "all_positive", "periods_per_year": 252.0,
                "returns": rng.uniform(0.0001, 0.01, 120)})

    for item in out:
        item.setdefault("positions", None)
        item.setdefault("trade_pnls", None)
        item["expected"] = expected_for(item["returns"], item["periods_per_year"],
                                        item["positions"], item["trade_pnls"])
    return out


def versions():
    return {"empyrical": empyrical.__version__, "quantstats": qs.__version__,
            "numpy": np.__version__, "pandas": pd.__version__, "scipy": scipy.__version__,
            "python": sys.version.split()[0]}


def normal_distribution():
    ps = [1e-300, 1e-100, 1e-20, 1e-10, 1e-6, 0.001, 0.01, 0.02425, 0.025, 0.05, 0.1,
          0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 0.95, 0.975, 0.97575, 0.99, 0.999, 1 - 1e-6,
          1 - 1e-10, 0.0, 1.0]
    xs = [-37.5, -20.0, -10.0, -8.0, -5.0, -3.0, -2.0, -1.959963984540054, -1.0, -0.5,
          -1e-8, 0.0, 1e-8, 0.5, 1.0, 1.6448536269514722, 2.0, 3.0, 5.0, 8.0]
    return {"quantile": {"p": ps, "x": [sps.norm.ppf(p) for p in ps]},
            "cdf": {"x": xs, "p": [sps.norm.cdf(x) for x in xs]},
            "pdf": {"x": xs, "density": [sps.norm.pdf(x) for x in xs]}}


def dump(path, payload):
    with open(path, "w") as handle:
        json.dump(clean(payload), handle, allow_nan=False, indent=1)
        handle.write("\n")


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    comment = ("Generated by Tests/Fixtures/generate_metrics.py; rerun with "
               "pip install -r Tests/Fixtures/requirements.txt && "
               "python Tests/Fixtures/generate_metrics.py (from the repository root). "
               "null = NaN, \"inf\" = +infinity. max_drawdown is empyrical's (negative).")
    dump(os.path.join(OUT_DIR, "returns_metrics.json"), {
        "_comment": comment, "versions": versions(),
        "parameters": {"risk_free": RF, "minimum_acceptable_return": MAR,
                       "confidences": CONFIDENCES},
        "series": build_series()})
    dump(os.path.join(OUT_DIR, "normal_distribution.json"), {
        "_comment": comment, "versions": versions(), **normal_distribution()})
    print("wrote", OUT_DIR)


if __name__ == "__main__":
    main()
