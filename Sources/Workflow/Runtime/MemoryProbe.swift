import Foundation

/// Reads the process's resident memory, for `memory_limit_gb`.
public enum MemoryProbe {
    /// Current resident set size in bytes (`VmRSS` of `/proc/self/status`), or `nil` where unavailable.
    public static func residentBytes() -> Int64? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let digits = line.split(separator: " ").compactMap { Int64($0) }
            if let kilobytes = digits.first { return kilobytes * 1024 }
        }
        return nil
    }
}
