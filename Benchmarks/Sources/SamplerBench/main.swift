// Per-trial overhead of the TPE sampler (ask + tell), to compare with Optuna's TPESampler
// (Benchmarks/optuna_tpe_overhead.py runs the same loop). Objective: −(x−0.3)² − (y−0.7)²
// on [0, 1]², 1,000 trials asked and told one at a time, default TPEConfig (Optuna's defaults,
// univariate). Usage: SamplerBench [trials] [repeats]
import Foundation
import Optimization

let arguments = CommandLine.arguments
let trials = arguments.count > 1 ? Int(arguments[1]) ?? 1000 : 1000
let repeats = arguments.count > 2 ? Int(arguments[2]) ?? 3 : 3
let parameters = [SamplerParameter(name: "x", low: 0, high: 1), SamplerParameter(name: "y", low: 0, high: 1)]

func run(seed: UInt64) -> (seconds: Double, best: Double) {
    var sampler = TPESampler(parameters: parameters, seed: seed, stream: "bench")
    var best = -Double.infinity
    let clock = ContinuousClock()
    let elapsed = clock.measure {
        for _ in 0..<trials {
            let p = sampler.ask(count: 1)[0]
            let x = p["x"]!, y = p["y"]!
            let score = -((x - 0.3) * (x - 0.3) + (y - 0.7) * (y - 0.7))
            best = max(best, score)
            sampler.tell([(parameters: p, score: score)])
        }
    }
    let c = elapsed.components
    return (Double(c.seconds) + Double(c.attoseconds) * 1e-18, best)
}

var perTrial: [Double] = []
for r in 0..<repeats {
    let (seconds, best) = run(seed: UInt64(r + 1))
    perTrial.append(seconds / Double(trials) * 1e6)
    print(String(format: "run %d: %.3f s total, %.1f µs/trial, best %.3e", r + 1, seconds, seconds / Double(trials) * 1e6, best))
}
perTrial.sort()
print(String(format: "ADMF TPESampler: median %.1f µs/trial over %d trials (%d runs)", perTrial[perTrial.count / 2], trials, repeats))
