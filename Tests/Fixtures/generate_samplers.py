#!/usr/bin/env python3
"""Reference numbers for the model-based samplers (Sources/Optimization/Samplers/).

Rerun (from the repository root):

    python3 -m venv /work/.venv-samplers
    /work/.venv-samplers/bin/pip install -r Tests/Fixtures/requirements.txt
    /work/.venv-samplers/bin/python Tests/Fixtures/generate_samplers.py

Writes:

Tests/Fixtures/samplers/parzen_estimator.json
    Optuna's `_ParzenEstimator` (optuna/samplers/_tpe/parzen_estimator.py), built for one
    parameter at a time (as the univariate TPE uses it) from the given observations, with
    `_ParzenEstimatorParameters(prior_weight, consider_magic_clip, consider_endpoints,
    weights=default_weights, multivariate=False)`, and its `log_pdf` at the given points:
    {"cases": [{"name", "low", "high", "kind": "real"|"integer", "log", "prior_weight",
                "magic_clip", "endpoints", "observations": [...], "points": [...],
                "log_pdf": [...]}]}
    Integer parameters are `IntDistribution(low, high, log, step=1)`, real ones
    `FloatDistribution(low, high, log)`.

Tests/Fixtures/samplers/tpe_gamma_weights.json
    `default_gamma(n)` and `default_weights(n)` for several n (exact; weights also as
    `float.hex()` strings, since JSON readers may round decimals by an ulp).

Tests/Fixtures/samplers/differential_evolution.json
    scipy.optimize.differential_evolution on benchmark functions, MAXIMISED through negation
    (scipy minimises f; our objective is -f), with the defaults (best1bin, popsize 15,
    mutation (0.5, 1), recombination 0.7, init latinhypercube, tol 0.01, atol 0) except
    updating='deferred' (the generation-at-a-time mode our ask/tell uses) and polish=False,
    seed 1..5. Records the known optimum and, per seed, scipy's x, fun, nfev, nit:
    {"problems": [{"name", "bounds", "integrality", "optimum_x", "optimum_f",
                   "scipy": [{"seed", "x", "fun", "nfev", "nit", "success"}]}]}
"""
from __future__ import annotations

import json
import math
import pathlib
import sys

import numpy as np
import optuna
import scipy
from optuna.distributions import FloatDistribution, IntDistribution
from optuna.samplers._tpe.parzen_estimator import _ParzenEstimator, _ParzenEstimatorParameters
from optuna.samplers._tpe.sampler import default_gamma, default_weights
from scipy.optimize import differential_evolution

OUT = pathlib.Path(__file__).resolve().parent / "samplers"
VERSIONS = {"python": sys.version.split()[0], "optuna": optuna.__version__,
            "scipy": scipy.__version__, "numpy": np.__version__}


def clean(x):
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x


def parzen_case(name, low, high, kind, log, observations, points, prior_weight=1.0,
                magic_clip=True, endpoints=False):
    if kind == "integer":
        dist = IntDistribution(int(low), int(high), log=log)
    else:
        dist = FloatDistribution(low, high, log=log)
    params = _ParzenEstimatorParameters(prior_weight=prior_weight, consider_magic_clip=magic_clip,
                                        consider_endpoints=endpoints, weights=default_weights,
                                        multivariate=False)
    obs = np.asarray(observations, dtype=float)
    pe = _ParzenEstimator({"x": obs}, {"x": dist}, params)
    lp = pe.log_pdf({"x": np.asarray(points, dtype=float)})
    return {"name": name, "low": float(low), "high": float(high), "kind": kind, "log": log,
            "prior_weight": prior_weight, "magic_clip": magic_clip, "endpoints": endpoints,
            "observations": [float(v) for v in obs], "points": [float(v) for v in points],
            "log_pdf": [clean(float(v)) for v in lp]}


def parzen_cases():
    rng = np.random.default_rng(20240601)
    cases = []
    grid = lambda lo, hi, n: list(np.linspace(lo, hi, n))
    cases.append(parzen_case("real_linear_7", -5.0, 10.0, "real", False,
                             rng.uniform(-5, 10, 7), grid(-5, 10, 31)))
    cases.append(parzen_case("real_linear_empty", -5.0, 10.0, "real", False, [], grid(-5, 10, 11)))
    cases.append(parzen_case("real_linear_one", 0.0, 1.0, "real", False, [0.3], grid(0, 1, 11)))
    cases.append(parzen_case("real_linear_two", 0.0, 1.0, "real", False, [0.3, 0.35], grid(0, 1, 21)))
    cases.append(parzen_case("real_linear_40_ramp", 0.0, 1.0, "real", False,
                             rng.beta(2, 5, 40), grid(0, 1, 41)))
    cases.append(parzen_case("real_linear_clustered", 0.0, 100.0, "real", False,
                             50 + rng.normal(0, 0.01, 12), [0.0, 10.0, 49.99, 50.0, 50.01, 60.0, 100.0]))
    cases.append(parzen_case("real_log_12", 1e-3, 1.0, "real", True,
                             np.exp(rng.uniform(math.log(1e-3), 0, 12)), list(np.geomspace(1e-3, 1, 25))))
    cases.append(parzen_case("real_endpoints_prior2", -1.0, 1.0, "real", False,
                             rng.uniform(-1, 1, 9), grid(-1, 1, 21), prior_weight=2.0, endpoints=True))
    cases.append(parzen_case("real_no_magic_clip", 0.0, 1.0, "real", False,
                             [0.1, 0.1001, 0.5, 0.9], grid(0, 1, 21), magic_clip=False))
    cases.append(parzen_case("int_9", 2, 50, "integer", False,
                             rng.choice(np.arange(2, 51), 9, replace=False), list(range(2, 51, 3)) + [50]))
    cases.append(parzen_case("int_period_30_ramp", 10, 200, "integer", False,
                             rng.choice(np.arange(10, 201), 30, replace=False), list(range(10, 201, 7)) + [200]))
    cases.append(parzen_case("int_log_14", 1, 1000, "integer", True,
                             rng.choice(np.arange(1, 1001), 14, replace=False),
                             [1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 999, 1000]))
    cases.append(parzen_case("int_small_range", 0, 3, "integer", False, [1, 2, 2, 3], [0, 1, 2, 3]))
    return cases


def gamma_weights():
    ns = [0, 1, 2, 5, 9, 10, 11, 19, 24, 25, 26, 27, 30, 50, 100, 249, 250, 251, 300, 1000]
    return {"gamma": [{"n": n, "gamma": int(default_gamma(n))} for n in ns],
            # weights_hex: float.hex() of each weight, for bit-exact comparison (JSON readers may
            # round decimal numbers by an ulp)
            "weights": [{"n": n, "weights": [float(w) for w in default_weights(n)],
                         "weights_hex": [float(w).hex() for w in default_weights(n)]}
                        for n in [0, 1, 5, 24, 25, 26, 27, 30, 60]]}


def rosenbrock(x):
    return float(sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2))


def sphere(x):
    return float(np.sum(np.asarray(x) ** 2))


def periods(x):
    # a smooth surrogate of a "fast/slow period" backtest score surface, negated (scipy minimises)
    fast, slow = x
    return float((fast - 12.0) ** 2 / 10.0 + (slow - 45.0) ** 2 / 40.0)


def de_problems():
    problems = [
        ("rosenbrock_2d", rosenbrock, [(-2.0, 2.0), (-2.0, 2.0)], [False, False], [1.0, 1.0], 0.0),
        ("sphere_3d", sphere, [(-5.0, 5.0)] * 3, [False, False, False], [0.0, 0.0, 0.0], 0.0),
        ("periods_int_2d", periods, [(2.0, 50.0), (10.0, 200.0)], [True, True], [12.0, 45.0], 0.0),
    ]
    out = []
    for name, f, bounds, integrality, opt_x, opt_f in problems:
        runs = []
        for seed in range(1, 6):
            r = differential_evolution(f, bounds, seed=seed, updating="deferred", polish=False,
                                       integrality=integrality if any(integrality) else None)
            runs.append({"seed": seed, "x": [float(v) for v in r.x], "fun": float(r.fun),
                         "nfev": int(r.nfev), "nit": int(r.nit), "success": bool(r.success)})
        out.append({"name": name, "bounds": [list(b) for b in bounds], "integrality": integrality,
                    "optimum_x": opt_x, "optimum_f": opt_f, "scipy": runs})
    return out


def write(name, payload):
    OUT.mkdir(parents=True, exist_ok=True)
    payload = {"_comment": f"generated by Tests/Fixtures/generate_samplers.py; see its docstring",
               "versions": VERSIONS, **payload}
    (OUT / name).write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    write("parzen_estimator.json", {"cases": parzen_cases()})
    write("tpe_gamma_weights.json", gamma_weights())
    write("differential_evolution.json", {"problems": de_problems()})
    print("wrote", sorted(p.name for p in OUT.glob("*.json")))
