/// One named column of per-bar values in a ``SignalFrame``: the signal itself
/// (`"signal"`, `Double`), or context stored beside it such as a regime label
/// (`Int64`) and the regime's probability (`Double`).
///
/// Values are kept and compared by their exact 64-bit patterns: `NaN` payloads,
/// `-0.0` and `±infinity` survive a store round trip unchanged, and `==` is bitwise
/// (two columns holding `NaN` at the same bar are equal; `0.0` and `-0.0` are not).
public struct SignalColumn: Sendable, Equatable, CustomStringConvertible {
    /// The values of a column: 64-bit floats or 64-bit integers.
    public enum Values: Sendable {
        case float64([Double])
        case int64([Int64])
    }

    /// How the values of a column are typed in a file (`0` float64, `1` int64).
    public enum Kind: UInt8, Sendable, Equatable {
        case float64 = 0
        case int64 = 1
    }

    /// The column's name, non-empty and unique within its frame, e.g. `"signal"`, `"regime"`.
    public var name: String
    public var values: Values

    public init(name: String, values: Values) {
        self.name = name
        self.values = values
    }

    /// A column of `Double` values.
    public static func float64(_ name: String, _ values: [Double]) -> SignalColumn {
        SignalColumn(name: name, values: .float64(values))
    }

    /// A column of `Int64` values.
    public static func int64(_ name: String, _ values: [Int64]) -> SignalColumn {
        SignalColumn(name: name, values: .int64(values))
    }

    public var kind: Kind {
        switch values {
        case .float64: .float64
        case .int64: .int64
        }
    }

    /// The number of values.
    public var count: Int {
        switch values {
        case .float64(let v): v.count
        case .int64(let v): v.count
        }
    }

    /// The values when the column is `float64`, else `nil`.
    public var doubles: [Double]? {
        if case .float64(let v) = values { return v }
        return nil
    }

    /// The values when the column is `int64`, else `nil`.
    public var integers: [Int64]? {
        if case .int64(let v) = values { return v }
        return nil
    }

    /// Calls `body` with the values' 64-bit patterns, without copying.
    public func withBitPatterns<R>(_ body: (UnsafeBufferPointer<UInt64>) throws -> R) rethrows -> R {
        switch values {
        case .float64(let v):
            try v.withUnsafeBufferPointer { buffer in
                try UnsafeRawBufferPointer(buffer).withMemoryRebound(to: UInt64.self, body)
            }
        case .int64(let v):
            try v.withUnsafeBufferPointer { buffer in
                try UnsafeRawBufferPointer(buffer).withMemoryRebound(to: UInt64.self, body)
            }
        }
    }

    /// Bitwise equality of name, kind and every value.
    public static func == (lhs: SignalColumn, rhs: SignalColumn) -> Bool {
        guard lhs.name == rhs.name, lhs.kind == rhs.kind, lhs.count == rhs.count else { return false }
        return lhs.withBitPatterns { a in
            rhs.withBitPatterns { b in a.elementsEqual(b) }
        }
    }

    public var description: String { "\(name) (\(kind), \(count) values)" }
}
