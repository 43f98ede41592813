#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Number parsing straight from the bytes of a CSV field, exact to the last bit.
///
/// The grammar is a plain decimal: `[+-] digits [. digits] [(e|E) [+-] digits]`
/// (`.5` and `5.` are accepted, as `Double(String)` accepts them). Anything else —
/// `nan`, `inf`, hex floats, thousands separators, stray characters — is rejected,
/// so a bad field is reported instead of being read as something else. The one
/// exception is a quoted number with thousands separators, read only where that is
/// unambiguous (see ``groupedNumber(_:_:_:)``).
///
/// The common case (at most 19 significant digits whose value fits in 53 bits, and
/// a decimal exponent within ±22) is computed as one exact integer times or divided
/// by one exact power of ten, which IEEE 754 rounds correctly (Clinger's fast path).
/// Everything else goes to `strtod` from the C library, which also rounds correctly,
/// on a NUL-terminated copy of the field. Both agree bit for bit with `Double(String)`.
enum FieldParsing {
    /// The outcome of reading one numeric field.
    enum NumberResult {
        case value(Double)
        case empty
        case notFinite  // nan, inf, or a decimal too large for a Double
        case invalid
        /// One comma and three digits after it (`"1,234"`): a thousands separator or a decimal comma.
        case ambiguousGrouping
    }

    /// Exact powers of ten representable in a Double.
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Parses the field `bytes[start..<end]` (spaces, tabs and surrounding double quotes are trimmed).
    static func parseNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> NumberResult {
        var lo = start
        var hi = end
        trim(bytes, &lo, &hi)
        guard lo < hi else { return .empty }

        var i = lo
        var negative = false
        if bytes[i] == 0x2D || bytes[i] == 0x2B {
            negative = bytes[i] == 0x2D
            i += 1
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var digitsSeen = 0
        var exponent = 0  // decimal exponent applied to `mantissa`
        var droppedNonZero = false  // more than 19 significant digits: fast path impossible

        while i < hi, bytes[i] &- 0x30 < 10 {
            let digit = UInt64(bytes[i] &- 0x30)
            digitsSeen += 1
            if significantDigits < 19 {
                if mantissa != 0 || digit != 0 {
                    mantissa = mantissa &* 10 &+ digit
                    significantDigits += 1
                }
            } else {
                exponent += 1
                if digit != 0 { droppedNonZero = true }
            }
            i += 1
        }
        if i < hi, bytes[i] == 0x2E {
            i += 1
            while i < hi, bytes[i] &- 0x30 < 10 {
                let digit = UInt64(bytes[i] &- 0x30)
                digitsSeen += 1
                if significantDigits < 19 {
                    if mantissa != 0 || digit != 0 {
                        mantissa = mantissa &* 10 &+ digit
                        significantDigits += 1
                    }
                    exponent -= 1
                } else if digit != 0 {
                    droppedNonZero = true
                }
                i += 1
            }
        }
        guard digitsSeen > 0 else { return nonNumeric(bytes, lo, hi) }
        if i < hi, bytes[i] == 0x65 || bytes[i] == 0x45 {
            i += 1
            var exponentNegative = false
            if i < hi, bytes[i] == 0x2D || bytes[i] == 0x2B {
                exponentNegative = bytes[i] == 0x2D
                i += 1
            }
            let exponentStart = i
            var written = 0
            while i < hi, bytes[i] &- 0x30 < 10 {
                if written < 100_000 { written = written * 10 + Int(bytes[i] &- 0x30) }
                i += 1
            }
            guard i > exponentStart else { return .invalid }
            exponent += exponentNegative ? -written : written
        }
        guard i == hi else { return bytes[i] == 0x2C ? groupedNumber(bytes, lo, hi) : .invalid }

        if mantissa == 0 {
            return .value(negative ? -0.0 : 0.0)
        }
        if !droppedNonZero, mantissa <= (1 << 53), exponent >= -22, exponent <= 22 {
            var value = Double(mantissa)
            if exponent >= 0 {
                value *= powersOfTen[exponent]
            } else {
                value /= powersOfTen[-exponent]
            }
            return .value(negative ? -value : value)
        }
        let value = strtodField(bytes, lo, hi)
        return value.isFinite ? .value(value) : .notFinite
    }

    /// The loader's fast path: an unsigned plain decimal starting exactly at `start`,
    /// read up to the first byte that cannot continue it (before `limit`).
    ///
    /// Returns the value and the index after the number, or `nil` whenever the number
    /// is not one the exact fast path handles (a sign, more than 19 significant
    /// digits, a large exponent, no digits, ...): the caller then takes the general path.
    @inline(__always)
    static func fastUnsignedNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ limit: Int) -> (Double, Int)? {
        var i = start
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        while i < limit {
            let d = bytes[i] &- 0x30
            if d >= 10 { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            digits += 1
            i += 1
        }
        if i < limit, bytes[i] == 0x2E {
            i += 1
            while i < limit {
                let d = bytes[i] &- 0x30
                if d >= 10 { break }
                mantissa = mantissa &* 10 &+ UInt64(d)
                digits += 1
                exponent -= 1
                i += 1
            }
        }
        // 19 digits never overflow 64 bits (leading zeros count, which only makes this stricter).
        guard digits > 0, digits <= 19 else { return nil }
        if i < limit, bytes[i] == 0x65 || bytes[i] == 0x45 {
            i += 1
            var negative = false
            if i < limit, bytes[i] == 0x2D || bytes[i] == 0x2B {
                negative = bytes[i] == 0x2D
                i += 1
            }
            let exponentStart = i
            var written = 0
            while i < limit, written < 1000 {
                let d = bytes[i] &- 0x30
                if d >= 10 { break }
                written = written * 10 + Int(d)
                i += 1
            }
            guard i > exponentStart, i == limit || bytes[i] &- 0x30 >= 10 else { return nil }
            exponent += negative ? -written : written
        }
        guard mantissa <= (1 << 53), exponent >= -22, exponent <= 22 else { return nil }
        let value = exponent >= 0 ? Double(mantissa) * powersOfTen[exponent] : Double(mantissa) / powersOfTen[-exponent]
        return (value, i)
    }

    /// Trims spaces, tabs and one pair of surrounding double quotes.
    @inline(__always)
    static func trim(_ bytes: UnsafeBufferPointer<UInt8>, _ lo: inout Int, _ hi: inout Int) {
        while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
        while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 { hi -= 1 }
        if hi - lo >= 2, bytes[lo] == 0x22, bytes[hi - 1] == 0x22 {
            lo += 1
            hi -= 1
            while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
            while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 { hi -= 1 }
        }
    }

    /// Distinguishes spelled-out non-finite values (`nan`, `inf`, `infinity`, signed) from garbage.
    private static func nonNumeric(_ bytes: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> NumberResult {
        var word: [UInt8] = []
        for i in lo..<hi {
            let c = bytes[i]
            if word.isEmpty, c == 0x2B || c == 0x2D { continue }
            word.append(c | 0x20)  // ASCII lower case
        }
        switch String(decoding: word, as: UTF8.self) {
        case "nan", "inf", "infinity": return .notFinite
        default: return .invalid
        }
    }

    /// `strtod` on a NUL-terminated copy of the (already validated) field.
    private static func strtodField(_ bytes: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> Double {
        let count = hi - lo
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            for k in 0..<count { buffer[k] = CChar(bitPattern: bytes[lo + k]) }
            buffer[count] = 0
            guard let start = buffer.baseAddress else { return .nan }
            return strtod(start, nil)
        }
    }

    /// The longest field text quoted in full in a message; longer fields are cut with `…`.
    static let messageTextLimit = 40

    /// The field's text, for messages: trimmed, decoded leniently as UTF-8, control
    /// characters shown as `�`, and cut to ``messageTextLimit`` bytes — a field of
    /// binary garbage must not turn a one-line message into a megabyte.
    static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        var lo = start
        var hi = end
        trim(bytes, &lo, &hi)
        let cut = hi - lo > messageTextLimit
        let shown = UnsafeBufferPointer(rebasing: bytes[lo..<(cut ? lo + messageTextLimit : hi)])
        var text = String(decoding: shown, as: UTF8.self)
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            text = String(String.UnicodeScalarView(text.unicodeScalars.map {
                $0.value < 0x20 || $0.value == 0x7F ? "\u{FFFD}" : $0
            }))
        }
        return cut ? text + "…" : text
    }
}
