import ADMFTestSupport
@testable import Analysis
import Foundation
import Testing

/// Peaks-over-threshold fits against Tests/Fixtures/analysis/tail_gpd.json
/// (scipy.stats.genpareto.fit polished to the score's zero; delta-method interval).
@Suite("Generalized Pareto tail")
struct TailGPDTests {
    static let file = "analysis/tail_gpd.json"

    struct Case {
        let object: [String: Any]
        func double(_ key: String) throws -> Double { try #require(Fixtures.double(object[key]), "\(key)") }
        func doubles(_ key: String) throws -> [Double] { try #require(Fixtures.doubles(object[key]), "\(key)") }
    }

    static var names: [String] {
        guard let root = try? Fixtures.object(file), let list = root["cases"] as? [[String: Any]] else { return [] }
        return list.compactMap { $0["name"] as? String }
    }

    private func load(_ name: String) throws -> (Case, probabilities: [Double], level: Double) {
        let root = try Fixtures.object(Self.file)
        let list = try #require(root["cases"] as? [[String: Any]])
        let item = try #require(list.first { ($0["name"] as? String) == name })
        let probabilities = try #require(Fixtures.doubles(root["probabilities"]))
        let level = try #require(Fixtures.double(root["level"]))
        return (Case(object: item), probabilities, level)
    }

    private func fit(_ c: Case) throws -> GeneralizedParetoFit {
        let losses = try c.doubles("losses")
        if let q = Fixtures.double(c.object["threshold_quantile"]), !q.isNaN {
            return GeneralizedParetoFit.fit(losses: losses, thresholdQuantile: q)
        }
        return GeneralizedParetoFit.fit(losses: losses, threshold: try c.double("threshold"))
    }

    @Test("fixture lists every case")
    func fixtureLoads() {
        #expect(Self.names == ["aapl_daily", "msft_daily", "student_t4", "gpd_short_tail", "exponential"])
    }

    @Test("fit, quantiles, shortfall and interval agree with scipy to 1e-6", arguments: names)
    func agrees(name: String) throws {
        let (c, probabilities, level) = try load(name)
        let tail = try fit(c)
        #expect(tail.status == .fitted)
        #expect(Tolerance.agree(tail.threshold, try c.double("threshold"), relative: 1e-14))
        #expect(Double(tail.exceedances) == (try c.double("exceedances")))
        let tolerance = 1e-6
        func check(_ actual: Double, _ expected: Double, _ label: String) {
            #expect(Tolerance.agree(actual, expected, relative: tolerance, absolute: 1e-12),
                    "\(name) \(label): \(actual) != \(expected)")
        }
        check(tail.shape, try c.double("shape"), "shape")
        check(tail.scale, try c.double("scale"), "scale")
        check(tail.logLikelihood, try c.double("log_likelihood"), "log likelihood")
        for (index, value) in try c.doubles("covariance").enumerated() {
            check(tail.covariance[index], value, "covariance[\(index)]")
        }
        // scipy's unpolished Nelder–Mead optimum is within ~1e-3.
        #expect(abs(tail.shape - (try c.double("scipy_shape"))) <= 1e-3)
        #expect(Tolerance.agree(tail.scale, try c.double("scipy_scale"), relative: 1e-3))
        let quantiles = try c.doubles("quantile")
        let shortfalls = try c.doubles("expected_shortfall")
        let lower = try c.doubles("interval_lower")
        let upper = try c.doubles("interval_upper")
        for (index, p) in probabilities.enumerated() {
            check(tail.quantile(p), quantiles[index], "quantile \(p)")
            check(tail.expectedShortfall(p), shortfalls[index], "ES \(p)")
            let interval = tail.quantileInterval(p, level: level)
            check(interval.lower, lower[index], "lower \(p)")
            check(interval.upper, upper[index], "upper \(p)")
            #expect(interval.lower < tail.quantile(p) && tail.quantile(p) < interval.upper)
            #expect(tail.expectedShortfall(p) > tail.quantile(p))
        }
    }

    @Test("the fit is deterministic")
    func deterministic() throws {
        let (c, _, _) = try load("student_t4")
        #expect(try fit(c) == (try fit(c)))
    }

    @Test("ξ near 0: the quantile and its interval are continuous through the limit")
    func zeroShapeLimit() {
        let base = GeneralizedParetoFit(
            status: .fitted, threshold: 0.02, shape: 0, scale: 0.01, exceedances: 50, observations: 1000,
            logLikelihood: 0, covariance: [0.01, -0.0001, 1e-6])
        var nearby = base
        nearby.shape = 1e-9
        // ξ = 0: u − β log(n(1 − p)/N_u) = 0.02 − 0.01·log(0.2).
        #expect(Tolerance.agree(base.quantile(0.99), 0.02 - 0.01 * log(0.2), relative: 1e-14))
        #expect(Tolerance.agree(base.quantile(0.99), nearby.quantile(0.99), relative: 1e-8))
        let a = base.quantileInterval(0.99)
        let b = nearby.quantileInterval(0.99)
        #expect(Tolerance.agree(a.lower, b.lower, relative: 1e-7) && Tolerance.agree(a.upper, b.upper, relative: 1e-7))
        #expect(Tolerance.agree(GeneralizedParetoFit.quantileShapeFactor(0.05),
                                (0.05 * 1.0512710963760241 - 0.05127109637602412) / 0.0025, relative: 1e-12))
        // ES: (VaR + β − ξu)/(1 − ξ) = VaR + β at ξ = 0.
        #expect(Tolerance.agree(base.expectedShortfall(0.99), base.quantile(0.99) + 0.01, relative: 1e-14))
    }

    @Test("likelihood helpers' series match the closed forms")
    func seriesMatch() {
        for t in [-0.099, -0.05, 0.03, 0.0999] {
            let closedA = (log1p(t) - t / (1 + t)) / (t * t)
            let closedB = (-2 * log1p(t) + 2 * t / (1 + t) + t * t / ((1 + t) * (1 + t))) / (t * t * t)
            #expect(Tolerance.agree(GeneralizedParetoLikelihood.a(t), closedA, relative: 1e-9))
            #expect(Tolerance.agree(GeneralizedParetoLikelihood.b(t), closedB, relative: 1e-6))
        }
        #expect(GeneralizedParetoLikelihood.a(0) == 0.5)
        #expect(Tolerance.agree(GeneralizedParetoLikelihood.b(0), -2.0 / 3, relative: 1e-15))
    }

    @Test("degenerate input gives a typed status and NaN")
    func degenerate() {
        let few = GeneralizedParetoFit.fit(losses: (1...100).map { Double($0) }, threshold: 95)
        #expect(few.status == .tooFewExceedances && few.exceedances == 5 && few.shape.isNaN)
        #expect(few.quantile(0.999).isNaN && few.expectedShortfall(0.999).isNaN)
        #expect(few.quantileInterval(0.999).lower.isNaN)
        let constant = GeneralizedParetoFit.fit(losses: Array(repeating: 0.05, count: 50), threshold: 0.01)
        #expect(constant.status == .constantExcesses && constant.scale.isNaN)
        let flat = GeneralizedParetoFit.fit(losses: Array(repeating: 0.05, count: 50), thresholdQuantile: 0.9)
        #expect(flat.status == .tooFewExceedances && flat.exceedances == 0)
        #expect(GeneralizedParetoFit.fit(losses: [0.1, .nan], threshold: 0).status == .invalidInput)
        #expect(GeneralizedParetoFit.fit(losses: [0.1, 0.2], threshold: .infinity).status == .invalidInput)
        #expect(GeneralizedParetoFit.fit(losses: [], thresholdQuantile: 0.95).status == .invalidInput)
    }

    @Test("quantile below the threshold's probability is NaN")
    func belowThreshold() throws {
        let (c, _, _) = try load("student_t4")
        let tail = try fit(c)
        #expect(tail.quantile(0.9).isNaN)   // 1 − N_u/n = 0.95
        #expect(tail.quantile(1).isNaN)
        #expect(Tolerance.agree(tail.quantile(0.95), tail.threshold, relative: 1e-12))
    }
}
