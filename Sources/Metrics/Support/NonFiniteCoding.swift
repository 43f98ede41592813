// JSON has no NaN or infinity: statistics are written as null when not finite and
// read back as NaN.

extension KeyedEncodingContainer {
    /// Encodes `value`, or null when it is NaN or infinite.
    mutating func encodeFiniteOrNull(_ value: Double, forKey key: Key) throws {
        if value.isFinite {
            try encode(value, forKey: key)
        } else {
            try encodeNil(forKey: key)
        }
    }
}

extension KeyedDecodingContainer {
    /// The number at `key`, NaN when it is null; throws when the key is missing.
    func decodeNullableDouble(forKey key: Key) throws -> Double {
        if try decodeNil(forKey: key) { return .nan }
        return try decode(Double.self, forKey: key)
    }
}
