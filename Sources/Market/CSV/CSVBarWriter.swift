#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes bars as CSV that ``CSVBarLoader`` reads back exactly.
///
/// The header is `timestamp,open,high,low,close,volume`; timestamps are written by
/// ``Timestamps/format(_:)`` and numbers as the shortest decimal that round-trips
/// to the same `Double` (integral values without `.0`), so loading the file gives
/// back the identical series.
///
/// ```swift
/// let (series, _) = try SyntheticMarket.generate(.default)
/// try CSVBarWriter.write(series[0], to: "/tmp/syn_daily.csv")
/// ```
public enum CSVBarWriter {
    /// The CSV text of `bars`, ending with a newline.
    public static func csv(_ bars: BarSeries) -> String {
        var text = "timestamp,open,high,low,close,volume\n"
        text.reserveCapacity(bars.count * 48 + 40)
        for i in 0..<bars.count {
            text += Timestamps.format(bars.timestamps[i])
            for column in [bars.open, bars.high, bars.low, bars.close, bars.volume] {
                text += ","
                text += number(column[i])
            }
            text += "\n"
        }
        return text
    }

    /// Writes `csv(bars)` to `path`, replacing any file there.
    public static func write(_ bars: BarSeries, to path: String) throws {
        let text = csv(bars)
        guard let file = fopen(path, "wb") else {
            throw MarketDataError(file: path, reason: "cannot create file: \(String(cString: strerror(errno)))")
        }
        let written = text.utf8.withContiguousStorageIfAvailable { fwrite($0.baseAddress, 1, $0.count, file) }
            ?? Array(text.utf8).withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
        let closed = fclose(file)
        guard written == text.utf8.count, closed == 0 else {
            throw MarketDataError(file: path, reason: "cannot write file: \(String(cString: strerror(errno)))")
        }
    }

    /// The shortest decimal that reads back as `x` (`52.72`, `1200`), as bar files write numbers.
    public static func number(_ x: Double) -> String {
        let text = x.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
