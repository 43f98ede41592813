import ADMFTestSupport
import Optimization
import Strategies
import Testing

/// Agreement with Optuna 5 and SciPy (fixtures from Tests/Fixtures/generate_samplers.py).
@Suite("Samplers against Optuna and SciPy")
struct SamplerFixtureTests {
    @Test("Parzen estimator log-pdf matches Optuna's _ParzenEstimator to 1e-9 relative")
    func parzen() throws {
        let root = try Fixtures.object("samplers/parzen_estimator.json")
        let cases = try #require(root["cases"] as? [[String: Any]])
        #expect(cases.count >= 10)
        for c in cases {
            let name = c["name"] as? String ?? "?"
            let kind: ParameterSpec.Kind = (c["kind"] as? String) == "integer" ? .integer : .real
            let parameter = SamplerParameter(
                name: "x", low: try #require(Fixtures.double(c["low"])), high: try #require(Fixtures.double(c["high"])),
                kind: kind, log: c["log"] as? Bool ?? false)
            let estimator = ParzenEstimator(
                observations: try #require(Fixtures.doubles(c["observations"])), parameter: parameter,
                priorWeight: try #require(Fixtures.double(c["prior_weight"])),
                magicClip: c["magic_clip"] as? Bool ?? true, endpoints: c["endpoints"] as? Bool ?? false)
            let points = try #require(Fixtures.doubles(c["points"]))
            let expected = try #require(Fixtures.doubles(c["log_pdf"]))
            let ours = points.map { estimator.logPDF($0) }
            #expect(Tolerance.firstMismatch(ours, expected, relative: 1e-9, absolute: 1e-12, label: name) == nil)
        }
    }

    @Test("default_gamma and default_weights equal Optuna's exactly")
    func gammaWeights() throws {
        let root = try Fixtures.object("samplers/tpe_gamma_weights.json")
        for row in try #require(root["gamma"] as? [[String: Any]]) {
            let n = try #require(row["n"] as? Int)
            #expect(TPEConfig.defaultGamma(n) == row["gamma"] as? Int, "gamma(\(n))")
        }
        for row in try #require(root["weights"] as? [[String: Any]]) {
            let n = try #require(row["n"] as? Int)
            let hex = try #require(row["weights_hex"] as? [String])
            #expect(TPEConfig.defaultWeights(n) == hex.compactMap { Double($0) }, "weights(\(n))")
        }
    }

    @Test("DE reaches the optima SciPy reaches (Rosenbrock-2D, sphere-3D, integer periods)")
    func differentialEvolution() throws {
        let root = try Fixtures.object("samplers/differential_evolution.json")
        let problems = try #require(root["problems"] as? [[String: Any]])
        for problem in problems {
            let name = try #require(problem["name"] as? String)
            let bounds = try #require(problem["bounds"] as? [[Double]])
            let integral = try #require(problem["integrality"] as? [Bool])
            let optimum = try #require(Fixtures.doubles(problem["optimum_x"]))
            let runs = try #require(problem["scipy"] as? [[String: Any]])
            let scipyNfev = runs.compactMap { $0["nfev"] as? Int }
            for run in runs {  // SciPy itself got there
                let x = try #require(Fixtures.doubles(run["x"]))
                for (a, b) in zip(x, optimum) { #expect(abs(a - b) < 1e-3, "scipy \(name)") }
            }
            let parameters = bounds.enumerated().map { j, b in
                SamplerParameter(name: "x\(j)", low: b[0], high: b[1], kind: integral[j] ? .integer : .real)
            }
            let f: ([Double]) -> Double
            switch name {
            case "rosenbrock_2d": f = { x in 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + (1 - x[0]) * (1 - x[0]) }
            case "sphere_3d": f = { x in x.reduce(0) { $0 + $1 * $1 } }
            default: f = { x in (x[0] - 12) * (x[0] - 12) / 10 + (x[1] - 45) * (x[1] - 45) / 40 }
            }
            var nfevs: [Int] = []
            for seed in UInt64(1)...5 {
                var de = DifferentialEvolution(parameters: parameters, seed: seed, stream: name)
                while !de.isFinished {
                    let batch = de.ask()
                    de.tell(batch.map { p in -f(parameters.map { p[$0.name]! }) })
                }
                #expect(de.isConverged, "\(name) seed \(seed) converged")
                let best = try #require(de.best)
                let x = parameters.map { best.parameters[$0.name]! }
                for (a, b) in zip(x, optimum) {
                    #expect(abs(a - b) < (name == "periods_int_2d" ? 0.5 : 2e-2), "\(name) seed \(seed): \(x)")
                }
                #expect(best.score > -1e-3, "\(name) seed \(seed): \(best.score)")
                nfevs.append(de.evaluations)
            }
            // Same algorithm, same budget scale: mean evaluations within a factor 2 of SciPy's.
            let ours = Double(nfevs.reduce(0, +)) / 5, theirs = Double(scipyNfev.reduce(0, +)) / 5
            print("DE \(name): mean nfev ours \(ours) vs scipy \(theirs)")
            #expect(ours < 2 * theirs && ours > theirs / 2, "\(name): nfev ours \(ours) vs scipy \(theirs)")
        }
    }
}
