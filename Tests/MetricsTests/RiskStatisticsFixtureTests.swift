import ADMFTestSupport
import Metrics
import Testing

/// Cornish–Fisher VaR/ES and Gaussian ES against Tests/Fixtures/metrics/risk_statistics.json
/// (scipy moments; PerformanceAnalytics' formulas transcribed in generate_risk.py).
@Suite("Parametric and modified VaR / ES")
struct RiskStatisticsFixtureTests {
    static let file = "metrics/risk_statistics.json"

    static var names: [String] {
        guard let root = try? Fixtures.object(file), let list = root["series"] as? [[String: Any]] else { return [] }
        return list.compactMap { $0["name"] as? String }
    }

    private func series(_ name: String) throws -> (returns: [Double], expected: [String: Any]) {
        let root = try Fixtures.object(Self.file)
        let list = try #require(root["series"] as? [[String: Any]])
        let item = try #require(list.first { ($0["name"] as? String) == name })
        let returns = try #require(Fixtures.doubles(item["returns"]))
        let expected = try #require(item["expected"] as? [String: Any])
        return (returns, expected)
    }

    @Test("fixture lists every series")
    func fixtureLoads() {
        #expect(Self.names == ["aapl_daily", "msft_daily", "student_t4", "short_5"])
    }

    @Test("agree with the references to 1e-9", arguments: names)
    func agree(name: String) throws {
        let (r, expected) = try series(name)
        for (confidence, tag) in [(0.95, "95"), (0.99, "99")] {
            let pairs: [(String, Double)] = [
                ("cornish_fisher_var_\(tag)", CornishFisherValueAtRisk.compute(r, confidence: confidence)),
                ("cornish_fisher_es_\(tag)", CornishFisherConditionalValueAtRisk.compute(r, confidence: confidence)),
                ("gaussian_es_\(tag)", GaussianConditionalValueAtRisk.compute(r, confidence: confidence)),
            ]
            for (key, actual) in pairs {
                let reference = try #require(Fixtures.double(expected[key]), "\(name) \(key)")
                #expect(Tolerance.agree(actual, reference, relative: 1e-9), "\(name) \(key): \(actual) != \(reference)")
            }
        }
        #expect(CornishFisherValueAtRisk.compute(r) == CornishFisherValueAtRisk.compute(r, confidence: 0.95))
        #expect(GaussianConditionalValueAtRisk.compute(r) == GaussianConditionalValueAtRisk.compute(r, confidence: 0.95))
    }

    @Test("orderings: ES at or below VaR")
    func orderings() throws {
        for name in Self.names {
            let r = try series(name).returns
            for c in [0.9, 0.95, 0.99] {
                #expect(CornishFisherConditionalValueAtRisk.compute(r, confidence: c)
                    <= CornishFisherValueAtRisk.compute(r, confidence: c))
                #expect(GaussianConditionalValueAtRisk.compute(r, confidence: c)
                    < GaussianValueAtRisk.compute(r, confidence: c))
            }
        }
    }

    @Test("hand-checked Gaussian ES and a symmetric sample's Cornish–Fisher VaR")
    func handChecked() {
        // [−1, 1]: μ = 0, sample σ = √2; φ(Φ⁻¹(0.05)) = 0.10313564037537128.
        let es = GaussianConditionalValueAtRisk.compute([-1.0, 1.0], confidence: 0.95)
        #expect(Tolerance.agree(es, -(2.0).squareRoot() * 0.10313564037537128 / 0.05, relative: 1e-12))
        // [−1, 1]: S = 0, K = 1 − 3 = −2, σ = 1 (population); z = −1.6448536269514722.
        let z = -1.6448536269514722
        let zcf = z + (z * z * z - 3 * z) * (-2) / 24
        #expect(Tolerance.agree(CornishFisherValueAtRisk.compute([-1.0, 1.0], confidence: 0.95), zcf, relative: 1e-12))
    }

    @Test("degenerate input gives NaN")
    func degenerate() {
        #expect(CornishFisherValueAtRisk.compute([Double]()).isNaN)
        #expect(CornishFisherValueAtRisk.compute([0.01, 0.01, 0.01]).isNaN)
        #expect(CornishFisherValueAtRisk.compute([0.01, -0.02], confidence: 1.5).isNaN)
        #expect(CornishFisherValueAtRisk.compute([0.01, -0.02], confidence: 1).isNaN)
        #expect(CornishFisherConditionalValueAtRisk.compute([0.02, 0.02]).isNaN)
        #expect(CornishFisherConditionalValueAtRisk.compute([0.01, -0.02], confidence: -0.1).isNaN)
        #expect(GaussianConditionalValueAtRisk.compute([0.01]).isNaN)
        #expect(GaussianConditionalValueAtRisk.compute([0.01, -0.02], confidence: 0).isNaN)
        #expect(GaussianConditionalValueAtRisk.compute([0.01, 0.01, 0.01]) == 0.01)
    }
}
