/// One table of a report: rendered as an HTML table, a CSV file and a JSON document.
///
/// ```swift
/// let table = ReportTable(title: "Top parameter sets", columns: ["fast", "slow", "sharpe"],
///                         rows: [[.integer(10), .integer(40), .number(1.234, decimals: 2)]])
/// CSVWriter.render(table)        // "fast,slow,sharpe\n10,40,1.234\n"
/// ```
///
/// Rows shorter than `columns` are padded with empty cells; cells beyond the last
/// column are not rendered.
public struct ReportTable: Sendable, Equatable {
    public var title: String
    public var columns: [String]
    public var rows: [[ReportCell]]

    public init(title: String, columns: [String], rows: [[ReportCell]] = []) {
        self.title = title
        self.columns = columns
        self.rows = rows
    }

    public mutating func append(_ row: [ReportCell]) {
        rows.append(row)
    }

    /// The row padded (or cut) to exactly `columns.count` cells.
    func normalized(_ row: [ReportCell]) -> [ReportCell] {
        let width = columns.count
        if row.count == width { return row }
        if row.count > width { return Array(row.prefix(width)) }
        return row + Array(repeating: .empty, count: width - row.count)
    }

    /// Whether every non-empty cell of column `index` is numeric (and at least one is).
    func isNumericColumn(_ index: Int) -> Bool {
        var sawNumber = false
        for row in rows where index < row.count {
            switch row[index] {
            case .empty: continue
            case .number, .percent, .integer: sawNumber = true
            case .text, .date: return false
            }
        }
        return sawNumber
    }

    /// The table as JSON: `{"title": …, "columns": […], "rows": [{column: value, …}, …]}`,
    /// with full-precision numbers, percentages as raw fractions, empty cells and
    /// non-finite numbers as `null`, and keys in column order.
    public func jsonValue() -> JSONValue {
        let records: [JSONValue] = rows.map { row in
            let cells = normalized(row)
            return .object(columns.enumerated().map { ($0.element, cells[$0.offset].jsonValue) })
        }
        return .object([
            ("title", .string(title)),
            ("columns", .array(columns.map(JSONValue.string))),
            ("rows", .array(records)),
        ])
    }
}

/// One cell of a ``ReportTable``.
public enum ReportCell: Sendable, Equatable {
    case text(String)
    /// A number shown with `decimals` places (thousands separators in HTML).
    case number(Double, decimals: Int)
    /// A fraction shown as a percentage: `.percent(0.1234, decimals: 1)` shows "12.3%".
    case percent(Double, decimals: Int)
    case integer(Int)
    /// A date or timestamp, already formatted by the caller ("2024-03-31").
    case date(String)
    case empty

    /// The text shown in HTML: rounded numbers with thousands separators, "—" for NaN
    /// and empty cells, "∞"/"-∞" for infinities.
    public var displayText: String {
        switch self {
        case .text(let text), .date(let text): return text
        case .number(let value, let decimals):
            return value.isFinite ? ReportFormat.fixed(value, decimals: decimals, grouping: true)
                                  : ReportCell.displayNonFinite(value)
        case .percent(let value, let decimals):
            return value.isFinite ? ReportFormat.percent(value, decimals: decimals, grouping: true)
                                  : ReportCell.displayNonFinite(value)
        case .integer(let value): return ReportFormat.integer(value, grouping: true)
        case .empty: return "—"
        }
    }

    /// The CSV field before quoting: full precision (shortest round-trip), percentages
    /// as raw fractions, NaN and empty as an empty field, infinities as "inf"/"-inf".
    public var csvText: String {
        switch self {
        case .text(let text), .date(let text): return text
        case .number(let value, _), .percent(let value, _):
            return value.isNaN ? "" : ReportFormat.shortest(value)
        case .integer(let value): return String(value)
        case .empty: return ""
        }
    }

    /// The cell as JSON: numbers at full precision (non-finite as `null`), percentages as fractions.
    public var jsonValue: JSONValue {
        switch self {
        case .text(let text), .date(let text): return .string(text)
        case .number(let value, _), .percent(let value, _): return .number(value)
        case .integer(let value): return .integer(value)
        case .empty: return .null
        }
    }

    /// Whether the cell holds a number below zero.
    var isNegative: Bool {
        switch self {
        case .number(let value, let decimals):
            return value < 0 && ReportFormat.fixed(value, decimals: decimals).hasPrefix("-")
        case .percent(let value, let decimals):
            return value < 0 && ReportFormat.percent(value, decimals: decimals).hasPrefix("-")
        case .integer(let value): return value < 0
        default: return false
        }
    }

    var isNumeric: Bool {
        switch self {
        case .number, .percent, .integer: return true
        default: return false
        }
    }

    static func displayNonFinite(_ value: Double) -> String {
        value.isNaN ? "—" : (value > 0 ? "∞" : "-∞")
    }
}
