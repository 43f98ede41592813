import Foundation

/// Reads data published at its own times from CSV: one row per observation,
///
///     date,published,score,volume
///     2020-01-15,2020-01-16T08:30:00,0.42,1200
///
/// `date` (required) is the event time — what the row describes; `published` (optional) is
/// when it became public. Without a `published` column every row is published `lagSeconds`
/// after its date (a declared publication lag). Every other column is one numeric series; an
/// empty cell is a missing observation. Timestamps are dates or date-times (UTC) as in the bar
/// files. Problems are ``MarketDataError``s naming the file, line and column.
public enum PointInTimeCSV {
    public static func load(path: String, prefix: String, lagSeconds: Int64) throws -> [PointInTimeSeries] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MarketDataError(file: path, reason: "cannot read the file", hint: "check the path")
        }
        return try parse(data, file: path, prefix: prefix, lagSeconds: lagSeconds)
    }

    /// ``load(path:prefix:lagSeconds:)`` of bytes already read (`file` names them in errors).
    public static func parse(_ data: Data, file path: String, prefix: String, lagSeconds: Int64) throws -> [PointInTimeSeries] {
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false)
            .map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) else {
            throw MarketDataError(file: path, reason: "the file is empty", hint: "a header line `date,<column>,…` is needed")
        }
        guard let dateColumn = header.firstIndex(of: "date") else {
            throw MarketDataError(file: path, line: 1, reason: "no `date` column (the event time of each row)",
                                  hint: "name the first column date")
        }
        let publishedColumn = header.firstIndex(of: "published")
        let valueColumns = header.indices.filter { $0 != dateColumn && $0 != publishedColumn }
        guard !valueColumns.isEmpty else {
            throw MarketDataError(file: path, line: 1, reason: "no value columns besides date and published")
        }
        var records = [[PointInTimeRecord]](repeating: [], count: valueColumns.count)
        for (offset, line) in lines.enumerated().dropFirst() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let number = offset + 1
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == header.count else {
                throw MarketDataError(file: path, line: number, reason: "\(cells.count) fields, the header has \(header.count)")
            }
            guard let event = Timestamps.parse(cells[dateColumn]) else {
                throw MarketDataError(file: path, line: number, field: "date", reason: "unreadable date '\(cells[dateColumn])'",
                                      hint: "write YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS")
            }
            var published = event &+ max(0, lagSeconds)
            if let column = publishedColumn {
                guard let time = Timestamps.parse(cells[column]) else {
                    throw MarketDataError(file: path, line: number, field: "published", reason: "unreadable time '\(cells[column])'")
                }
                guard time >= event else {
                    throw MarketDataError(file: path, line: number, field: "published",
                                          reason: "published \(cells[column]) before the date it describes (\(cells[dateColumn]))")
                }
                published = time
            }
            for (k, column) in valueColumns.enumerated() where !cells[column].isEmpty {
                guard let value = Double(cells[column]), value.isFinite else {
                    throw MarketDataError(file: path, line: number, field: header[column], reason: "'\(cells[column])' is not a number")
                }
                records[k].append(PointInTimeRecord(eventTime: event, publishedAt: published, value: value))
            }
        }
        return valueColumns.enumerated().map { k, column in
            PointInTimeSeries(name: "\(prefix).\(header[column])", records: records[k])
        }
    }
}
