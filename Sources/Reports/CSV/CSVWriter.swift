/// CSV files for report tables (RFC 4180).
///
/// The header row is the column names; fields containing a comma, a double quote,
/// a line break or leading/trailing spaces are quoted, with quotes doubled. Lines end
/// in `\n`, including the last one. Numbers are written at full precision (the
/// shortest decimal that round-trips), percentages as raw fractions (12.3% → 0.123),
/// NaN and empty cells as an empty field.
///
/// ```swift
/// CSVWriter.render(ReportTable(title: "t", columns: ["name", "note"],
///                              rows: [[.text("a,b"), .text("say \"hi\"")]]))
/// // name,note
/// // "a,b","say ""hi"""
/// ```
public enum CSVWriter {
    public static func render(_ table: ReportTable) -> String {
        var out = ""
        appendLine(table.columns, to: &out)
        for row in table.rows {
            appendLine(table.normalized(row).map(\.csvText), to: &out)
        }
        return out
    }

    /// Writes the table's CSV atomically to `path`, creating missing directories.
    public static func write(_ table: ReportTable, to path: String) throws {
        try AtomicFile.write(render(table), to: path)
    }

    /// One field, quoted when needed.
    public static func field(_ text: String) -> String {
        let needsQuotes = text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || text.first == " " || text.last == " "
        guard needsQuotes else { return text }
        var quoted = "\""
        for character in text {
            if character == "\"" { quoted += "\"\"" } else { quoted.append(character) }
        }
        return quoted + "\""
    }

    private static func appendLine(_ fields: [String], to out: inout String) {
        var first = true
        for text in fields {
            if !first { out += "," }
            first = false
            out += field(text)
        }
        out += "\n"
    }
}
