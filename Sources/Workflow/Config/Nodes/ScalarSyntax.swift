/// How scalar text is read as numbers, booleans and byte sizes.
///
/// Numbers are decimal: an optional sign, digits (underscores allowed between digits), an
/// optional fraction and an optional exponent — `5`, `-5`, `5.0`, `.5`, `1e-3`, `1_000`.
/// Hexadecimal, octal and sexagesimal YAML 1.1 forms are not numbers here. `.inf` and `.nan`
/// are recognised only to be refused with a clear message.
///
/// Booleans follow YAML 1.2: `true`/`false` (also `True`, `TRUE`, `False`, `FALSE`). The
/// YAML 1.1 words `yes`, `no`, `on`, `off` are strings, so a ticker `ON` or a country `NO`
/// stays a string; where a boolean is expected they are refused with a hint.
enum ScalarSyntax {
    /// The decimal number written as `text`, or `nil` when it is not one.
    static func number(_ text: String) -> Double? {
        var characters = Array(text)
        guard !characters.isEmpty else { return nil }
        var index = 0
        if characters[0] == "+" || characters[0] == "-" { index = 1 }
        var mantissaDigits = 0
        var previousWasDigit = false
        var seenPoint = false
        var seenExponent = false
        var exponentDigits = 0
        while index < characters.count {
            let character = characters[index]
            if character.isASCII, character.isNumber {
                if seenExponent { exponentDigits += 1 } else { mantissaDigits += 1 }
                previousWasDigit = true
            } else if character == "_" {
                // Underscores only between digits of the mantissa.
                guard previousWasDigit, !seenExponent, index + 1 < characters.count,
                      characters[index + 1].isASCII, characters[index + 1].isNumber else { return nil }
                characters[index] = " "
                previousWasDigit = false
            } else if character == "." {
                guard !seenPoint, !seenExponent else { return nil }
                seenPoint = true
                previousWasDigit = false
            } else if character == "e" || character == "E" {
                guard !seenExponent, mantissaDigits > 0 else { return nil }
                seenExponent = true
                previousWasDigit = false
                if index + 1 < characters.count, characters[index + 1] == "+" || characters[index + 1] == "-" {
                    index += 1
                }
            } else {
                return nil
            }
            index += 1
        }
        guard mantissaDigits > 0, !seenExponent || exponentDigits > 0 else { return nil }
        let cleaned = String(characters.filter { $0 != " " })
        guard let result = Double(cleaned), result.isFinite else { return nil }
        return result
    }

    /// The whole number written as `text` without a fraction or exponent, exactly (no rounding).
    static func integerLiteral(_ text: String) -> Int? {
        let cleaned = String(text.filter { $0 != "_" })
        guard !cleaned.isEmpty, cleaned.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "+") }) else {
            return nil
        }
        return Int(cleaned)
    }

    /// The non-negative whole number written as `text` without a fraction or exponent, exactly.
    static func unsignedLiteral(_ text: String) -> UInt64? {
        var cleaned = String(text.filter { $0 != "_" })
        if cleaned.hasPrefix("+") { cleaned.removeFirst() }
        guard !cleaned.isEmpty, cleaned.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return UInt64(cleaned)
    }

    /// Whether `text` is one of YAML's infinity / not-a-number spellings (`.inf`, `-.Inf`, `.nan`, …).
    static func isSpecialFloat(_ text: String) -> Bool {
        var body = Substring(text)
        if body.hasPrefix("+") || body.hasPrefix("-") { body = body.dropFirst() }
        return [".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"].contains(String(body))
    }

    /// The YAML 1.2 boolean written as `text`, or `nil`.
    static func boolean(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// `text` without leading and trailing spaces and tabs.
    static func trimmed(_ text: String) -> String {
        var slice = Substring(text)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }

    /// Whether `text` is a YAML 1.1 boolean word that YAML 1.2 (and this reader) treats as a string.
    static func isYAML11BooleanWord(_ text: String) -> Bool {
        ["yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N"]
            .contains(text)
    }
}
