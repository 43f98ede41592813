#!/usr/bin/env python3
"""Every benchmark of the README's performance table, through the workflow path, side by side
with its peer, in one sitting. Writes Benchmarks/results/<date>.json and prints the table.

    python3 Benchmarks/run.py            # from the repository root; builds admf in release first

Peers come from ../shared/bench/setup.sh (vectorbt 1.2.0, numba) plus Optuna. Each admf figure is
a whole `admf run` process (planning, data loading, the phase, the run store, the reports) timed
from outside, with a fresh store; peak memory is the process's ru_maxrss. The machine is shared:
only ratios from one sitting mean anything, which is why everything runs here together.
"""
import datetime, json, os, platform, resource, shutil, statistics, subprocess, sys, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
SHARED = os.path.abspath(os.path.join(ROOT, "..", "shared"))
BUILD = os.environ.get("ADMF_BUILD_DIR", ".build")  # a scratch path of `swift build`
ADMF = os.path.join(ROOT, BUILD, "release", "admf")
os.chdir(ROOT)


def sh(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw)


def timed(args, repeats=1, before=None):
    """Median wall seconds and the largest peak RSS (MB) of `repeats` runs of `args`."""
    walls, peaks = [], []
    for _ in range(repeats):
        if before:
            before()
        with open(os.path.join(ROOT, ".bench-data", "stderr.log"), "w+") as err:
            start = time.perf_counter()
            process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err)
            _, status, usage = os.wait4(process.pid, 0)
            walls.append(time.perf_counter() - start)
            peaks.append(usage.ru_maxrss / 1024)
            if os.waitstatus_to_exitcode(status) != 0:
                err.seek(0)
                sys.exit(f"failed: {' '.join(args)}\n{err.read()}")
    return statistics.median(walls), max(peaks)


def fresh(*paths):
    def clear():
        for path in paths:
            shutil.rmtree(path, ignore_errors=True)
    return clear


def main():
    print("building admf (release)…", flush=True)
    sh(["swift", "build", "-c", "release", "--product", "admf", "--scratch-path", BUILD])
    py = sh([os.path.join(SHARED, "bench", "setup.sh")]).stdout.strip().splitlines()[-1]
    sh([py, "-m", "pip", "install", "-q", "optuna"])
    work = os.path.join(ROOT, ".bench-data")
    os.makedirs(work, exist_ok=True)
    results = {"date": datetime.date.today().isoformat(),
               "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                           "processor": platform.processor() or platform.machine()},
               "benchmarks": {}}
    bench = results["benchmarks"]
    sp500 = os.path.join(SHARED, "data", "sp500_daily.csv")

    # 1. The peer grid (4,263 SMA crossovers on sp500_daily), through the workflow path.
    print("ma grid…", flush=True)
    grid = {}
    for workers in (1, 2):
        out = os.path.join(work, f"admf_grid_{workers}.json")
        sh([ADMF, "bench", "ma-grid", "--csv", sp500, "--out", out, "--workers", str(workers), "--repeats", "5"])
        doc = json.load(open(out))
        wall, peak = timed([ADMF, "run", "Benchmarks/workflows/ma_grid.yaml", "--quiet", "--workers", str(workers)],
                           repeats=3, before=fresh("reports/bench_ma_grid"))
        grid[f"admf_{workers}w"] = {"process_wall_s": wall, "peak_rss_mb": peak,
                                    "runner_wall_s": doc["wall_s"], "phase_wall_s": doc["phase_wall_s"]}
    numba_out = os.path.join(work, "numba.json")
    vbt_out = os.path.join(work, "vbt.json")
    sh([py, os.path.join(SHARED, "bench", "ma_grid_peers.py"), "--csv", sp500, "--impl", "numba", "--out", numba_out])
    sh([py, os.path.join(SHARED, "bench", "ma_grid_peers.py"), "--csv", sp500, "--impl", "vectorbt", "--repeats", "1",
        "--out", vbt_out])
    grid["numba_s"] = json.load(open(numba_out))["wall_s"]
    grid["vectorbt_s"] = json.load(open(vbt_out))["wall_s"]
    agreement = sh(["python3", os.path.join(SHARED, "bench", "compare.py"), os.path.join(work, "admf_grid_1.json"), vbt_out])
    grid["agreement_vs_vectorbt"] = agreement.stdout.strip().splitlines()[-1]
    bench["ma_grid_4263"] = grid

    # 2. 100 combinations on 1,000,000 synthetic one-minute bars.
    print("million bars…", flush=True)
    synthetic = os.path.join(work, "synthetic_1m.csv")
    if not os.path.exists(synthetic):
        sh(["python3", "Benchmarks/peers/synthetic_bars.py", "--bars", "1000000", "--seed", "7", "--out", synthetic])
    million = {}
    for workers in (1, 2):
        wall, peak = timed([ADMF, "run", "Benchmarks/workflows/million_bars.yaml", "--quiet", "--workers", str(workers)],
                           repeats=3, before=fresh("checkpoints/bench_million_bars", "reports/bench_million_bars"))
        million[f"admf_{workers}w"] = {"process_wall_s": wall, "peak_rss_mb": peak}
    fast = ",".join(str(f) for f in range(5, 55, 5))
    slow = ",".join(str(s) for s in range(60, 560, 50))
    peer_out = os.path.join(work, "vbt_million.json")
    start = time.perf_counter()
    sh([py, "Benchmarks/peers/grid_peers.py", "--csv", synthetic, "--fast", fast, "--slow", slow, "--impl", "vectorbt",
        "--out", peer_out])
    peer = json.load(open(peer_out))
    million["vectorbt"] = {"wall_s": peer["wall_s"], "peak_rss_mb": peer["peak_rss_mb"],
                           "process_wall_s": time.perf_counter() - start}
    bench["million_bars_100"] = million

    # 3. The institutional seed's 10,000-trial random search on the six ETFs.
    print("etf random search…", flush=True)
    etf = {}
    for workers in (1, 2):
        wall, peak = timed([ADMF, "run", "Benchmarks/workflows/etf_random_search.yaml", "--quiet", "--workers", str(workers)],
                           repeats=3, before=fresh("checkpoints/bench_etf_random_search", "reports/bench_etf_random_search"))
        etf[f"admf_{workers}w"] = {"process_wall_s": wall, "peak_rss_mb": peak}
    bench["etf_random_search_10k"] = etf

    # 4. TPE overhead per trial, SQLite persistence included, against Optuna in memory and with SQLite.
    print("tpe overhead…", flush=True)
    walls = {}
    for method in ("bayesian", "random"):
        walls[method], _ = timed([ADMF, "run", f"Benchmarks/workflows/tpe_1000_{method}.yaml", "--quiet", "--workers", "1"],
                                 repeats=3, before=fresh(f"checkpoints/bench_tpe_1000_{method}", f"reports/bench_tpe_1000_{method}"))
    tpe = {"admf_bayesian_s": walls["bayesian"], "admf_random_s": walls["random"],
           "admf_overhead_ms_per_trial": (walls["bayesian"] - walls["random"]) / 1000 * 1e3}
    for storage in ("memory", "sqlite"):
        out = os.path.join(work, f"optuna_{storage}.json")
        sh([py, "Benchmarks/optuna_tpe_overhead.py", "--trials", "1000", "--repeats", "3", "--storage", storage, "--out", out])
        tpe[f"optuna_{storage}_ms_per_trial"] = json.load(open(out))["ms_per_trial"]
    bench["tpe_overhead_1000"] = tpe

    # 5. The institutional seed's phase 5 (DE over ensemble weights): captured signals replayed vs
    # every member strategy re-run per trial (same seed ⇒ same trials); phase wall times from the store.
    print("signal replay…", flush=True)
    import sqlite3
    replay = {}
    for variant in ("replay", "rerun"):
        phase_walls = []
        for _ in range(3):
            fresh(f"checkpoints/bench_signal_{variant}", f"reports/bench_signal_{variant}")()
            sh([ADMF, "run", f"Benchmarks/workflows/signal_{variant}.yaml", "--quiet", "--workers", "1"])
            db = sqlite3.connect(f"checkpoints/bench_signal_{variant}/run.sqlite")
            (seconds,) = db.execute("SELECT finished_at - started_at FROM phase WHERE name = 'ensemble_optimization'").fetchone()
            (replay["trials"],) = db.execute("SELECT count(*) FROM trial WHERE phase = 'ensemble_optimization'").fetchone()
            db.close()
            phase_walls.append(seconds)
        replay[f"{variant}_phase_s"] = statistics.median(phase_walls)
    outputs = json.loads(sh([ADMF, "outputs", "Benchmarks/workflows/signal_replay.yaml", "--json"]).stdout)
    captured = outputs["phases"]["signal_capture"]["outputs"]["compressed_signals"]
    replay["compression_ratio"] = captured["compression_ratio"]
    replay["stored_bytes"] = captured["encoded_bytes"]
    replay["dense_bytes"] = captured["dense_bytes"]
    bench["signal_replay_phase5"] = replay

    # 6. A paper session replaying 100,800 one-minute bars, unpaced (decide, size, fill, monitor, journal).
    print("live paper session…", flush=True)
    live = {}
    phase_walls = []
    for _ in range(3):
        fresh("checkpoints/bench_live_paper_minutes", "reports/bench_live_paper_minutes")()
        start = time.perf_counter()
        sh([ADMF, "run", "Benchmarks/workflows/live_paper_minutes.yaml", "--quiet"])
        live.setdefault("process_walls", []).append(time.perf_counter() - start)
        db = sqlite3.connect("checkpoints/bench_live_paper_minutes/run.sqlite")
        (seconds,) = db.execute("SELECT finished_at - started_at FROM phase WHERE name = 'paper'").fetchone()
        db.close()
        phase_walls.append(seconds)
    outputs = json.loads(sh([ADMF, "outputs", "Benchmarks/workflows/live_paper_minutes.yaml", "--json"]).stdout)
    session = outputs["phases"]["paper"]["outputs"]["performance_validation"]["session"]
    live = {"bars": session["bars"], "phase_s": statistics.median(phase_walls),
            "process_wall_s": statistics.median(live["process_walls"])}
    live["us_per_bar"] = live["phase_s"] / live["bars"] * 1e6
    bench["live_paper_minutes"] = live

    os.makedirs("Benchmarks/results", exist_ok=True)
    path = f"Benchmarks/results/{results['date']}.json"
    with open(path, "w") as fh:
        json.dump(results, fh, indent=2)
    print(f"wrote {path}")
    print_table(results)


def print_table(r):
    b = r["benchmarks"]
    g, m, e, t = b["ma_grid_4263"], b["million_bars_100"], b["etf_random_search_10k"], b["tpe_overhead_1000"]
    rows = [
        ("4,263-combo SMA grid, sp500_daily (5,031 bars): `admf run`, 1 worker",
         f"{g['admf_1w']['process_wall_s']:.3f} s", f"vectorbt {g['vectorbt_s']:.1f} s",
         f"{g['vectorbt_s'] / g['admf_1w']['process_wall_s']:.0f}× vectorbt"),
        ("same, 2 workers", f"{g['admf_2w']['process_wall_s']:.3f} s", f"vectorbt {g['vectorbt_s']:.1f} s",
         f"{g['vectorbt_s'] / g['admf_2w']['process_wall_s']:.0f}× vectorbt; {g['admf_1w']['process_wall_s'] / g['admf_2w']['process_wall_s']:.2f}× 1 worker"),
        ("same, the optimisation phase alone, 1 worker", f"{g['admf_1w']['phase_wall_s']:.3f} s", f"numba loop {g['numba_s']:.3f} s",
         f"{g['admf_1w']['phase_wall_s'] / g['numba_s']:.2f}× numba's time"),
        ("same, phase alone, 2 workers", f"{g['admf_2w']['phase_wall_s']:.3f} s", f"numba loop {g['numba_s']:.3f} s",
         f"{g['admf_2w']['phase_wall_s'] / g['numba_s']:.2f}× numba's time"),
        ("100 combos × 1,000,000 synthetic bars, 1 worker",
         f"{m['admf_1w']['process_wall_s']:.2f} s, {m['admf_1w']['peak_rss_mb']:.0f} MB",
         f"vectorbt {m['vectorbt']['wall_s']:.1f} s, {m['vectorbt']['peak_rss_mb']:.0f} MB",
         f"{m['vectorbt']['wall_s'] / m['admf_1w']['process_wall_s']:.0f}× vectorbt"),
        ("same, 2 workers", f"{m['admf_2w']['process_wall_s']:.2f} s, {m['admf_2w']['peak_rss_mb']:.0f} MB", "",
         f"{m['admf_1w']['process_wall_s'] / m['admf_2w']['process_wall_s']:.2f}× 1 worker"),
        ("10,000 random trials, four strategies, six ETFs, 1 worker", f"{e['admf_1w']['process_wall_s']:.2f} s", "", ""),
        ("same, 2 workers", f"{e['admf_2w']['process_wall_s']:.2f} s", "",
         f"{e['admf_1w']['process_wall_s'] / e['admf_2w']['process_wall_s']:.2f}× 1 worker"),
        ("TPE overhead per trial (1,000 trials, SQLite store included)", f"{t['admf_overhead_ms_per_trial']:.2f} ms",
         f"Optuna {t['optuna_memory_ms_per_trial']:.1f} ms in memory, {t['optuna_sqlite_ms_per_trial']:.1f} ms SQLite",
         f"{t['optuna_sqlite_ms_per_trial'] / max(t['admf_overhead_ms_per_trial'], 1e-9):.0f}× less than Optuna+SQLite"),
    ]
    if "signal_replay_phase5" in b:
        s = b["signal_replay_phase5"]
        rows += [
            ("institutional phase 5: DE over ensemble weights, captured signals replayed (phase alone)",
             f"{s['replay_phase_s']:.3f} s", f"re-running the members {s['rerun_phase_s']:.3f} s",
             f"{s['rerun_phase_s'] / s['replay_phase_s']:.2f}× faster"),
            ("captured signals stored (binary, change-point encoded)", f"{s['stored_bytes']:,} bytes",
             f"dense float64 {s['dense_bytes']:,} bytes", f"{s['compression_ratio']:.1f}× smaller"),
        ]
    if "live_paper_minutes" in b:
        p = b["live_paper_minutes"]
        rows.append((f"paper session replaying {p['bars']:,} one-minute bars, unpaced (phase alone)",
                     f"{p['phase_s']:.2f} s ({p['us_per_bar']:.0f} µs a bar)", "", ""))
    print(f"\nMeasured {r['date']} on {r['machine']['cpus']} cores ({r['machine']['processor']}):\n")
    print("| benchmark (whole `admf run` process unless noted) | admf | peer, same sitting | ratio |")
    print("|---|---:|---:|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(f"\nAgreement with vectorbt on the grid: {g['agreement_vs_vectorbt']}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--table":
        print_table(json.load(open(sys.argv[2])))
    else:
        main()
