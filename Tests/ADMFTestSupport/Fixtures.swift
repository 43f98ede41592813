import Foundation

/// Reads the JSON fixtures written by the generators under `Tests/Fixtures/`.
///
/// Fixture numbers are JSON numbers; `null` stands for NaN (a value the reference
/// library leaves undefined, such as an indicator's warm-up bars).
public enum Fixtures {
    public struct Missing: Error, CustomStringConvertible {
        public let path: String
        public let key: String
        public var description: String { "fixture \(path): missing or malformed key '\(key)'" }
    }

    /// The parsed JSON object at `Tests/Fixtures/<name>`.
    public static func object(_ name: String) throws -> [String: Any] {
        let path = RepositoryPaths.fixture(name)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Missing(path: path, key: "<root object>")
        }
        return object
    }

    /// Converts a JSON array of numbers/nulls to `[Double]` (null → NaN).
    public static func doubles(_ value: Any?) -> [Double]? {
        guard let array = value as? [Any] else { return nil }
        var result: [Double] = []
        result.reserveCapacity(array.count)
        for element in array {
            if let number = element as? NSNumber {
                result.append(number.doubleValue)
            } else if element is NSNull {
                result.append(.nan)
            } else {
                return nil
            }
        }
        return result
    }

    /// Converts a JSON number or null to `Double` (null → NaN).
    public static func double(_ value: Any?) -> Double? {
        if let number = value as? NSNumber { return number.doubleValue }
        if value is NSNull { return .nan }
        return nil
    }
}

/// Typed reads of one fixture folder (`Tests/Fixtures/<folder>/*.json`): every accessor throws
/// ``Malformed`` naming the key when a value is missing or of the wrong shape.
public struct FixtureFolder: Sendable {
    public struct Malformed: Error, CustomStringConvertible {
        public let folder: String
        public let key: String
        public var description: String { "\(folder) fixture: missing or malformed '\(key)'" }
    }

    public let folder: String

    public init(_ folder: String) {
        self.folder = folder
    }

    public func malformed(_ key: String) -> Malformed { Malformed(folder: folder, key: key) }

    public func object(_ name: String) throws -> [String: Any] {
        try Fixtures.object("\(folder)/\(name)")
    }

    public func matrix(_ value: Any?, _ key: String) throws -> [[Double]] {
        guard let rows = value as? [Any] else { throw malformed(key) }
        return try rows.map { row in
            guard let r = Fixtures.doubles(row) else { throw malformed(key) }
            return r
        }
    }

    public func vector(_ value: Any?, _ key: String) throws -> [Double] {
        guard let v = Fixtures.doubles(value) else { throw malformed(key) }
        return v
    }

    public func ints(_ value: Any?, _ key: String) throws -> [Int] {
        try vector(value, key).map { Int($0) }
    }

    public func number(_ value: Any?, _ key: String) throws -> Double {
        guard let v = Fixtures.double(value) else { throw malformed(key) }
        return v
    }

    public func dict(_ value: Any?, _ key: String) throws -> [String: Any] {
        guard let v = value as? [String: Any] else { throw malformed(key) }
        return v
    }

    public func cases(_ object: [String: Any], _ key: String = "cases") throws -> [[String: Any]] {
        guard let c = object[key] as? [[String: Any]] else { throw malformed(key) }
        return c
    }
}
