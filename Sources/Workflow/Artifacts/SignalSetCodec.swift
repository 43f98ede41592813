import Market
import Reports
import Strategies

/// Reads and writes `signal_set` artifacts.
///
/// ```json
/// {"dates": ["2005-03-01", …],
///  "series": [{"strategy": "momentum", "parameters": {…}, "symbol": "AAPL", "values": [0, 1, 1, …]}]}
/// ```
public enum SignalSetCodec {
    public struct Entry: Sendable, Equatable {
        public var strategy: String
        public var parameters: ParameterSet
        public var symbol: String
        public var values: [Double]
    }

    public static func encode(timestamps: [Int64], _ series: [Entry]) -> JSONValue {
        encode(dates: timestamps.map(Timestamps.format), series)
    }

    public static func encode(dates: [String], _ series: [Entry]) -> JSONValue {
        .object([
            ("dates", .array(dates.map { .string($0) })),
            ("series", .array(series.map { entry in
                .object([
                    ("strategy", .string(entry.strategy)),
                    ("parameters", .object(entry.parameters.sortedPairs.map { ($0.name, .number($0.value)) })),
                    ("symbol", .string(entry.symbol)),
                    ("values", .array(entry.values.map { .number($0) })),
                ])
            })),
        ])
    }

    public static func decode(_ value: JSONValue) throws -> (dates: [String], series: [Entry]) {
        guard let dates = value["dates"]?.arrayValue?.compactMap(\.stringValue), let list = value["series"]?.arrayValue else {
            throw WorkflowError("a signal_set artifact needs 'dates' and 'series'")
        }
        let series = try list.map { item -> Entry in
            guard let strategy = item["strategy"]?.stringValue, let symbol = item["symbol"]?.stringValue,
                  let values = item["values"]?.arrayValue?.map({ $0.doubleValue ?? .nan }) else {
                throw WorkflowError("a signal series lacks strategy, symbol or values")
            }
            var parameters: [String: Double] = [:]
            for (key, number) in item["parameters"]?.objectValue ?? [] { parameters[key] = number.doubleValue ?? .nan }
            guard values.count == dates.count else {
                throw WorkflowError("signal series \(strategy)/\(symbol) has \(values.count) values for \(dates.count) dates")
            }
            return Entry(strategy: strategy, parameters: ParameterSet(parameters), symbol: symbol, values: values)
        }
        return (dates, series)
    }

    /// Exposure, long/short shares and the number of changes of each series.
    public static func metadata(_ series: [Entry]) -> JSONValue {
        .object([("series", .array(series.map { entry in
            let n = Double(max(1, entry.values.count))
            let changes = zip(entry.values, entry.values.dropFirst()).filter { $0 != $1 }.count
            let absolute = entry.values.map { abs($0.isFinite ? $0 : 0) }
            return .object([
                ("strategy", .string(entry.strategy)), ("symbol", .string(entry.symbol)),
                ("bars", .integer(entry.values.count)),
                ("exposure", .number(Double(entry.values.filter { $0 != 0 && $0.isFinite }.count) / n)),
                ("long_share", .number(Double(entry.values.filter { $0 > 0 }.count) / n)),
                ("short_share", .number(Double(entry.values.filter { $0 < 0 }.count) / n)),
                ("mean_strength", .number(absolute.reduce(0, +) / n)),
                ("changes", .integer(changes)),
            ])
        }))])
    }
}
