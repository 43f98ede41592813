import Foundation
import Optimization
import Strategies
import Testing

private func smooth(_ p: [String: Double]) -> Double {
    let x = p["x"]!, y = p["y"]!
    return -((x - 0.3) * (x - 0.3) + (y - 0.7) * (y - 0.7))
}

private let xy = [SamplerParameter(name: "x", low: 0, high: 1), SamplerParameter(name: "y", low: 0, high: 1)]

private func runTPE(seed: UInt64, trials: Int, batch: Int, config: TPEConfig = .init(),
                    parameters: [SamplerParameter] = xy, objective: ([String: Double]) -> Double = smooth)
    -> (proposals: [[String: Double]], best: Double)
{
    var sampler = TPESampler(parameters: parameters, config: config, seed: seed, stream: "test")
    var all: [[String: Double]] = []
    var best = -Double.infinity
    while all.count < trials {
        let asked = sampler.ask(count: min(batch, trials - all.count))
        // evaluate "in parallel": any order, results told in index order
        let scores = asked.reversed().map(objective).reversed()
        sampler.tell(Array(zip(asked, scores)).map { (parameters: $0.0, score: $0.1) })
        all += asked
        best = max(best, scores.max() ?? best)
    }
    return (all, best)
}

@Suite("TPE and differential evolution")
struct SamplerTests {
    @Test("TPE: same seed and schedule give identical proposals; another seed differs")
    func tpeDeterminism() {
        let a = runTPE(seed: 7, trials: 40, batch: 4).proposals
        let b = runTPE(seed: 7, trials: 40, batch: 4).proposals
        let c = runTPE(seed: 8, trials: 40, batch: 4).proposals
        #expect(a == b)
        #expect(a != c)
    }

    @Test("TPE: a batch asked at once or in pieces is the same (constant liar sees all pending)")
    func tpeBatchSplit() {
        // 4 batches of 8, each batch asked as ask(8) vs ask(3)+ask(5): identical.
        var whole = TPESampler(parameters: xy, seed: 3, stream: "s")
        var pieces = TPESampler(parameters: xy, seed: 3, stream: "s")
        for _ in 0..<4 {
            let a = whole.ask(count: 8)
            let b = pieces.ask(count: 3) + pieces.ask(count: 5)
            #expect(a == b)
            let results = a.map { (parameters: $0, score: smooth($0)) }
            whole.tell(results)
            pieces.tell(results)
        }
        #expect(whole.observations == 32 && whole.pendingCount == 0)
        // 1×32 vs 4×8 differ by design (after the 10 startup trials the 4×8 schedule learns),
        // but each schedule is reproducible:
        #expect(runTPE(seed: 3, trials: 32, batch: 32).proposals == runTPE(seed: 3, trials: 32, batch: 32).proposals)
        #expect(runTPE(seed: 3, trials: 32, batch: 8).proposals == runTPE(seed: 3, trials: 32, batch: 8).proposals)
        // The first 8 (random startup) are shared by both schedules.
        #expect(Array(runTPE(seed: 3, trials: 32, batch: 32).proposals.prefix(8))
                == Array(runTPE(seed: 3, trials: 32, batch: 8).proposals.prefix(8)))
    }

    @Test("TPE: constant liar spreads a pending batch; without it a batch repeats itself")
    func constantLiar() {
        var sampler = TPESampler(parameters: xy, seed: 5, stream: "cl")
        sampler.tell(sampler.ask(count: 20).map { (parameters: $0, score: smooth($0)) })
        let liar = sampler.ask(count: 6)
        var config = TPEConfig()
        config.constantLiar = false
        var plain = TPESampler(parameters: xy, config: config, seed: 5, stream: "cl")
        plain.tell(plain.ask(count: 20).map { (parameters: $0, score: smooth($0)) })
        let noLiar = plain.ask(count: 6)
        #expect(Set(liar.map { [$0["x"]!, $0["y"]!] }).count == 6)
        #expect(liar[0] == noLiar[0])  // nothing pending for the first: same model, same stream
        #expect(liar != noLiar)
    }

    @Test("TPE respects bounds, integers and log scale")
    func tpeBounds() {
        let parameters = [
            SamplerParameter(name: "fast", low: 2, high: 50, kind: .integer),
            SamplerParameter(name: "slow", low: 10.5, high: 200.2, kind: .integer, log: true),
            SamplerParameter(name: "threshold", low: 0.001, high: 0.1, kind: .real, log: true),
            SamplerParameter(name: "z", low: -3, high: 3),
        ]
        let objective: ([String: Double]) -> Double = { p in
            let a: Double = abs(p["fast"]! - 10)
            let b: Double = abs(Foundation.log(p["slow"]!) - Foundation.log(60.0))
            let c: Double = abs(Foundation.log(p["threshold"]!) - Foundation.log(0.01))
            let z: Double = p["z"]!
            return -a - b - c - z * z
        }
        let proposals = runTPE(seed: 11, trials: 120, batch: 5, parameters: parameters, objective: objective).proposals
        for p in proposals {
            #expect(p["fast"]!.rounded() == p["fast"]! && (2...50).contains(p["fast"]!))
            #expect(p["slow"]!.rounded() == p["slow"]! && (11...200).contains(p["slow"]!))
            #expect((0.001...0.1).contains(p["threshold"]!))
            #expect((-3...3).contains(p["z"]!))
        }
        // log scale: about half the draws of the startup below the geometric midpoint 0.01
        let small = proposals.filter { $0["threshold"]! < 0.01 }.count
        #expect(small > 20)
        #expect(Set(proposals.map { $0["fast"]! }).count > 10)
    }

    @Test("TPE beats random search on a smooth 2-D function (mean best of 60 trials, 20 seeds)")
    func tpeBeatsRandom() {
        var tpe = 0.0, random = 0.0
        var randomConfig = TPEConfig()
        randomConfig.startupTrials = 1_000_000  // pure Optuna-style random sampling
        for seed in UInt64(1)...20 {
            tpe += runTPE(seed: seed, trials: 60, batch: 1).best
            random += runTPE(seed: seed, trials: 60, batch: 1, config: randomConfig).best
        }
        #expect(tpe / 20 > random / 20, "TPE \(tpe / 20) vs random \(random / 20)")
        #expect(tpe / 20 > -2e-3)
    }

    @Test("TPE handles failed trials and a feasibility predicate")
    func tpeFailuresAndConstraints() {
        let parameters = [SamplerParameter(name: "fast", low: 2, high: 50, kind: .integer),
                          SamplerParameter(name: "slow", low: 10, high: 200, kind: .integer)]
        var sampler = TPESampler(parameters: parameters, seed: 1, stream: "c",
                                 feasible: { $0["fast"]! < $0["slow"]! })
        for round in 0..<10 {
            let asked = sampler.ask(count: 6)
            for p in asked { #expect(p["fast"]! < p["slow"]!) }
            sampler.tell(asked.enumerated().map { i, p in
                (parameters: p, score: (i + round) % 5 == 0 ? .nan : -abs(p["fast"]! - 20) - abs(p["slow"]! - 25))
            })
        }
        #expect(sampler.observations == 60)
        #expect(sampler.best != nil && sampler.best!.score.isFinite)
    }

    @Test("DE: deterministic, bounded, integer-rounded; converges on the sphere")
    func deBasics() {
        let parameters = [SamplerParameter(name: "a", low: -5, high: 5), SamplerParameter(name: "b", low: -5, high: 5),
                          SamplerParameter(name: "n", low: 1, high: 9, kind: .integer)]
        func run(_ seed: UInt64) -> (history: [[String: Double]], de: DifferentialEvolution) {
            var de = DifferentialEvolution(parameters: parameters, config: DEConfig(populationSize: 30, generations: 300),
                                           seed: seed, stream: "de")
            var history: [[String: Double]] = []
            while !de.isFinished {
                let batch = de.ask()
                #expect(de.ask() == batch)  // idempotent until told
                #expect(batch.count == 30)
                history += batch
                de.tell(batch.map { -($0["a"]! * $0["a"]! + $0["b"]! * $0["b"]! + ($0["n"]! - 4) * ($0["n"]! - 4)) })
            }
            return (history, de)
        }
        var (h1, de) = run(42)
        let (h2, _) = run(42)
        #expect(h1 == h2)
        #expect(h1 != run(43).history)
        for p in h1 {
            #expect((-5...5).contains(p["a"]!) && (-5...5).contains(p["b"]!))
            #expect(p["n"]!.rounded() == p["n"]! && (1...9).contains(p["n"]!))
        }
        #expect(de.isConverged && de.generation < 300)
        let best = de.best!
        #expect(abs(best.parameters["a"]!) < 0.05 && abs(best.parameters["b"]!) < 0.05 && best.parameters["n"] == 4)
        #expect(de.ask().isEmpty)
    }

    @Test("DE: infeasible vectors lose to feasible ones (Deb's rule)")
    func deConstraints() {
        let parameters = [SamplerParameter(name: "fast_period", low: 2, high: 50, kind: .integer),
                          SamplerParameter(name: "slow_period", low: 10, high: 200, kind: .integer)]
        var de = DifferentialEvolution(parameters: parameters, config: DEConfig(populationSize: 20, generations: 200),
                                       seed: 9, stream: "c", feasible: { $0["fast_period"]! < $0["slow_period"]! })
        // optimum of the unconstrained surface lies in the infeasible region (fast ≥ slow)
        while !de.isFinished {
            let batch = de.ask()
            let ok = de.pendingFeasibility
            de.tell(zip(batch, ok).map { p, feasible in
                feasible ? -abs(p["fast_period"]! - 40) - abs(p["slow_period"]! - 12) : .nan
            })
        }
        let best = de.best!
        #expect(best.parameters["fast_period"]! < best.parameters["slow_period"]!)
        // constrained optimum: fast + ... minimise |f−40| + |s−12| with f < s ⇒ score −28 (e.g. f=s−1)
        #expect(best.score >= -29)
    }
}
