import ADMFTestSupport
import Market

/// Small builders shared by the Analysis tests.
enum TestData {
    /// Closes compounded from `returns`, starting at `start`.
    static func closes(from returns: [Double], start: Double = 100) -> [Double] {
        var value = start
        var result = [start]
        for r in returns {
            value *= 1 + r
            result.append(value)
        }
        return result
    }

    /// `count` Gaussian returns with the given mean and deviation, from a seeded stream.
    static func gaussianReturns(count: Int, mean: Double, deviation: Double, seed: UInt64, stream: String) -> [Double] {
        var generator = SeededGenerator(seed: seed, stream: stream)
        return (0..<count).map { _ in mean + deviation * generator.nextGaussian() }
    }

    /// Daily bars with every price equal to the close.
    static func bars(symbol: String, close: [Double]) -> BarSeries {
        BarSeries(
            symbol: symbol, timestamps: close.indices.map { Int64($0) * 86_400 }, open: close,
            high: close, low: close, close: close, volume: Array(repeating: 1, count: close.count))
    }

    /// The bundled AAPL daily bars.
    static func aapl() throws -> BarSeries {
        try CSVBarLoader().load(path: RepositoryPaths.dataFile("aapl_daily.csv"))
    }

    /// `close[t] / close[t − 1] − 1`.
    static func simpleReturns(_ close: [Double]) -> [Double] {
        guard close.count >= 2 else { return [] }
        return (1..<close.count).map { close[$0] / close[$0 - 1] - 1 }
    }
}
