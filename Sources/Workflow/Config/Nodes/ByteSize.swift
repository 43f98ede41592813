/// Parses memory sizes such as `512MB`, `2GB`, `1.5GiB` or a bare byte count.
///
/// ```yaml
/// memory_per_container: "512MB"   # 512_000_000
/// memory_per_container: "1.5GiB"  # 1_610_612_736
/// memory_per_container: 4096      # 4096
/// ```
enum ByteSize {
    /// Bytes per unit, keyed by the lower-cased unit; decimal units are powers of 1000,
    /// binary (`…iB`) units powers of 1024.
    static let units: [(unit: String, bytes: Double)] = [
        ("", 1), ("b", 1),
        ("kb", 1e3), ("mb", 1e6), ("gb", 1e9), ("tb", 1e12),
        ("kib", 1024), ("mib", 1_048_576), ("gib", 1_073_741_824), ("tib", 1_099_511_627_776),
    ]

    /// The number of bytes `text` stands for, or `nil` when it is not a size (or is negative or too large).
    static func parse(_ text: String) -> Int64? {
        let trimmed = ScalarSyntax.trimmed(text)
        let numberPart = trimmed.prefix { $0.isASCII && ($0.isNumber || $0 == "." || $0 == "_" || $0 == "+") }
        let unitPart = ScalarSyntax.trimmed(String(trimmed.dropFirst(numberPart.count))).lowercased()
        guard let amount = ScalarSyntax.number(String(numberPart)), amount >= 0,
              let multiplier = units.first(where: { $0.unit == unitPart })?.bytes else { return nil }
        let bytes = (amount * multiplier).rounded()
        guard bytes < 9.2e18 else { return nil }
        return Int64(bytes)
    }
}
