#!/usr/bin/env python3
"""Reference numbers for the Analysis overfitting statistics, computed with scipy/numpy.

Rerun (from the repository root):

    python3 -m venv /tmp/venv-fixtures
    /tmp/venv-fixtures/bin/pip install -r Tests/Fixtures/requirements.txt
    /tmp/venv-fixtures/bin/python Tests/Fixtures/generate_overfitting.py

It writes Tests/Fixtures/overfitting/overfitting.json:

    {"_comment": "...", "versions": {...},
     "dsr_paper_example": {...},   # Bailey & Lopez de Prado (2014), section
                                   # "A numerical example", recomputed at full precision
     "psr": {"returns": [...], "benchmark": ..., "sharpe": ..., "skewness": ...,
             "kurtosis": ..., "psr_zero": ..., "psr_benchmark": ...,
             "min_trl_95": ..., "min_trl_99_benchmark": ...},
     "dsr": {"trial_sharpes": [...], "variance": ..., "expected_max": ...,
             "dsr": ..., "psr_zero": ...},           # selected = psr.returns
     "pbo": {"blocks": 8, "matrix": [[...]],          # rows = time, 203 x 10
             "logits": [...], "selected": [...], "is": [...], "oos": [...],
             "pbo": ..., "slope": ..., "intercept": ..., "probability_of_loss": ...}}

Every formula is written out below independently of the Swift code:
PSR(SR*) = Phi[(SR - SR*) sqrt(T - 1) / sqrt(1 - g3 SR + (g4 - 1)/4 SR^2)] with
SR = mean / std(ddof=1), g3 = scipy.stats.skew(bias=True), g4 =
scipy.stats.kurtosis(fisher=False, bias=True); MinTRL = 1 + (1 - g3 SR + (g4-1)/4
SR^2) (Phi^-1(c) / (SR - SR*))^2; E[max SR] = sqrt(V) ((1 - gamma) Phi^-1(1 - 1/N)
+ gamma Phi^-1(1 - 1/(N e))) with V the ddof=1 variance of the trial Sharpes.
PBO: blocks of floor(T/S) rows (trailing rows dropped), itertools.combinations
(lexicographic) for the in-sample block sets, Sharpe ddof=1 of the concatenated
rows, np.argmax (first maximum), scipy.stats.rankdata(method="average"),
logit = ln(w / (1 - w)) with w = rank / (N + 1); PBO = mean(logit <= 0);
performance degradation = np.polyfit(IS, OOS, 1).

Series: numpy default_rng(20140501) (PSR/DSR) and default_rng(2017) (PBO).
Floats are written with repr (full precision).
"""

import itertools
import json
import math
import os

import numpy as np
import scipy
from scipy import stats

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT_DIR = os.path.join(ROOT, "Tests", "Fixtures", "overfitting")
EULER = float(np.euler_gamma)


def sharpe(r):
    r = np.asarray(r, dtype=float)
    return float(r.mean() / r.std(ddof=1))


def variance_term(sr, g3, g4):
    return 1.0 - g3 * sr + (g4 - 1.0) / 4.0 * sr * sr


def psr(sr, t, g3, g4, benchmark):
    z = (sr - benchmark) * math.sqrt(t - 1) / math.sqrt(variance_term(sr, g3, g4))
    return float(stats.norm.cdf(z))


def min_trl(sr, g3, g4, benchmark, confidence):
    return 1.0 + variance_term(sr, g3, g4) * (stats.norm.ppf(confidence) / (sr - benchmark)) ** 2


def expected_max(variance, n):
    return math.sqrt(variance) * (
        (1 - EULER) * stats.norm.ppf(1 - 1.0 / n) + EULER * stats.norm.ppf(1 - 1.0 / (n * math.e)))


def dsr_paper_example():
    # Bailey & Lopez de Prado (2014), "A numerical example": annualised SR 2.5 over
    # T = 1250 daily observations, N = 100 trials whose annualised Sharpe ratios have
    # variance 1/2, skewness -3, kurtosis 10; 250 observations a year.
    periods = 250
    sr = 2.5 / math.sqrt(periods)
    variance = 0.5 / periods
    emax = expected_max(variance, 100)
    return {
        "annual_sharpe": 2.5, "observations": 1250, "trials": 100, "annual_variance": 0.5,
        "skewness": -3.0, "kurtosis": 10.0, "periods_per_year": periods,
        "sharpe": sr, "expected_max": emax, "expected_max_annual": emax * math.sqrt(periods),
        "dsr": psr(sr, 1250, -3.0, 10.0, emax), "psr_zero": psr(sr, 1250, -3.0, 10.0, 0.0),
    }


def psr_and_dsr():
    rng = np.random.default_rng(20140501)
    # A skewed, fat-tailed daily series with a modest edge: normal body plus rare crashes.
    body = rng.normal(0.0015, 0.01, 750)
    crashes = np.where(rng.random(750) < 0.02, rng.normal(-0.03, 0.01, 750), 0.0)
    returns = body + crashes
    sr = sharpe(returns)
    g3 = float(stats.skew(returns, bias=True))
    g4 = float(stats.kurtosis(returns, fisher=False, bias=True))
    benchmark = 0.5 / math.sqrt(252)
    psr_block = {
        "returns": returns.tolist(), "benchmark": benchmark, "sharpe": sr, "skewness": g3,
        "kurtosis": g4, "psr_zero": psr(sr, len(returns), g3, g4, 0.0),
        "psr_benchmark": psr(sr, len(returns), g3, g4, benchmark),
        "min_trl_95": min_trl(sr, g3, g4, 0.0, 0.95),
        "min_trl_99_benchmark": min_trl(sr, g3, g4, benchmark, 0.99),
    }
    # 40 trials' per-period Sharpe ratios (the selected one among them).
    trials = rng.normal(0.0, 0.02, 39).tolist() + [sr]
    variance = float(np.var(trials, ddof=1))
    emax = expected_max(variance, len(trials))
    dsr_block = {
        "trial_sharpes": trials, "variance": variance, "expected_max": emax,
        "dsr": psr(sr, len(returns), g3, g4, emax), "psr_zero": psr_block["psr_zero"],
    }
    return psr_block, dsr_block


def pbo():
    rng = np.random.default_rng(2017)
    s, n, b = 8, 10, 25
    t = s * b + 3                       # 3 trailing rows, dropped
    matrix = rng.normal(0.0, 0.01, (t, n))
    matrix[:, 3] += 0.0015              # two mildly better trials
    matrix[:, 7] += 0.001
    used = matrix[: s * b]
    blocks = [used[k * b:(k + 1) * b] for k in range(s)]
    logits, selected, is_perf, oos_perf = [], [], [], []
    for combo in itertools.combinations(range(s), s // 2):
        rest = [k for k in range(s) if k not in combo]
        train = np.vstack([blocks[k] for k in combo])
        test = np.vstack([blocks[k] for k in rest])
        r_is = train.mean(axis=0) / train.std(axis=0, ddof=1)
        r_oos = test.mean(axis=0) / test.std(axis=0, ddof=1)
        best = int(np.argmax(r_is))
        rank = stats.rankdata(r_oos, method="average")[best]
        w = rank / (n + 1)
        logits.append(math.log(w / (1 - w)))
        selected.append(best)
        is_perf.append(float(r_is[best]))
        oos_perf.append(float(r_oos[best]))
    slope, intercept = np.polyfit(is_perf, oos_perf, 1)
    return {
        "blocks": s, "matrix": matrix.tolist(), "logits": logits, "selected": selected,
        "is": is_perf, "oos": oos_perf, "pbo": float(np.mean(np.array(logits) <= 0)),
        "slope": float(slope), "intercept": float(intercept),
        "probability_of_loss": float(np.mean(np.array(oos_perf) < 0)),
    }


def main():
    psr_block, dsr_block = psr_and_dsr()
    out = {
        "_comment": "Generated by Tests/Fixtures/generate_overfitting.py; do not edit by hand.",
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__},
        "dsr_paper_example": dsr_paper_example(),
        "psr": psr_block,
        "dsr": dsr_block,
        "pbo": pbo(),
    }
    os.makedirs(OUT_DIR, exist_ok=True)
    path = os.path.join(OUT_DIR, "overfitting.json")
    with open(path, "w") as handle:
        json.dump(out, handle, indent=1)
        handle.write("\n")
    print("wrote", path)
    print(json.dumps(out["dsr_paper_example"], indent=1))


if __name__ == "__main__":
    main()
