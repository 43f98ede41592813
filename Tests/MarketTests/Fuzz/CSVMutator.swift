import ADMFTestSupport
import Foundation
import Market

/// Seed inputs and byte-level mutations for the CSV fuzz test.
///
/// Every mutation is drawn from a ``SeededGenerator``, so a case is reproduced exactly
/// from the seed and its index. The mutations are the ways real files go wrong: bit rot
/// (byte flips), editing slips (deleted or duplicated characters, swapped or repeated
/// lines), cut-off writes (truncated lines and files), structure (extra and missing
/// fields, stray quotes, thousands separators), hostile numbers (huge, tiny, `nan`,
/// `inf`, negative), layout (blank lines, BOMs, CRLF, CR-only), and binary garbage.
struct CSVMutator {
    var rng: SeededGenerator

    /// Handmade seeds covering the accepted layouts: Yahoo columns, date + time columns,
    /// epoch seconds and milliseconds, quoted fields, CRLF, no volume, extra columns.
    static let handmade: [String] = [
        "Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,74.06,75.15,73.80,75.09,73.15,135480400\n"
            + "2020-01-03,74.29,75.14,74.13,74.36,72.44,146322800\n2020-01-06,73.45,74.99,73.19,74.95,73.02,118387200\n",
        "Date,Time,Open,High,Low,Close,Volume\r\n2020-01-02,14:30,10,11,9,10.5,1\r\n2020-01-02,14:31:00,10,11,9,10.5,1\r\n"
            + "2020-01-02,14:32,10.25,10.5,10,10.5,3\r\n",
        "timestamp,open,high,low,close\n1577975400,10,11,9,10.5\n1577975460,10,11,9,10.5\n1577975520000,10,11,9,10.5\n",
        "\"timestamp\",\"open\",\"high\",\"low\",\"close\",\"volume\"\n\"2020-01-02\",\"10\",\"11\",\"9\",\"10.5\",\"1,000,000\"\n"
            + "\"2020-01-03\",\"10\",\"11\",\"9\",\"10.5\",\"2,500,000\"\n",
        "symbol,name,timestamp,open,high,low,close,volume,note\nX,\"Acme, Inc.\",2020-01-02T14:30:00Z,1.5,1.75,1.25,1.5,100,\"a \"\"b\"\"\"\n"
            + "X,\"Acme, Inc.\",2020-01-02T14:31:00-05:00,1.5,1.75,1.25,1.5,100,\n",
        "\u{FEFF}timestamp,open,high,low,close,volume\n2020-01-02,1e2,1.1e2,9e1,100,0\n2020-01-03,+100,110.,.9e2,100.0,1E3\n",
    ]

    /// The bundled data files, read once.
    static let bundled: [[String]] = ["aapl_daily.csv", "ibm_daily.csv", "msft_daily.csv"].compactMap { name in
        guard let text = try? String(contentsOfFile: RepositoryPaths.dataFile(name), encoding: .utf8) else { return nil }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// A seed input: a handmade file, or the header of a bundled file with a window of 10 to 120 of its rows.
    mutating func seed() -> [UInt8] {
        if Self.bundled.isEmpty || below(4) == 0 {
            return Array(Self.handmade[below(Self.handmade.count)].utf8)
        }
        let lines = Self.bundled[below(Self.bundled.count)]
        let count = 10 + below(111)
        let start = 1 + below(max(lines.count - count - 1, 1))
        let window = lines[start..<min(start + count, lines.count)]
        return Array(([lines[0]] + window).joined(separator: "\n").utf8) + [0x0A]
    }

    /// `input` with one to four mutations applied.
    mutating func mutate(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        for _ in 0..<(1 + below(4)) { bytes = mutateOnce(bytes) }
        return bytes
    }

    private mutating func mutateOnce(_ input: [UInt8]) -> [UInt8] {
        var b = input
        let n = b.count
        switch below(22) {
        case 0:  // flip one bit
            if n > 0 { b[below(n)] ^= UInt8(1) << UInt8(below(8)) }
        case 1:  // replace one byte
            if n > 0 { b[below(n)] = byte() }
        case 2:  // delete a few characters
            if n > 0 {
                let at = below(n)
                b.removeSubrange(at..<min(n, at + 1 + below(8)))
            }
        case 3:  // duplicate a few characters
            if n > 0 {
                let at = below(n)
                b.insert(contentsOf: b[at..<min(n, at + 1 + below(16))], at: at)
            }
        case 4:  // cut a line short
            if let (start, end) = line(in: b), end > start { b.removeSubrange((start + below(end - start))..<end) }
        case 5:  // truncate the file
            b.removeSubrange(below(n + 1)...)
        case 6:  // an extra field
            if let (_, end) = line(in: b) { b.insert(contentsOf: Array(",\(token())".utf8), at: end) }
        case 7:  // a missing field
            if let (start, end) = line(in: b), let comma = b[start..<end].firstIndex(of: 0x2C) {
                let next = b[(comma + 1)..<end].firstIndex(of: 0x2C) ?? end
                b.removeSubrange(comma..<next)
            }
        case 8:  // a hostile number in place of a number
            replaceNumber(&b, with: ["1e308", "1.8e308", "1e-400", String(repeating: "9", count: 400), "0",
                                     "123456789012345678901234567890", "4.9e-324", "0.000000", "-0", "1e22", "1e23"])
        case 9:  // non-finite text in place of a number
            replaceNumber(&b, with: ["nan", "NaN", "-nan", "inf", "-inf", "Infinity", "+INF", "1e999", "0x1p3", ""])
        case 10:  // blank lines
            b.insert(contentsOf: [[0x0A], [0x0D, 0x0A], [0x20, 0x20, 0x0A], [0x09, 0x0A]][below(4)], at: lineStart(in: b))
        case 11:  // a byte-order mark, at the start or inside
            b.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: below(2) == 0 ? 0 : below(n + 1))
        case 12:  // CRLF line endings
            b = b.flatMap { $0 == 0x0A ? [0x0D, 0x0A] : [$0] }
        case 13:  // CR-only line endings
            b = b.map { $0 == 0x0A ? 0x0D : $0 }
        case 14:  // binary garbage
            b.insert(contentsOf: (0..<(1 + below(64))).map { _ in byte() }, at: below(n + 1))
        case 15:  // a stray quote
            b.insert(0x22, at: below(n + 1))
        case 16:  // thousands separators, quoted or not
            thousands(&b, quoted: below(2) == 0)
        case 17:  // swap two lines
            if let (s1, e1) = line(in: b), let (s2, e2) = line(in: b), s1 != s2 {
                let (a, c) = s1 < s2 ? ((s1, e1), (s2, e2)) : ((s2, e2), (s1, e1))
                if a.1 <= c.0 {
                    let first = Array(b[a.0..<a.1])
                    let second = Array(b[c.0..<c.1])
                    b.replaceSubrange(c.0..<c.1, with: first)
                    b.replaceSubrange(a.0..<a.1, with: second)
                }
            }
        case 18:  // repeat a line (a duplicate timestamp)
            if let (start, end) = line(in: b) { b.insert(contentsOf: b[start..<end] + [0x0A], at: start) }
        case 19:  // a negative number
            if let at = numberStart(in: b) { b.insert(0x2D, at: at) }
        case 20:  // a long line
            b.insert(contentsOf: Array(repeating: UInt8(0x30 + below(10)), count: 1 + below(6000)) + [0x0A], at: lineStart(in: b))
        default:  // spaces and tabs around a field
            if let at = numberStart(in: b) { b.insert(contentsOf: [[0x20], [0x09], [0x20, 0x20]][below(3)], at: at) }
        }
        return b
    }

    // MARK: - Helpers

    mutating func below(_ bound: Int) -> Int {
        bound <= 1 ? 0 : Int(rng.next() % UInt64(bound))
    }

    private mutating func byte() -> UInt8 {
        // Biased towards the bytes that matter to a CSV reader.
        let special: [UInt8] = [0x00, 0x0A, 0x0D, 0x22, 0x2C, 0x2E, 0x2D, 0x65, 0x20, 0x09, 0xFF, 0xC3, 0x80]
        return below(3) == 0 ? special[below(special.count)] : UInt8(truncatingIfNeeded: rng.next())
    }

    private mutating func token() -> String {
        ["", "1", "10", "807", "800", "x", "\"a,b\"", "nan", "2020-01-02", "\"\"", "\""][below(11)]
    }

    /// A random line's bounds (without its `\n`), or `nil` for an empty input.
    private mutating func line(in b: [UInt8]) -> (Int, Int)? {
        guard !b.isEmpty else { return nil }
        let start = lineStart(in: b)
        let end = b[start...].firstIndex(of: 0x0A) ?? b.count
        return (start, end)
    }

    /// The start of a random line.
    private mutating func lineStart(in b: [UInt8]) -> Int {
        guard !b.isEmpty else { return 0 }
        var at = below(b.count)
        while at > 0, b[at - 1] != 0x0A { at -= 1 }
        return at
    }

    /// The start of a random run of digits, or `nil`.
    private mutating func numberStart(in b: [UInt8]) -> Int? {
        guard !b.isEmpty else { return nil }
        var at = below(b.count)
        while at < b.count, !(0x30...0x39).contains(b[at]) { at += 1 }
        guard at < b.count else { return nil }
        while at > 0, (0x30...0x39).contains(b[at - 1]) || b[at - 1] == 0x2E { at -= 1 }
        return at
    }

    private mutating func replaceNumber(_ b: inout [UInt8], with choices: [String]) {
        guard let start = numberStart(in: b) else { return }
        var end = start
        while end < b.count, (0x30...0x39).contains(b[end]) || b[end] == 0x2E { end += 1 }
        b.replaceSubrange(start..<end, with: Array(choices[below(choices.count)].utf8))
    }

    private mutating func thousands(_ b: inout [UInt8], quoted: Bool) {
        guard let start = numberStart(in: b) else { return }
        var end = start
        while end < b.count, (0x30...0x39).contains(b[end]) { end += 1 }
        guard end - start >= 4 else { return }
        var digits = Array(b[start..<end])
        var i = digits.count - 3
        while i > 0 {
            digits.insert(0x2C, at: i)
            i -= 3
        }
        b.replaceSubrange(start..<end, with: quoted ? [0x22] + digits + [0x22] : digits)
    }
}
