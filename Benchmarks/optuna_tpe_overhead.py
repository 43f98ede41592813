#!/usr/bin/env python3
"""Per-trial overhead of Optuna's TPESampler (ask + tell), the reference for SamplerBench.

    /work/.venv-samplers/bin/python Benchmarks/optuna_tpe_overhead.py [trials] [repeats]

Same loop as Benchmarks/Sources/SamplerBench/main.swift: objective -(x-0.3)^2 - (y-0.7)^2 on
[0, 1]^2, maximised, 1,000 trials asked and told one at a time through Optuna's ask/tell
interface with an in-memory study. TPESampler(seed=..., multivariate=False) so it runs the same
univariate algorithm as ours (Optuna 5 made multivariate the default); the other settings are
Optuna's defaults (n_startup_trials=10, n_ei_candidates=24, constant_liar=True in Optuna 5).
"""
import statistics
import sys
import time
import warnings

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)
warnings.filterwarnings("ignore")

trials = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
per_trial = []
for r in range(repeats):
    sampler = optuna.samplers.TPESampler(seed=r + 1, multivariate=False)
    study = optuna.create_study(direction="maximize", sampler=sampler)
    best = float("-inf")
    start = time.perf_counter()
    for _ in range(trials):
        trial = study.ask()
        x = trial.suggest_float("x", 0.0, 1.0)
        y = trial.suggest_float("y", 0.0, 1.0)
        score = -((x - 0.3) ** 2 + (y - 0.7) ** 2)
        best = max(best, score)
        study.tell(trial, score)
    seconds = time.perf_counter() - start
    per_trial.append(seconds / trials * 1e6)
    print(f"run {r + 1}: {seconds:.3f} s total, {seconds / trials * 1e6:.1f} µs/trial, best {best:.3e}")
print(f"Optuna {optuna.__version__} TPESampler: median {statistics.median(per_trial):.1f} µs/trial "
      f"over {trials} trials ({repeats} runs)")
