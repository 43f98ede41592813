/// Splits one line of a CSV file into fields, with RFC 4180 quoting.
///
/// The rules:
///
/// - Fields are separated by commas. Spaces and tabs around a field are allowed and trimmed later.
/// - A field whose first non-blank byte is `"` is quoted: it runs to the next `"` that is
///   not doubled, so it may contain commas, and `""` inside it stands for one `"`.
///   Anything between the closing quote and the next comma stays part of the field
///   (and then fails to parse if the column is used).
/// - A `"` inside an unquoted field is an ordinary character.
/// - A quoted field must close on its own line. RFC 4180 lets a quoted field span lines,
///   but no bar field contains a line break; the reason for refusing it is that one
///   stray quote would otherwise swallow every later line of the file into one row.
///   An unclosed quote is reported as a problem of its row.
enum CSVFields {
    /// One field of a line.
    struct Field {
        /// The field's bytes, `start..<end`: surrounding blanks and quotes included (see ``FieldParsing/trim(_:_:_:)``).
        var start: Int
        var end: Int
        /// Where the next field starts; past `lineEnd` when this was the last field.
        var next: Int
        /// Whether the field opened a quote that the line does not close.
        var unclosedQuote: Bool
    }

    /// The field that starts at `from` (at most `lineEnd`).
    @inline(__always)
    static func field(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, lineEnd: Int) -> Field {
        var i = from
        while i < lineEnd, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        if i < lineEnd, bytes[i] == 0x22 {
            i += 1
            while true {
                guard i < lineEnd else {
                    return Field(start: from, end: lineEnd, next: lineEnd + 1, unclosedQuote: true)
                }
                if bytes[i] == 0x22 {
                    if i + 1 < lineEnd, bytes[i + 1] == 0x22 {
                        i += 2
                        continue
                    }
                    i += 1
                    break
                }
                i += 1
            }
        }
        while i < lineEnd, bytes[i] != 0x2C { i += 1 }
        return Field(start: from, end: i, next: i + 1, unclosedQuote: false)
    }

    /// Every field of the line `lineStart..<lineEnd` (at least one, possibly empty).
    static func all(_ bytes: UnsafeBufferPointer<UInt8>, _ lineStart: Int, _ lineEnd: Int) -> [Field] {
        var fields: [Field] = []
        var position = lineStart
        while true {
            let field = field(bytes, from: position, lineEnd: lineEnd)
            fields.append(field)
            if field.next > lineEnd { return fields }
            position = field.next
        }
    }

    /// The text of a field as written, without surrounding blanks and with quoting undone
    /// (`"a ""b"""` → `a "b"`); used for header names.
    static func unquotedText(_ bytes: UnsafeBufferPointer<UInt8>, _ field: Field) -> String {
        var lo = field.start
        var hi = field.end
        while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
        while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 { hi -= 1 }
        guard hi - lo >= 2, bytes[lo] == 0x22, bytes[hi - 1] == 0x22 else {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[lo..<hi]), as: UTF8.self)
        }
        var text: [UInt8] = []
        text.reserveCapacity(hi - lo - 2)
        var i = lo + 1
        while i < hi - 1 {
            text.append(bytes[i])
            i += bytes[i] == 0x22 && i + 1 < hi - 1 && bytes[i + 1] == 0x22 ? 2 : 1
        }
        return String(decoding: text, as: UTF8.self)
    }
}
