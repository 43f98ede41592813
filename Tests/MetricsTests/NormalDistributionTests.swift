import ADMFTestSupport
import Metrics
import Testing

@Suite("NormalDistribution against scipy.stats.norm")
struct NormalDistributionTests {
    private let file = "metrics/normal_distribution.json"

    private func pairs(_ section: String, _ input: String, _ output: String) throws -> [(Double, Double)] {
        let root = try Fixtures.object(file)
        let object = try #require(root[section] as? [String: Any])
        let inputs = try #require(Fixtures.doubles(object[input]))
        let outputs = try #require(Fixtures.doubles(object[output].map { value -> Any in
            // ±∞ are written as strings.
            guard let array = value as? [Any] else { return value }
            return array.map { element -> Any in
                if let text = element as? String { return text == "inf" ? Double.infinity : -Double.infinity }
                return element
            }
        }))
        #expect(inputs.count == outputs.count)
        return Array(zip(inputs, outputs))
    }

    @Test("quantile = norm.ppf to 1e-9 relative, including both tails and 0, 1")
    func quantile() throws {
        for (p, x) in try pairs("quantile", "p", "x") {
            let ours = NormalDistribution.quantile(p)
            #expect(Tolerance.agree(ours, x, relative: 1e-9), "quantile(\(p)) = \(ours), scipy \(x)")
        }
    }

    @Test("cdf = norm.cdf and pdf = norm.pdf")
    func cdfAndPdf() throws {
        for (x, p) in try pairs("cdf", "x", "p") {
            let ours = NormalDistribution.cdf(x)
            #expect(Tolerance.agree(ours, p, relative: 1e-12, absolute: 0), "cdf(\(x)) = \(ours), scipy \(p)")
        }
        for (x, density) in try pairs("pdf", "x", "density") {
            let ours = NormalDistribution.pdf(x)
            #expect(Tolerance.agree(ours, density, relative: 1e-12, absolute: 0), "pdf(\(x)) = \(ours)")
        }
    }

    @Test("quantile inverts cdf to full precision across (0, 1)")
    func roundTrip() {
        var p = 1e-12
        while p < 1 {
            let x = NormalDistribution.quantile(p)
            let back = NormalDistribution.cdf(x)
            let tolerance = 1e-13 * min(p, 1 - p) + 1e-16
            #expect(abs(back - p) <= max(tolerance, 4 * p.ulp), "p = \(p): cdf(quantile) = \(back)")
            if p >= 1e-3 {  // 1 − p is rounded; only where that costs < 1e-13 of the tail
                #expect(Tolerance.agree(NormalDistribution.quantile(1 - p), -x, relative: 1e-9))
            }
            p *= 1.37
        }
    }

    @Test("degenerate inputs and the location-scale form")
    func edges() {
        #expect(NormalDistribution.quantile(0) == -.infinity)
        #expect(NormalDistribution.quantile(1) == .infinity)
        #expect(NormalDistribution.quantile(0.5) == 0)
        #expect(NormalDistribution.quantile(-0.1).isNaN)
        #expect(NormalDistribution.quantile(1.1).isNaN)
        #expect(NormalDistribution.quantile(.nan).isNaN)
        #expect(NormalDistribution.cdf(.nan).isNaN)
        #expect(NormalDistribution.cdf(.infinity) == 1)
        #expect(NormalDistribution.cdf(-.infinity) == 0)
        #expect(NormalDistribution.quantile(0.5, mean: 0.01, standardDeviation: 0).isNaN)
        #expect(NormalDistribution.cdf(0, mean: 0, standardDeviation: -1).isNaN)
        let x = NormalDistribution.quantile(0.05, mean: 0.001, standardDeviation: 0.02)
        #expect(Tolerance.agree(x, 0.001 + 0.02 * NormalDistribution.quantile(0.05)))
        #expect(Tolerance.agree(NormalDistribution.cdf(x, mean: 0.001, standardDeviation: 0.02), 0.05))
        #expect(Tolerance.agree(NormalDistribution.quantile(0.975), 1.959963984540054, relative: 1e-15))
    }
}
