import Foundation

/// Reads the process's memory use: resident set for `memory_limit_gb`, high-water mark for reports.
public enum MemoryProbe {
    /// Current resident set size in bytes (`VmRSS` of `/proc/self/status`), or `nil` where unavailable.
    public static func residentBytes() -> Int64? { statusField("VmRSS:") }

    /// The resident-set high-water mark in bytes (`VmHWM`): the most the process has held since
    /// it started or since the last ``resetPeak()``, or `nil` where unavailable.
    public static func peakBytes() -> Int64? { statusField("VmHWM:") }

    /// Resets the high-water mark to the current resident size (Linux: writing `5` to
    /// `/proc/self/clear_refs`), so ``peakBytes()`` measures one phase. Where that is not
    /// possible the mark keeps counting from the process start (an upper bound). Phases of
    /// parallel branches share one process, so their peaks include each other's memory.
    public static func resetPeak() {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return }
        try? handle.write(contentsOf: Data("5".utf8))
        try? handle.close()
    }

    private static func statusField(_ prefix: String) -> Int64? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(prefix) {
            let digits = line.split(separator: " ").compactMap { Int64($0) }
            if let kilobytes = digits.first { return kilobytes * 1024 }
        }
        return nil
    }
}
