import ADMFTestSupport
import Foundation
import Market
import Testing

/// Helpers shared by the Market tests.
enum MarketTestSupport {
    static let header = "timestamp,open,high,low,close,volume"

    /// Writes `text` as `name` in a fresh temporary directory and returns its path.
    static func write(_ text: String, name: String = "test_daily.csv") throws -> String {
        let directory = try RepositoryPaths.temporaryDirectory("market-test")
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Writes raw bytes as `name` in a fresh temporary directory and returns its path.
    static func write(bytes: [UInt8], name: String = "test_daily.csv") throws -> String {
        let directory = try RepositoryPaths.temporaryDirectory("market-test")
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// The error thrown by loading `text` (strict mode), or `nil` when it loads.
    static func loadError(_ text: String, name: String = "test_daily.csv") throws -> MarketDataError? {
        let path = try write(text, name: name)
        do {
            _ = try CSVBarLoader().load(path: path)
            return nil
        } catch let error as MarketDataError {
            return error
        }
    }

    /// The path of a file in the read-only shared data folder, or `nil` when it is not there.
    static func sharedData(_ name: String) -> String? {
        let candidates = [
            RepositoryPaths.root.deletingLastPathComponent().appendingPathComponent("shared/data/\(name)").path,
            "/work/shared/data/\(name)",
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }

    static func hasSharedData(_ name: String) -> Bool { sharedData(name) != nil }

    /// UTC seconds of a date-time literal used in tests (`nil` fails the test at the call site).
    static func time(_ text: String) -> Int64 {
        Timestamps.parseDate(text) ?? Int64.min
    }

    /// A series with the given timestamps and a flat price.
    static func flatSeries(_ symbol: String, _ timestamps: [Int64], price: Double = 100) -> BarSeries {
        let values = timestamps.indices.map { price + Double($0) }
        return BarSeries(
            symbol: symbol, timestamps: timestamps, open: values, high: values.map { $0 + 1 },
            low: values.map { $0 - 1 }, close: values, volume: timestamps.map { _ in 1000 })
    }
}
