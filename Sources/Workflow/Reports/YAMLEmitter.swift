import Reports

/// JSON as block-style YAML, deterministically: keys in the object's order, strings and keys
/// as double-quoted scalars with JSON escapes (valid YAML 1.2), numbers as
/// ``JSONValue/format(_:)`` (shortest round-trip decimal; NaN and ±∞ as `null`), `true` /
/// `false` / `null`, and `[]` / `{}` for empty collections.
enum YAMLEmitter {
    static func emit(_ value: JSONValue) -> String {
        var out = ""
        switch value {
        case .object(let pairs) where !pairs.isEmpty: mapping(pairs, indent: 0, into: &out)
        case .array(let items) where !items.isEmpty: sequence(items, indent: 0, into: &out)
        default: out = scalar(value) + "\n"
        }
        return out
    }

    private static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return JSONValue.format(number)
        case .string: return value.serialized()
        case .array: return "[]"
        case .object: return "{}"
        }
    }

    private static func isBlock(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let pairs): return !pairs.isEmpty
        case .array(let items): return !items.isEmpty
        default: return false
        }
    }

    private static func mapping(_ pairs: [(String, JSONValue)], indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent)
        for (key, member) in pairs {
            let quoted = JSONValue.string(key).serialized()
            if isBlock(member) {
                out += "\(pad)\(quoted):\n"
                block(member, indent: indent + 1, into: &out)
            } else {
                out += "\(pad)\(quoted): \(scalar(member))\n"
            }
        }
    }

    private static func sequence(_ items: [JSONValue], indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent)
        for item in items {
            if isBlock(item) {
                out += "\(pad)-\n"
                block(item, indent: indent + 1, into: &out)
            } else {
                out += "\(pad)- \(scalar(item))\n"
            }
        }
    }

    private static func block(_ value: JSONValue, indent: Int, into out: inout String) {
        switch value {
        case .object(let pairs): mapping(pairs, indent: indent, into: &out)
        case .array(let items): sequence(items, indent: indent, into: &out)
        default: out += String(repeating: "  ", count: indent) + scalar(value) + "\n"
        }
    }
}
