/// Keyed access on mapping nodes: optional and required children, and unknown-key checks.
///
/// ```yaml
/// optimization:
///   method: "grid"        # child("method")?.string() == "grid"
///   objective:            # child("objective") == nil (null counts as absent)
///   methd: "x"            # checkKeys(allowed: ["method", "objective"]) fails here, at 4:3
/// ```
extension ConfigNode {
    /// The mapping's keys in document order (empty for non-mappings).
    public var keys: [String] {
        guard case .mapping(let entries) = value else { return [] }
        return entries.map(\.key)
    }

    /// Whether the mapping has `key`, even with a null value.
    public func has(_ key: String) -> Bool {
        keys.contains(key)
    }

    /// The value under `key`; `nil` when the key is absent, its value is null, or this is not a mapping.
    public func child(_ key: String) -> ConfigNode? {
        guard let entry = entry(key), !entry.value.isNull else { return nil }
        return entry.value
    }

    /// The key node itself (for errors that should point at the key rather than its value).
    public func keyNode(_ key: String) -> ConfigNode? {
        entry(key)?.keyNode
    }

    /// The value under `key`, or an error: `missing required key 'type'` at this mapping, or
    /// `'type' has no value` at the key when it is present but null.
    public func require(_ key: String) throws -> ConfigNode {
        guard case .mapping = value else {
            throw error("expected a mapping with key '\(key)', found \(foundDescription)")
        }
        guard let entry = entry(key) else {
            throw error("missing required key '\(key)'")
        }
        guard !entry.value.isNull else {
            throw entry.keyNode.error("'\(key)' has no value")
        }
        return entry.value
    }

    /// Fails on the first key (in document order) that is not in `allowed`, at that key's own
    /// line and column, with a did-you-mean suggestion and the allowed keys (sorted).
    /// Also fails when this node is not a mapping (null counts as an empty mapping).
    ///
    /// `phases[0].config.optimization: unknown key 'methd' — did you mean 'method'? (allowed: method, n_trials, objective, parameters)`
    public func checkKeys(allowed: [String]) throws {
        if isNull { return }
        for entry in try entries() where !allowed.contains(entry.key) {
            let list = allowed.sorted().joined(separator: ", ")
            let hint: String
            if let suggestion = Suggestions.didYouMean(entry.key, among: allowed) {
                hint = "\(suggestion) (allowed: \(list))"
            } else {
                hint = "allowed: \(list)"
            }
            throw ConfigError(file: file, line: entry.keyNode.line, column: entry.keyNode.column,
                              path: path, message: "unknown key '\(Self.abbreviated(entry.key))'", hint: hint)
        }
    }

    /// The first entry named `key`.
    func entry(_ key: String) -> ConfigEntry? {
        guard case .mapping(let entries) = value else { return nil }
        return entries.first { $0.key == key }
    }
}

/// Optional typed reads of mapping children, used by the section readers.
extension ConfigNode {
    /// `child(key)` read with `read`, or `nil` when the key is absent or null.
    ///
    /// ```swift
    /// let trials = try node.optional("n_trials") { try $0.int() }   // Int?
    /// ```
    public func optional<T>(_ key: String, _ read: (ConfigNode) throws -> T) rethrows -> T? {
        guard let node = child(key) else { return nil }
        return try read(node)
    }

    func optString(_ key: String) throws -> String? { try optional(key) { try $0.string() } }
    func optBool(_ key: String) throws -> Bool? { try optional(key) { try $0.bool() } }
    func optStringList(_ key: String) throws -> [String]? { try optional(key) { try $0.stringList() } }

    func optEnum<E>(_ key: String, _ type: E.Type = E.self) throws -> E?
    where E: RawRepresentable & CaseIterable, E.RawValue == String {
        try optional(key) { try $0.enumeration(E.self) }
    }

    /// An optional whole number that must be at least `minimum`.
    func optInt(_ key: String, atLeast minimum: Int) throws -> Int? {
        guard let node = child(key) else { return nil }
        let number = try node.int()
        guard number >= minimum else {
            throw node.error("\(key) must be at least \(minimum), found \(number)")
        }
        return number
    }

    /// An optional number that must be greater than zero.
    func optPositiveDouble(_ key: String) throws -> Double? {
        guard let node = child(key) else { return nil }
        let number = try node.double()
        guard number > 0 else {
            throw node.error("\(key) must be greater than 0, found \(node.scalarText ?? "\(number)")")
        }
        return number
    }

    /// Throws at this node unless `condition` holds.
    func ensure(_ condition: Bool, _ message: @autoclosure () -> String, hint: String? = nil) throws {
        if !condition { throw error(message(), hint: hint) }
    }
}
