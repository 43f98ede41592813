/// Typed reads of scalar and list nodes, each throwing a `ConfigError` located at the node.
///
/// ```yaml
/// n_trials: 200            # int() == 200; double() == 200.0
/// signal_threshold: 1e-3   # double() == 0.001
/// enabled: true            # bool() == true
/// objective: sharpe_ratio  # string() == "sharpe_ratio"
/// fast_period: [5, 10, 15] # doubleList() == [5, 10, 15]
/// ```
///
/// Quoted scalars are strings: `double()` on `"5"` fails with
/// `expected a number, found the string "5" — remove the quotes`. `string()` accepts any
/// non-null scalar and returns its text as written (`5` reads as the string `"5"`).
extension ConfigNode {
    /// A located error at this node.
    public func error(_ message: String, hint: String? = nil) -> ConfigError {
        ConfigError(file: file, line: line, column: column, path: path, message: message, hint: hint)
    }

    /// The scalar's text; refuses null, mappings and lists.
    public func string() throws -> String {
        guard case .scalar(let scalar) = value, !scalar.isNull else {
            throw error("expected a string, found \(foundDescription)")
        }
        return scalar.text
    }

    /// A finite decimal number (`5`, `5.0`, `1e-3`, `0.001`); refuses quoted text, `.inf` and `.nan`.
    public func double() throws -> Double {
        try number(expected: "a number")
    }

    /// A whole number that fits in `Int` (`5`, `5.0`, `1e3`); refuses `2.5` ("expected a whole number").
    public func int() throws -> Int {
        let text = try plainScalarText(expected: "a whole number")
        if let exact = ScalarSyntax.integerLiteral(text) { return exact }
        let number = try number(expected: "a whole number")
        guard number.rounded(.towardZero) == number else {
            throw error("expected a whole number, found \(foundDescription)")
        }
        guard number >= -9.2e18, number <= 9.2e18 else {
            throw error("expected a whole number, found \(foundDescription), which is out of range")
        }
        return Int(number)
    }

    /// A non-negative whole number up to 2^64 − 1 (used for seeds); refuses negatives and fractions.
    public func uint64() throws -> UInt64 {
        let text = try plainScalarText(expected: "a non-negative whole number")
        if let exact = ScalarSyntax.unsignedLiteral(text) { return exact }
        let number = try number(expected: "a non-negative whole number")
        guard number >= 0, number.rounded(.towardZero) == number, number < 1.8e19 else {
            throw error("expected a non-negative whole number, found \(foundDescription)")
        }
        return UInt64(number)
    }

    /// `true` or `false` (YAML 1.2); `yes`/`no`/`on`/`off` and quoted booleans are refused with a hint.
    public func bool() throws -> Bool {
        guard case .scalar(let scalar) = value, !scalar.isNull else {
            throw error("expected true or false, found \(foundDescription)")
        }
        if scalar.isPlain, let result = ScalarSyntax.boolean(scalar.text) { return result }
        if !scalar.isPlain, ScalarSyntax.boolean(scalar.text) != nil {
            throw error("expected true or false, found \(foundDescription)", hint: "remove the quotes")
        }
        if scalar.isPlain, ScalarSyntax.isYAML11BooleanWord(scalar.text) {
            throw error("expected true or false, found \(foundDescription)",
                        hint: "booleans are written true or false (YAML 1.2)")
        }
        throw error("expected true or false, found \(foundDescription)")
    }

    /// The items of a list; refuses anything else (including null).
    public func sequence() throws -> [ConfigNode] {
        guard case .sequence(let items) = value else {
            throw error("expected a list, found \(foundDescription)")
        }
        return items
    }

    /// The `key: value` pairs of a mapping, in document order.
    public func mapping() throws -> [(key: String, value: ConfigNode)] {
        try entries().map { (key: $0.key, value: $0.value) }
    }

    /// The pairs of a mapping in document order, with each key located (`entry.keyNode`).
    public func entries() throws -> [ConfigEntry] {
        guard case .mapping(let entries) = value else {
            throw error("expected a mapping, found \(foundDescription)")
        }
        return entries
    }

    /// A list of strings; as a convenience a single scalar reads as a one-item list.
    ///
    /// ```yaml
    /// symbols: ["SPY", "QQQ"]   # ["SPY", "QQQ"]
    /// symbols: SPY              # ["SPY"]
    /// ```
    public func stringList() throws -> [String] {
        if isScalar { return [try string()] }
        guard isSequence else {
            throw error("expected a list of strings, found \(foundDescription)")
        }
        return try sequence().map { try $0.string() }
    }

    /// A list of numbers (`[0.01, 0.02, 0.05]`); a single number is refused (write `[x]`).
    public func doubleList() throws -> [Double] {
        guard isSequence else {
            throw error("expected a list of numbers, found \(foundDescription)")
        }
        return try sequence().map { try $0.double() }
    }

    /// A list of whole numbers (`[5, 10, 15]`); a single number is refused (write `[x]`).
    public func intList() throws -> [Int] {
        guard isSequence else {
            throw error("expected a list of whole numbers, found \(foundDescription)")
        }
        return try sequence().map { try $0.int() }
    }

    /// One of the allowed words (case-sensitive), with a did-you-mean suggestion otherwise.
    ///
    /// `on_failure: retyr` fails with
    /// `on_failure must be one of retry, continue_with_warning, abort_workflow; found 'retyr' — did you mean 'retry'?`
    public func oneOf(_ allowed: [String]) throws -> String {
        let list = allowed.joined(separator: ", ")
        guard case .scalar(let scalar) = value, !scalar.isNull else {
            throw error("\(displayName) must be one of \(list); found \(foundDescription)")
        }
        if allowed.contains(scalar.text) { return scalar.text }
        throw error("\(displayName) must be one of \(list); found '\(Self.abbreviated(scalar.text))'",
                    hint: Suggestions.didYouMean(scalar.text, among: allowed))
    }

    /// A value of a string-backed enum, read with `oneOf` over `E.allCases` in declaration order.
    public func enumeration<E>(_ type: E.Type = E.self) throws -> E
    where E: RawRepresentable & CaseIterable, E.RawValue == String {
        let allowed = E.allCases.map(\.rawValue)
        let text = try oneOf(allowed)
        guard let result = E(rawValue: text) else {
            throw error("\(displayName) must be one of \(allowed.joined(separator: ", ")); found '\(text)'")
        }
        return result
    }

    /// A memory size in bytes: `512MB`, `2GB`, `1.5GiB`, `64 KiB`, or a bare number of bytes.
    ///
    /// Units are case-insensitive. Decimal units are powers of 1000 (`KB`, `MB`, `GB`, `TB`),
    /// binary units powers of 1024 (`KiB`, `MiB`, `GiB`, `TiB`); `B` or no unit means bytes.
    /// The result is rounded to the nearest byte.
    public func byteSize() throws -> Int64 {
        let found = foundDescription
        let expectation = "expected a memory size such as \"512MB\", \"2GB\" or \"1.5GiB\", found \(found)"
        guard let text = scalarText else { throw error(expectation) }
        guard let bytes = ByteSize.parse(text) else {
            throw error(expectation, hint: "units: B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024)")
        }
        return bytes
    }

    /// The text of a plain (unquoted) scalar that could be a number, or a typed error.
    func plainScalarText(expected: String) throws -> String {
        guard case .scalar(let scalar) = value, !scalar.isNull else {
            throw error("expected \(expected), found \(foundDescription)")
        }
        guard scalar.isPlain else {
            let looksNumeric = ScalarSyntax.number(ScalarSyntax.trimmed(scalar.text)) != nil
            throw error("expected \(expected), found \(foundDescription)",
                        hint: looksNumeric ? "remove the quotes" : nil)
        }
        return scalar.text
    }

    /// A finite number from a plain scalar, or a typed error naming `expected`.
    func number(expected: String) throws -> Double {
        let text = try plainScalarText(expected: expected)
        if let number = ScalarSyntax.number(text) { return number }
        if ScalarSyntax.isSpecialFloat(text) {
            throw error("expected \(expected), found \(text)", hint: "infinity and NaN are not allowed here")
        }
        throw error("expected \(expected), found \(foundDescription)")
    }
}
