
/// Turns artifact JSON into report tables: scalars into key/value rows, arrays of
/// objects into tables (one column per key, nested objects flattened with dots).
public enum JSONTables {
    /// Scalar members (nested objects flattened as `a.b`), skipping arrays.
    public static func scalars(_ value: JSONValue, prefix: String = "") -> [(String, ReportCell)] {
        guard case .object(let pairs) = value else { return [] }
        var result: [(String, ReportCell)] = []
        for (key, member) in pairs {
            let name = prefix.isEmpty ? key : "\(prefix).\(key)"
            switch member {
            case .object: result += scalars(member, prefix: name)
            case .array: continue
            default: result.append((name, cell(member, key: key)))
            }
        }
        return result
    }

    /// Every array of objects inside `value`, as tables titled by their key path.
    public static func tables(_ value: JSONValue, title: String) -> [ReportTable] {
        var result: [ReportTable] = []
        func walk(_ node: JSONValue, path: String) {
            switch node {
            case .object(let pairs):
                for (key, member) in pairs { walk(member, path: path.isEmpty ? key : "\(path).\(key)") }
            case .array(let items) where !items.isEmpty && items.allSatisfy({ if case .object = $0 { return true }; return false }):
                var columns: [String] = []
                let rows = items.map { item -> [(String, ReportCell)] in
                    let flat = scalars(item)
                    for (key, _) in flat where !columns.contains(key) { columns.append(key) }
                    return flat
                }
                var table = ReportTable(title: path.isEmpty ? title : path, columns: columns)
                for row in rows {
                    table.append(columns.map { column in row.first { $0.0 == column }?.1 ?? .empty })
                }
                result.append(table)
            default:
                break
            }
        }
        walk(value, path: "")
        return result
    }

    static let percentKeys: Set<String> = [
        "total_return", "cagr", "annual_volatility", "max_drawdown", "win_rate", "exposure", "fraction",
        "annualized_return", "var_95", "cvar_95", "var_99", "cvar_99", "parametric_var_95", "parametric_var_99",
        "worst_return", "best_return", "depth", "average_drawdown", "time_under_water", "probability_of_loss",
        "expected_final_return", "return", "volatility", "long_share", "short_share",
    ]

    /// `var_<level>` / `cvar_<level>` at any confidence level (`var_99.9`): a return, shown as a percentage.
    static func isTailKey(_ key: String) -> Bool {
        for prefix in ["var_", "cvar_"] where key.hasPrefix(prefix) {
            return Double(key.dropFirst(prefix.count)) != nil
        }
        return false
    }

    static func cell(_ value: JSONValue, key: String) -> ReportCell {
        switch value {
        case .null: return .empty
        case .bool(let flag): return .text(flag ? "yes" : "no")
        case .string(let text): return .text(text)
        case .number(let number):
            if percentKeys.contains(key) || isTailKey(key) { return .percent(number, decimals: 2) }
            if number.rounded() == number && abs(number) < 1e12 { return .integer(Int(number)) }
            return .number(number, decimals: 4)
        default: return .text(value.serialized())
        }
    }
}
