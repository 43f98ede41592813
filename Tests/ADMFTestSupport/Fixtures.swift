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
