/// The structure of one row, checked before any of its fields is read: how many fields
/// it has, and whether its quotes close.
///
/// The rule: a row must have exactly as many fields as the header, and every quote it
/// opens must close on its line (see ``CSVFields``). A row that breaks it is refused as a
/// whole, with no field read.
///
/// The reason: fields are found by position, so a row with a field too many reads every
/// later column from the wrong place. The usual cause is a number written with thousands
/// separators — volume `10,807,800` makes the row `…,10,807,800`, and taking the fields
/// the header names would read volume 10 and say nothing. Fewer fields than the header
/// means a missing field or a line cut short. Extra *empty* fields (a trailing comma) are
/// refused too: RFC 4180 asks for the same number of fields on every line, and a file
/// that ends every row with a comma should end its header with one as well.
struct RowShape {
    /// The number of fields in the row.
    var fieldCount: Int
    /// The column (0-based) whose opening quote is not closed on the line, if any.
    var unclosedQuoteColumn: Int?

    /// What is wrong with this shape for `header`, or `nil` when nothing is; the line
    /// `lineStart..<lineEnd` is re-read only to word the message.
    func problem(
        header: CSVHeader, bytes: UnsafeBufferPointer<UInt8>, lineStart: Int, lineEnd: Int
    ) -> String? {
        if let column = unclosedQuoteColumn {
            return "field \(column + 1) opens a quote (\") that is not closed on this line; "
                + "close it (a quoted field cannot span lines, and a \" inside a quoted field is written \"\")"
        }
        let expected = header.fields.count
        if fieldCount > expected {
            let lead = "row has \(fieldCount) fields but the header has \(expected)"
            if let number = Self.groupedNumber(bytes, lineStart, lineEnd, header: header) {
                return lead + ": is \(number) one number written with thousands separators? "
                    + "remove the commas or quote the field (\"\(number)\")"
            }
            return lead + ": a comma inside a field (such as thousands separators in 1,234,567)? "
                + "remove it or quote the field"
        }
        if fieldCount < expected {
            let noun = fieldCount == 1 ? "field" : "fields"
            return "row has \(fieldCount) \(noun) but the header has \(expected): "
                + "a missing field or a line cut short? every row needs one field per header column"
        }
        return nil
    }

    /// The line refused for its length (see ``ChunkedFileReader``).
    static func tooLong(limit: Int) -> String {
        "line is longer than \(limit) bytes: not a row of bar data "
            + "(binary data, or lines that end with \\r only?)"
    }

    /// The run of consecutive fields that reads as one number split at its thousands
    /// separators — `11`, `192`, `900` → `"11,192,900"` — and explains the extra fields,
    /// or `nil` when no run does.
    ///
    /// A candidate is a field of 1 to 3 digits (not starting with `0`) followed by fields of
    /// exactly 3 digits (the last may carry a decimal fraction), one field longer than the
    /// number of extra fields, so that joining it gives the header's field count. It is
    /// taken only if, joined, every price and volume column of the row then parses as a
    /// number — a row `…,103,104.5,101.5,104,1,note` is not mistaken for 103,104.5. Of
    /// several, the last wins (volume, the usual culprit, is usually the last column). A
    /// run longer than ``FieldParsing/messageTextLimit`` characters is no real number.
    static func groupedNumber(
        _ bytes: UnsafeBufferPointer<UInt8>, _ lineStart: Int, _ lineEnd: Int, header: CSVHeader
    ) -> String? {
        let texts = CSVFields.all(bytes, lineStart, lineEnd).map { field -> [UInt8] in
            var lo = field.start
            var hi = field.end
            FieldParsing.trim(bytes, &lo, &hi)
            return Array(UnsafeBufferPointer(rebasing: bytes[lo..<hi]))
        }
        let extra = texts.count - header.fields.count
        guard extra > 0 else { return nil }
        func isDigits(_ text: ArraySlice<UInt8>) -> Bool { text.allSatisfy { $0 &- 0x30 < 10 } }
        func isGroup(_ text: [UInt8], last: Bool) -> Bool {
            guard text.count >= 3, isDigits(text[0..<3]) else { return false }
            if text.count == 3 { return true }
            return last && text[3] == 0x2E && text.count >= 5 && isDigits(text[4...])
        }
        let numeric = [header.open, header.high, header.low, header.close] + (header.volume.map { [$0] } ?? [])
        var found: String?
        for j in 0..<(texts.count - extra) {
            let k = j + extra + 1  // the run is texts[j..<k]
            let lead = texts[j]
            guard (1...3).contains(lead.count), isDigits(lead[...]), lead[0] != 0x30,
                (j + 1..<k).allSatisfy({ isGroup(texts[$0], last: $0 == k - 1) })
            else { continue }
            let joined = Array(texts[j..<k].joined(separator: [0x2C]))
            let merged = Array(texts[..<j]) + [joined.filter { $0 != 0x2C }] + Array(texts[k...])
            let parses = numeric.allSatisfy { column in
                merged[column].withUnsafeBufferPointer {
                    if case .value = FieldParsing.parseNumber($0, 0, $0.count) { return true }
                    return false
                }
            }
            if parses { found = String(decoding: joined, as: UTF8.self) }
        }
        guard let found, found.utf8.count <= FieldParsing.messageTextLimit else { return nil }
        return found
    }
}
