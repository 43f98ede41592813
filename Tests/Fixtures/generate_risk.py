#!/usr/bin/env python3
"""Reference numbers for the risk statistics (Cornish-Fisher / Gaussian VaR and ES in
Metrics, generalized Pareto tail fits in Analysis/Tail), computed with numpy and scipy.

Rerun (from the repository root):

    python3 -m venv /tmp/venv-fixtures
    /tmp/venv-fixtures/bin/pip install -r Tests/Fixtures/requirements.txt
    /tmp/venv-fixtures/bin/python Tests/Fixtures/generate_risk.py

(Only numpy and scipy are needed: pip install numpy==2.4.6 pandas==3.1.1 scipy==1.17.1.)

It reads data/aapl_daily.csv and data/msft_daily.csv (timestamp,open,high,low,close,volume)
and writes two files:

Tests/Fixtures/metrics/risk_statistics.json

    {"_comment": "...", "versions": {...}, "confidences": [0.95, 0.99],
     "series": [{"name": "aapl_daily", "returns": [...],
                 "expected": {"cornish_fisher_var_95": ..., "cornish_fisher_es_95": ...,
                              "gaussian_es_95": ..., ... "_99": ...}}, ...]}

  cornish_fisher_var_<c>  mu + sqrt(m2) * z_cf, z = norm.ppf(1 - c),
                          z_cf = z + (z^2-1)S/6 + (z^3-3z)K/24 - (2z^3-5z)S^2/36,
                          S = scipy.stats.skew(bias=True), K = scipy.stats.kurtosis(
                          fisher=True, bias=True), m2 = np.var(ddof=0): PerformanceAnalytics
                          VaR(method="modified") negated (its VaR.CornishFisher).
  cornish_fisher_es_<c>   PerformanceAnalytics ES(method="modified") negated
                          (operES.CornishFisher, Boudt, Peterson & Croux 2008), transcribed
                          below (ipower, cornish_fisher_es): no pip library offers it.
  gaussian_es_<c>         scipy.stats.truncnorm.mean(-inf, norm.ppf(1-c), loc=mu, scale=sd),
                          sd with ddof 1; checked against mu - sd*pdf(ppf(1-c))/(1-c).

Tests/Fixtures/analysis/tail_gpd.json

    {"_comment": "...", "versions": {...}, "probabilities": [0.99, 0.999], "level": 0.95,
     "cases": [{"name": ..., "losses": [...], "threshold_quantile": 0.95 | null,
                "threshold": u, "exceedances": N_u,
                "scipy_shape": ..., "scipy_scale": ...,    # genpareto.fit(y, floc=0) as is
                "shape": ..., "scale": ..., "log_likelihood": ...,   # polished optimum
                "covariance": [var_xi, cov, var_beta],
                "quantile": [...], "expected_shortfall": [...],
                "interval_lower": [...], "interval_upper": [...]}]}

  Threshold u = np.quantile(losses, q) (linear) or given; excesses y = x[x > u] - u.
  scipy.stats.genpareto.fit(y, floc=0) stops where its Nelder-Mead does (about 1e-4);
  the optimum is then polished: Nelder-Mead on genpareto.nnlf with tight tolerances,
  then scipy.optimize.fsolve on the analytic score; the script asserts the polished
  negative log-likelihood is not above scipy's and the parameters move < 1e-2 relative.
  Quantile VaR_p = u + (beta/xi)((n(1-p)/N_u)^(-xi) - 1), ES_p = (VaR_p + beta - xi u)/(1-xi),
  interval VaR_p -/+ norm.ppf((1+level)/2) sqrt(g' C g), C = inverse of the negated
  analytic Hessian of the log-likelihood at the optimum (checked against a central
  finite-difference Hessian of genpareto.logpdf), g the gradient of VaR_p in (xi, beta).

data/aapl_daily.csv closes are not split-adjusted (the -50% days of 2000-06-21, 2000-09-29 and
2005-02-28), which makes its kurtosis, Cornish-Fisher figures and tail shape extreme; it is
kept as a stress case, the other series are ordinary.

Cases: aapl_daily / msft_daily losses (-close-to-close returns) over their 0.95 quantile;
student_t4: 0.01 * numpy default_rng(42).standard_t(4, 4000) over its 0.95 quantile;
gpd_short_tail: scipy genpareto(c=-0.3, scale=0.02).rvs(400, random_state=default_rng(5))
with threshold 0 (xi < 0, bounded support); exponential: default_rng(9).exponential(0.01,
600) with threshold 0 (xi near 0). Floats with repr; NaN as null.
"""

import json
import math
import os
import sys

import numpy as np
import pandas as pd
import scipy
from scipy import optimize, stats as sps

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CONFIDENCES = [0.95, 0.99]
PROBABILITIES = [0.99, 0.999]
LEVEL = 0.95


from fixture_json import clean


def returns_of(name):
    close = pd.read_csv(os.path.join(ROOT, "data", name))["close"].to_numpy(dtype=float)
    return close[1:] / close[:-1] - 1.0


# ---------------------------------------------------------------- Cornish-Fisher


def cornish_fisher_h(r, c):
    alpha = 1.0 - c
    z = sps.norm.ppf(alpha)
    s = sps.skew(r, bias=True)
    k = sps.kurtosis(r, fisher=True, bias=True)
    return z + (z**2 - 1) * s / 6 + (z**3 - 3 * z) * k / 24 - (2 * z**3 - 5 * z) * s**2 / 36, s, k


def ipower(q, h):
    """PerformanceAnalytics Ipower (Boudt, Peterson & Croux 2008 closed forms)."""
    full = 1.0
    if q % 2 == 0:
        half = q // 2
        for j in range(1, half + 1):
            full *= 2 * j
        total = full * sps.norm.pdf(h)
        for i in range(1, half + 1):
            prod = 1.0
            for j in range(1, i + 1):
                prod *= 2 * j
            total += (full / prod) * h ** (2 * i) * sps.norm.pdf(h)
        return total
    half = (q - 1) // 2
    for j in range(0, half + 1):
        full *= 2 * j + 1
    total = -full * sps.norm.cdf(h)
    for i in range(0, half + 1):
        prod = 1.0
        for j in range(0, i + 1):
            prod *= 2 * j + 1
        total += (full / prod) * h ** (2 * i + 1) * sps.norm.pdf(h)
    return total


def cornish_fisher_var(r, c):
    h, _, _ = cornish_fisher_h(r, c)
    return np.mean(r) + np.sqrt(np.var(r, ddof=0)) * h


def cornish_fisher_es(r, c):
    """-operES.CornishFisher(R, p = c): mu + sqrt(m2) * min(-E, h)."""
    alpha = 1.0 - c
    h, s, k = cornish_fisher_h(r, c)
    d = sps.norm.pdf(h)
    e = d
    e += (ipower(4, h) - 6 * ipower(2, h) + 3 * d) * k / 24
    e += (ipower(3, h) - 3 * ipower(1, h)) * s / 6
    e += (ipower(6, h) - 15 * ipower(4, h) + 45 * ipower(2, h) - 15 * d) * s**2 / 72
    e /= alpha
    return np.mean(r) + np.sqrt(np.var(r, ddof=0)) * min(-e, h)


def gaussian_es(r, c):
    mu, sd = np.mean(r), np.std(r, ddof=1)
    z = sps.norm.ppf(1.0 - c)
    value = sps.truncnorm.mean(-np.inf, z, loc=mu, scale=sd)
    closed = mu - sd * sps.norm.pdf(z) / (1.0 - c)
    assert abs(value - closed) <= 1e-12 * abs(closed), (value, closed)
    return value


def risk_series():
    rng = np.random.default_rng(42)
    series = [("aapl_daily", returns_of("aapl_daily.csv")),
              ("msft_daily", returns_of("msft_daily.csv")),
              ("student_t4", 0.01 * rng.standard_t(4, 1000)),
              ("short_5", np.array([0.01, -0.02, 0.015, -0.005, 0.03]))]
    out = []
    for name, r in series:
        expected = {}
        for c in CONFIDENCES:
            tag = str(int(round(c * 100)))
            expected["cornish_fisher_var_" + tag] = cornish_fisher_var(r, c)
            expected["cornish_fisher_es_" + tag] = cornish_fisher_es(r, c)
            expected["gaussian_es_" + tag] = gaussian_es(r, c)
        out.append({"name": name, "returns": r, "expected": expected})
    return out


# ---------------------------------------------------------------- GPD tail


def gpd_derivatives(y, xi, beta):
    """Gradient and Hessian of the GPD log-likelihood in (xi, beta), plain formulas."""
    w = 1 + xi * y / beta
    g_xi = np.sum(np.log(w) / xi**2 - (1 + 1 / xi) * (y / beta) / w)
    g_beta = np.sum(-1 / beta + (xi + 1) * y / (beta**2 * w))
    h_xixi = np.sum(-2 / xi**3 * np.log(w) + 2 / xi**2 * y / (beta * w)
                    + (1 + 1 / xi) * y**2 / (beta**2 * w**2))
    h_xibeta = np.sum(y / (beta**2 * w) - (xi + 1) * y**2 / (beta**3 * w**2))
    h_betabeta = np.sum(1 / beta**2 - (xi + 1) * y * (2 * beta + xi * y) / (beta**4 * w**2))
    return (np.array([g_xi, g_beta]),
            np.array([[h_xixi, h_xibeta], [h_xibeta, h_betabeta]]))


def loglik(y, xi, beta):
    return np.sum(sps.genpareto.logpdf(y, xi, loc=0, scale=beta))


def polish(y, xi0, beta0):
    nnlf = lambda p: sps.genpareto.nnlf((p[0], 0.0, p[1]), y) if p[1] > 0 else np.inf
    res = optimize.minimize(nnlf, [xi0, beta0], method="Nelder-Mead",
                            options={"xatol": 1e-13, "fatol": 1e-14, "maxiter": 20000})
    root, _, _, _ = optimize.fsolve(lambda p: gpd_derivatives(y, p[0], p[1])[0], res.x,
                                    xtol=1e-12, full_output=True)
    xi, beta = root
    assert np.all(np.abs(gpd_derivatives(y, xi, beta)[0]) <= 1e-6 * len(y) / beta)
    assert nnlf(root) <= sps.genpareto.nnlf((xi0, 0.0, beta0), y) + 1e-9
    assert abs(xi - xi0) <= 1e-2 * max(abs(xi), 0.05) and abs(beta - beta0) <= 1e-2 * beta
    return xi, beta


def finite_difference_hessian(y, xi, beta):
    steps = [1e-4 * max(abs(xi), 0.1), 1e-4 * beta]
    point = np.array([xi, beta])
    hessian = np.zeros((2, 2))
    for i in range(2):
        for j in range(2):
            def f(di, dj):
                p = point.copy()
                p[i] += di
                p[j] += dj
                return loglik(y, p[0], p[1])
            hi, hj = steps[i], steps[j]
            hessian[i, j] = (f(hi, hj) - f(hi, -hj) - f(-hi, hj) + f(-hi, -hj)) / (4 * hi * hj)
    return hessian


def tail_case(name, losses, threshold_quantile=None, threshold=None):
    losses = np.asarray(losses, dtype=float)
    u = np.quantile(losses, threshold_quantile) if threshold_quantile is not None else threshold
    y = losses[losses > u] - u
    n, nu = len(losses), len(y)
    c0, _, scale0 = sps.genpareto.fit(y, floc=0)
    xi, beta = polish(y, c0, scale0)
    _, hessian = gpd_derivatives(y, xi, beta)
    fd = finite_difference_hessian(y, xi, beta)
    assert np.allclose(hessian, fd, rtol=1e-4), (hessian, fd)
    cov = np.linalg.inv(-hessian)
    z = sps.norm.ppf((1 + LEVEL) / 2)
    quantiles, shortfalls, lower, upper = [], [], [], []
    for p in PROBABILITIES:
        ratio = n * (1 - p) / nu
        q = u + beta / xi * (ratio ** (-xi) - 1)
        d_beta = (ratio ** (-xi) - 1) / xi
        d_xi = -beta / xi**2 * (ratio ** (-xi) - 1) - beta / xi * math.log(ratio) * ratio ** (-xi)
        g = np.array([d_xi, d_beta])
        half = z * math.sqrt(g @ cov @ g)
        quantiles.append(q)
        shortfalls.append((q + beta - xi * u) / (1 - xi) if xi < 1 else float("nan"))
        lower.append(q - half)
        upper.append(q + half)
    return {"name": name, "losses": losses, "threshold_quantile": threshold_quantile,
            "threshold": u, "exceedances": nu, "scipy_shape": c0, "scipy_scale": scale0,
            "shape": xi, "scale": beta, "log_likelihood": loglik(y, xi, beta),
            "covariance": [cov[0, 0], cov[0, 1], cov[1, 1]],
            "quantile": quantiles, "expected_shortfall": shortfalls,
            "interval_lower": lower, "interval_upper": upper}


def tail_cases():
    return [
        tail_case("aapl_daily", -returns_of("aapl_daily.csv"), threshold_quantile=0.95),
        tail_case("msft_daily", -returns_of("msft_daily.csv"), threshold_quantile=0.95),
        tail_case("student_t4", 0.01 * np.random.default_rng(42).standard_t(4, 4000),
                  threshold_quantile=0.95),
        tail_case("gpd_short_tail", sps.genpareto(c=-0.3, scale=0.02).rvs(
            400, random_state=np.random.default_rng(5)), threshold=0.0),
        tail_case("exponential", np.random.default_rng(9).exponential(0.01, 600), threshold=0.0),
    ]


def versions():
    return {"numpy": np.__version__, "pandas": pd.__version__, "scipy": scipy.__version__,
            "python": sys.version.split()[0]}


def dump(path, payload):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as handle:
        json.dump(clean(payload), handle, allow_nan=False, indent=1)
        handle.write("\n")


def main():
    comment = ("Generated by Tests/Fixtures/generate_risk.py; rerun with "
               "pip install -r Tests/Fixtures/requirements.txt && "
               "python Tests/Fixtures/generate_risk.py (from the repository root). null = NaN. "
               "Losses are negative returns in the metrics file and positive in the tail file.")
    dump(os.path.join(ROOT, "Tests", "Fixtures", "metrics", "risk_statistics.json"),
         {"_comment": comment, "versions": versions(), "confidences": CONFIDENCES,
          "series": risk_series()})
    dump(os.path.join(ROOT, "Tests", "Fixtures", "analysis", "tail_gpd.json"),
         {"_comment": comment, "versions": versions(), "probabilities": PROBABILITIES,
          "level": LEVEL, "cases": tail_cases()})
    print("wrote risk_statistics.json and tail_gpd.json")


if __name__ == "__main__":
    main()
