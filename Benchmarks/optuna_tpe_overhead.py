#!/usr/bin/env python3
"""Per-trial overhead of Optuna's TPESampler (ask + tell), the peer of admf's TPE overhead.

    $PY Benchmarks/optuna_tpe_overhead.py [--trials 1000] [--repeats 3] [--space sma|unit] [--storage memory|sqlite]

`--space sma` (default) searches the integers fast_period 2…50 and slow_period 10…200 with
fast < slow as a constraint (infeasible points told as failures), the space of
Benchmarks/workflows/tpe_1000_bayesian.yaml; `--space unit` is [0, 1]² with
-(x-0.3)² - (y-0.7)² as in SamplerBench. The objective costs nothing, so the time is the
sampler's and the storage's. TPESampler(seed=..., multivariate=False) runs the same univariate
algorithm as ADMF (Optuna 5 made multivariate the default); other settings are Optuna's
defaults (n_startup_trials=10, n_ei_candidates=24, constant_liar=True in Optuna 5).
`--storage sqlite` keeps the study in a fresh SQLite file, as a resumable search must.
"""
import argparse, json, os, statistics, tempfile, time, warnings

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)
warnings.filterwarnings("ignore")

ap = argparse.ArgumentParser()
ap.add_argument("--trials", type=int, default=1000)
ap.add_argument("--repeats", type=int, default=3)
ap.add_argument("--space", choices=["sma", "unit"], default="sma")
ap.add_argument("--storage", choices=["memory", "sqlite"], default="memory")
ap.add_argument("--out")
a = ap.parse_args()
per_trial = []
for r in range(a.repeats):
    storage = None
    if a.storage == "sqlite":
        storage = f"sqlite:///{tempfile.mkdtemp()}/optuna.db"
    sampler = optuna.samplers.TPESampler(seed=r + 1, multivariate=False)
    study = optuna.create_study(direction="maximize", sampler=sampler, storage=storage)
    start = time.perf_counter()
    for _ in range(a.trials):
        trial = study.ask()
        if a.space == "sma":
            f = trial.suggest_int("fast_period", 2, 50)
            s = trial.suggest_int("slow_period", 10, 200)
            if f >= s:
                study.tell(trial, state=optuna.trial.TrialState.FAIL)
                continue
            score = -abs(f - 12) - abs(s - 80) / 10
        else:
            x = trial.suggest_float("x", 0.0, 1.0)
            y = trial.suggest_float("y", 0.0, 1.0)
            score = -((x - 0.3) ** 2 + (y - 0.7) ** 2)
        study.tell(trial, score)
    seconds = time.perf_counter() - start
    per_trial.append(seconds / a.trials * 1e3)
    print(f"run {r + 1}: {seconds:.3f} s, {seconds / a.trials * 1e3:.2f} ms/trial")
median = statistics.median(per_trial)
print(f"Optuna {optuna.__version__} TPE ({a.space}, {a.storage}): median {median:.2f} ms/trial over {a.trials} trials")
if a.out:
    with open(a.out, "w") as fh:
        json.dump(dict(impl="optuna", version=optuna.__version__, space=a.space, storage=a.storage,
                       trials=a.trials, ms_per_trial=median, runs_ms=per_trial), fh)
