import ADMFTestSupport
@testable import Analysis
import Testing

/// The numpy reference numbers of Tests/Fixtures/analysis/correlation.json.
struct CorrelationFixture {
    let object: [String: Any]

    init() throws {
        object = try Fixtures.object("analysis/correlation.json")
    }

    func doubles(_ path: String...) throws -> [Double] {
        try #require(Fixtures.doubles(value(path)))
    }

    func double(_ path: String...) throws -> Double {
        try #require(Fixtures.double(value(path)))
    }

    func matrix(_ key: String) throws -> [[Double]] {
        let rows = try #require(object[key] as? [Any])
        return try rows.map { try #require(Fixtures.doubles($0)) }
    }

    private func value(_ path: [String]) -> Any? {
        var current: Any? = object
        for key in path { current = (current as? [String: Any])?[key] }
        return current
    }
}

@Suite("Correlation")
struct CorrelationTests {
    @Test("hand-checked Pearson values")
    func handChecked() {
        #expect(Correlation.pearson([1, 2, 3], [1, 2, 3]) == 1)
        #expect(Correlation.pearson([1, 2, 3], [3, 2, 1]) == -1)
        // x̄ = 2.5, ȳ = 5.125: Σdxdy = 10.75, Σdx² = 5, Σdy² = 23.1875.
        let expected = 10.75 / (5 * 23.1875).squareRoot()
        #expect(Tolerance.agree(Correlation.pearson([1, 2, 3, 4], [2, 4, 6, 8.5]), expected))
        #expect(Correlation.pearson([1, .nan, 3, 4], [1, 5, 3, 4]) == 1)
        #expect(Tolerance.agree(Correlation.pearson([1, 2, .infinity, 4], [2, 1, 0, -1]), -1))
    }

    @Test("degenerate pairs give NaN")
    func degenerate() {
        #expect(Correlation.pearson([1, 2, 3], [1, 2]).isNaN)
        #expect(Correlation.pearson([1], [1]).isNaN)
        #expect(Correlation.pearson([], []).isNaN)
        #expect(Correlation.pearson([0.1, 0.1, 0.1], [1, 2, 3]).isNaN)
        #expect(Correlation.pearson([1, .nan, 3], [.nan, 2, 4]).isNaN)
        #expect(Correlation.matrix([]).isEmpty)
        let withConstant = Correlation.matrix([[1, 2, 3], [5, 5, 5]])
        #expect(withConstant[0][0] == 1 && withConstant[1][1].isNaN && withConstant[0][1].isNaN)
        #expect(Correlation.rolling([1, 2], [1, 2, 3], window: 2).isEmpty)
        #expect(Correlation.rolling([1, 2, 3], [3, 1, 2], window: 1).allSatisfy { $0.isNaN })
        #expect(Correlation.rolling([1, 2, 3], [3, 1, 2], window: 5).count == 3)
    }

    @Test("matrix agrees with numpy.corrcoef")
    func matrixAgreesWithNumpy() throws {
        let fixture = try CorrelationFixture()
        let series = try fixture.matrix("series")
        let expected = try fixture.matrix("matrix")
        let ours = Correlation.matrix(series)
        #expect(ours.count == expected.count)
        for (row, reference) in zip(ours, expected) {
            #expect(Tolerance.firstMismatch(row, reference, relative: 1e-12, absolute: 1e-14, label: "corr") == nil)
        }
        for i in ours.indices {
            for j in ours.indices { #expect(ours[i][j] == ours[j][i]) }
        }
    }

    @Test("pairwise-complete correlation agrees with numpy on the complete pairs")
    func pairwiseNaN() throws {
        let fixture = try CorrelationFixture()
        let x = try fixture.doubles("pairwise_nan", "x")
        let y = try fixture.doubles("pairwise_nan", "y")
        let expected = try fixture.double("pairwise_nan", "expected")
        #expect(Tolerance.agree(Correlation.pearson(x, y), expected, relative: 1e-12))
        let matrix = Correlation.matrix([x, y])
        #expect(Tolerance.agree(matrix[0][1], expected, relative: 1e-12))
    }

    @Test("rolling correlation agrees with numpy window by window")
    func rollingAgreesWithNumpy() throws {
        let fixture = try CorrelationFixture()
        let series = try fixture.matrix("series")
        let window = Int(try fixture.double("rolling", "window"))
        let expected = try fixture.doubles("rolling", "expected")
        let ours = Correlation.rolling(series[0], series[1], window: window)
        #expect(Tolerance.firstMismatch(ours, expected, relative: 1e-11, absolute: 1e-13, label: "rolling") == nil)
        #expect(ours[..<(window - 1)].allSatisfy { $0.isNaN })
    }

    @Test("the shared quantile function agrees with numpy.quantile")
    func quantileAgreesWithNumpy() throws {
        let fixture = try CorrelationFixture()
        let values = try fixture.doubles("quantiles", "values")
        let probabilities = try fixture.doubles("quantiles", "q")
        let expected = try fixture.doubles("quantiles", "expected")
        let ours = probabilities.map { SampleQuantile.of(values, probability: $0) }
        #expect(Tolerance.firstMismatch(ours, expected, relative: 1e-15, absolute: 0, label: "quantile") == nil)
        #expect(SampleQuantile.sorted([1, 2, 3, 4], probability: 0.5) == 2.5)
        #expect(SampleQuantile.of([4, 1, 3, 2], probability: 0.25) == 1.75)
        #expect(SampleQuantile.sorted([], probability: 0.5).isNaN)
        #expect(SampleQuantile.sorted([1], probability: 1.5).isNaN)
    }
}
