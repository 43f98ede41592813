import ADMFTestSupport
import Foundation

/// The columns of a bundled daily data file (`timestamp,open,high,low,close,volume`).
///
/// A deliberately small reader so these tests do not depend on the Market module.
struct MarketCSV {
    var timestamp: [String] = []
    var open: [Double] = []
    var high: [Double] = []
    var low: [Double] = []
    var close: [Double] = []
    var volume: [Double] = []

    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    /// Reads `data/<name>`, keeping rows from `firstRow` on (0-based, header excluded).
    static func load(_ name: String, firstRow: Int = 0) throws -> MarketCSV {
        let path = RepositoryPaths.dataFile(name)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline)
        guard !lines.isEmpty else { throw Malformed(description: "\(path): empty") }
        let header = lines.removeFirst().split(separator: ",").map { String($0) }
        let expected = ["timestamp", "open", "high", "low", "close", "volume"]
        guard header == expected else {
            throw Malformed(description: "\(path): header \(header), expected \(expected)")
        }
        var table = MarketCSV()
        for (row, line) in lines.enumerated() where row >= firstRow {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 6 else {
                throw Malformed(description: "\(path): row \(row) has \(fields.count) fields")
            }
            var numbers: [Double] = []
            for field in fields.dropFirst() {
                guard let value = Double(field) else {
                    throw Malformed(description: "\(path): row \(row): '\(field)' is not a number")
                }
                numbers.append(value)
            }
            table.timestamp.append(String(fields[0]))
            table.open.append(numbers[0])
            table.high.append(numbers[1])
            table.low.append(numbers[2])
            table.close.append(numbers[3])
            table.volume.append(numbers[4])
        }
        return table
    }

    /// True at the first bar and wherever the calendar month changes from the previous bar.
    var monthStarts: [Bool] {
        timestamp.indices.map { i in
            i == 0 || timestamp[i].prefix(7) != timestamp[i - 1].prefix(7)
        }
    }
}
