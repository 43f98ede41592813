import ADMFTestSupport
import Foundation

/// Reads `Tests/Fixtures/regimes/*.json` (written by `Tests/Fixtures/generate_regimes.py`).
enum RegimesFixture {
    struct Malformed: Error, CustomStringConvertible {
        let key: String
        var description: String { "regimes fixture: missing or malformed '\(key)'" }
    }

    static func object(_ name: String) throws -> [String: Any] {
        try Fixtures.object("regimes/\(name)")
    }

    static func matrix(_ value: Any?, _ key: String) throws -> [[Double]] {
        guard let rows = value as? [Any] else { throw Malformed(key: key) }
        return try rows.map { row in
            guard let r = Fixtures.doubles(row) else { throw Malformed(key: key) }
            return r
        }
    }

    static func vector(_ value: Any?, _ key: String) throws -> [Double] {
        guard let v = Fixtures.doubles(value) else { throw Malformed(key: key) }
        return v
    }

    static func ints(_ value: Any?, _ key: String) throws -> [Int] {
        guard let v = Fixtures.doubles(value) else { throw Malformed(key: key) }
        return v.map { Int($0) }
    }

    static func number(_ value: Any?, _ key: String) throws -> Double {
        guard let v = Fixtures.double(value) else { throw Malformed(key: key) }
        return v
    }

    static func dict(_ value: Any?, _ key: String) throws -> [String: Any] {
        guard let v = value as? [String: Any] else { throw Malformed(key: key) }
        return v
    }

    static func cases(_ object: [String: Any]) throws -> [[String: Any]] {
        guard let c = object["cases"] as? [[String: Any]] else { throw Malformed(key: "cases") }
        return c
    }

    /// The first element-wise disagreement of two matrices, or nil.
    static func mismatch(_ a: [[Double]], _ b: [[Double]], relative: Double, absolute: Double = 1e-12, label: String)
        -> String?
    {
        guard a.count == b.count else { return "\(label): \(a.count) rows != \(b.count)" }
        for i in a.indices {
            if let m = Tolerance.firstMismatch(a[i], b[i], relative: relative, absolute: absolute, label: "\(label)[\(i)]") {
                return m
            }
        }
        return nil
    }
}
