import Foundation
import Market
@testable import Signals

/// Helpers shared by the Signals tests.
enum SignalsTestSupport {
    /// Special values that must survive a round trip bit for bit.
    static let specials: [Double] = [
        .nan, -.nan, Double(nan: 0x1234, signaling: false), -0.0, 0.0, .infinity, -.infinity,
        .leastNonzeroMagnitude, .greatestFiniteMagnitude, -1, 1,
    ]

    /// Daily timestamps (weekdays only) starting 2000-01-03.
    static func weekdays(_ count: Int) -> [Int64] {
        var result: [Int64] = []
        result.reserveCapacity(count)
        var t: Int64 = 946_857_600
        while result.count < count {
            let weekday = (t / 86_400 + 4) % 7  // 0 = Sunday
            if weekday != 0 && weekday != 6 { result.append(t) }
            t += 86_400
        }
        return result
    }

    /// A position-like signal in {-1, 0, 1} (with an occasional special value) that changes
    /// with probability `changeRate` per bar.
    static func sparse(_ count: Int, changeRate: Double, using rng: inout SeededGenerator) -> [Double] {
        var values: [Double] = []
        values.reserveCapacity(count)
        var current = 0.0
        for _ in 0..<count {
            if rng.nextDouble() < changeRate {
                current = rng.nextDouble() < 0.05 ? specials[Int(rng.next() % UInt64(specials.count))] : Double(Int(rng.next() % 3) - 1)
            }
            values.append(current)
        }
        return values
    }

    /// Arbitrary bit patterns (every kind of Double, NaN payloads included).
    static func randomBits(_ count: Int, using rng: inout SeededGenerator) -> [Double] {
        (0..<count).map { _ in Double(bitPattern: rng.next()) }
    }

    static func key(_ label: String) -> SignalKey {
        SignalKey(strategy: "test", parameters: .init(), symbol: label, barsFingerprint: "bars", codeVersion: "1")
    }

    static func temporaryRoot() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("signals-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }
}
