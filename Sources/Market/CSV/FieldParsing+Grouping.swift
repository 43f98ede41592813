extension FieldParsing {
    /// A number written with commas as thousands separators, such as the quoted field
    /// `"10,807,800"`, read only when no other reading is possible.
    ///
    /// The rule: an optional sign, a first group of 1 to 3 digits not starting with `0`,
    /// then groups of exactly 3 digits each after a comma, then optionally `.` and
    /// digits. Such a number is read (commas dropped, then parsed exactly as any other
    /// field) when it has **two or more commas** or **a decimal point** — `10,807,800`,
    /// `1,234.5`: a decimal comma cannot be followed by another comma or by a point.
    /// With one comma and no point, `1,234` is ``NumberResult/ambiguousGrouping``: it is
    /// 1234 with a thousands separator or 1.234 with a decimal comma, and the file does
    /// not say which. Anything else with a comma (`12,5`, `1,23,456`, `1,2345`) is
    /// ``NumberResult/invalid``.
    ///
    /// The reason: spreadsheets export volumes as `"10,807,800"`; refusing them would be
    /// pedantic, but guessing `"1,234"` could silently misread a price by a factor of 1000.
    ///
    /// Only quoted fields can contain commas (an unquoted comma ends the field), so
    /// only they reach this path.
    static func groupedNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> NumberResult {
        var i = lo
        if i < hi, bytes[i] == 0x2D || bytes[i] == 0x2B { i += 1 }
        let leadStart = i
        while i < hi, bytes[i] &- 0x30 < 10 { i += 1 }
        guard (1...3).contains(i - leadStart), bytes[leadStart] != 0x30 else { return .invalid }
        var commas = 0
        while i < hi, bytes[i] == 0x2C {
            i += 1
            let groupStart = i
            while i < hi, bytes[i] &- 0x30 < 10 { i += 1 }
            guard i - groupStart == 3 else { return .invalid }
            commas += 1
        }
        var hasPoint = false
        if i < hi, bytes[i] == 0x2E {
            i += 1
            let fractionStart = i
            while i < hi, bytes[i] &- 0x30 < 10 { i += 1 }
            guard i > fractionStart else { return .invalid }
            hasPoint = true
        }
        guard i == hi, commas >= 1 else { return .invalid }
        guard commas >= 2 || hasPoint else { return .ambiguousGrouping }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: hi - lo) { buffer in
            var count = 0
            for k in lo..<hi where bytes[k] != 0x2C {
                buffer[count] = bytes[k]
                count += 1
            }
            return parseNumber(UnsafeBufferPointer(rebasing: buffer[0..<count]), 0, count)
        }
    }
}
