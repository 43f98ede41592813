import ADMFTestSupport
import Foundation

/// One return series of `Tests/Fixtures/metrics/returns_metrics.json` with the
/// reference libraries' values.
struct MetricsFixtureSeries: CustomStringConvertible {
    let name: String
    let periodsPerYear: Double
    let returns: [Double]
    let positions: [Double]?
    let tradePnLs: [Double]?
    let expected: [String: Any]

    var description: String { name }

    /// The expected number at `key`: JSON number, null → NaN, "inf"/"-inf" → ±∞.
    func value(_ key: String) throws -> Double {
        guard let raw = expected[key] else {
            throw MetricsFixtureError(path: "metrics/returns_metrics.json", key: "\(name).expected.\(key)")
        }
        if let text = raw as? String {
            switch text {
            case "inf": return .infinity
            case "-inf": return -.infinity
            default: break
            }
        }
        guard let number = Fixtures.double(raw) else {
            throw MetricsFixtureError(path: "metrics/returns_metrics.json", key: "\(name).expected.\(key)")
        }
        return number
    }
}

enum MetricsFixture {
    static let file = "metrics/returns_metrics.json"

    /// Every series in the fixture file.
    static func series() throws -> [MetricsFixtureSeries] {
        let root = try Fixtures.object(file)
        guard let list = root["series"] as? [[String: Any]] else {
            throw MetricsFixtureError(path: file, key: "series")
        }
        return try list.map { item in
            guard let name = item["name"] as? String,
                let periods = Fixtures.double(item["periods_per_year"]),
                let returns = Fixtures.doubles(item["returns"]),
                let expected = item["expected"] as? [String: Any]
            else { throw MetricsFixtureError(path: file, key: "series[].name/returns/expected") }
            return MetricsFixtureSeries(
                name: name, periodsPerYear: periods, returns: returns,
                positions: Fixtures.doubles(item["positions"]),
                tradePnLs: Fixtures.doubles(item["trade_pnls"]), expected: expected)
        }
    }

    /// The fixture's `parameters` object value at `key`.
    static func parameter(_ key: String) throws -> Double {
        let root = try Fixtures.object(file)
        guard let parameters = root["parameters"] as? [String: Any],
            let value = Fixtures.double(parameters[key])
        else { throw MetricsFixtureError(path: file, key: "parameters.\(key)") }
        return value
    }

    /// The series names, for parameterised tests (empty when the file is unreadable,
    /// which the loading test reports).
    static var names: [String] {
        (try? series().map(\.name)) ?? []
    }

    static func named(_ name: String) throws -> MetricsFixtureSeries {
        guard let found = try series().first(where: { $0.name == name }) else {
            throw MetricsFixtureError(path: file, key: "series[name=\(name)]")
        }
        return found
    }
}

/// A repeatable generator (SplitMix64) for property tests.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A seeded series of `count` returns drawn uniformly from `range`, with every
/// `zeroEvery`-th value set to exactly 0 (0 = none).
func randomReturns(count: Int, seed: UInt64, range: ClosedRange<Double> = -0.05...0.05, zeroEvery: Int = 0)
    -> [Double]
{
    var generator = SplitMix64(seed: seed)
    return (0..<count).map { index in
        if zeroEvery > 0 && index % zeroEvery == 0 { return 0 }
        return Double.random(in: range, using: &generator)
    }
}

/// A missing or malformed key in a metrics fixture.
struct MetricsFixtureError: Error, CustomStringConvertible {
    let path: String
    let key: String
    var description: String { "fixture \(path): missing or malformed key '\(key)'" }
}
