import Backtest
import Ensembles
import Learning
import Market
import Reports
import Signals
import Strategies

/// The label a model learns: the direction of the return that a position decided at bar t
/// earns under the backtester's execution convention.
///
/// With `fill: next_open` and `d` bars of execution delay, the position decided at bar t is
/// filled at bar t + 1 + d's open and its first bar of return runs to the next open:
/// `y_t = 1` if `open[t+2+d] > open[t+1+d]`, else 0 (a tie is 0). With `fill: close` it fills at
/// bar t + d's close: `y_t = 1` if `close[t+1+d] > close[t+d]`. The label reads bars t … t + h
/// (`horizon` h = 2 + d, or 1 + d), which is the label window ``PurgedKFold`` purges by.
struct LabelRule: Sendable, Equatable {
    var fill: FillTiming
    var delay: Int

    init(_ config: BacktestConfig) {
        fill = config.fill
        delay = config.delayBars
    }

    /// h: the label of bar t reads bars t … t + h.
    var horizon: Int { (fill == .nextOpen ? 2 : 1) + delay }

    /// The label of bar `t` from `bars`, or nil when bar t + h is not in `0 ..< limit`.
    func label(_ bars: BarSeries, at t: Int, limit: Int) -> Int? {
        guard t + horizon < min(limit, bars.count) else { return nil }
        switch fill {
        case .nextOpen: return bars.open[t + 2 + delay] > bars.open[t + 1 + delay] ? 1 : 0
        case .close: return bars.close[t + 1 + delay] > bars.close[t + delay] ? 1 : 0
        }
    }

    var description: String {
        fill == .nextOpen
            ? "y_t = 1 if open[t+\(2 + delay)] > open[t+\(1 + delay)] (the position decided at bar t fills at the next open\(delay > 0 ? " after \(delay) bar(s) of delay" : "")), else 0"
            : "y_t = 1 if close[t+\(1 + delay)] > close[t+\(delay)] (fills at the close\(delay > 0 ? " after \(delay) bar(s) of delay" : "")), else 0"
    }
}

/// Rows for a model: one row per (bar, symbol), bar-major, for the bars where every symbol has
/// every feature (and, for training, a label).
struct MLRows: Sendable {
    /// The absolute bar index of each kept bar, ascending; the rows of kept bar k are
    /// `k·S ..< (k+1)·S` (S symbols, in the data's order).
    var bars: [Int]
    var symbols: Int
    var x: FeatureMatrix
    /// One label per row (empty for prediction rows).
    var labels: [Int]

    /// Purged, embargoed K-fold splits over the kept bars (every symbol's row of a bar stays in
    /// the same fold), expanded to rows. Purging counts in kept bars: a gap of kept bars is
    /// never longer than the gap of bars, so every row whose label window [t, t + h] meets a
    /// validation bar's label window is dropped (and perhaps a few more).
    func folds(_ k: Int, horizon: Int, embargo: Int) throws -> [PurgedFold] {
        try PurgedKFold.split(count: bars.count, folds: k, horizon: horizon, embargo: .bars(embargo)).map { fold in
            PurgedFold(test: (fold.test.lowerBound * symbols)..<(fold.test.upperBound * symbols),
                       trainRanges: fold.trainRanges.map { ($0.lowerBound * symbols)..<($0.upperBound * symbols) })
        }
    }

    /// The absolute bar of row `i`.
    func bar(ofRow i: Int) -> Int { bars[i / symbols] }
}

/// The features of a `feature_engineering` output, read back from the signal store: per symbol
/// of the workflow, one column per feature over every bar.
struct MLDataset: Sendable {
    let featureNames: [String]
    /// columns[s][j][t]: feature j of symbol s at bar t.
    let columns: [[[Double]]]
    /// The `symbols` entries of the features output (symbol and signal-store key), kept so a
    /// `best_models` output can name the files its models were trained on.
    let files: JSONValue

    /// Reads the files a `features` (or `best_models`) value names; a `data_integration`
    /// phase's `processed_data` becomes features first (``processed(_:data:signalDirectory:)``).
    static func load(_ value: JSONValue, data: WorkflowData, signalDirectory: String, phase: String) throws -> MLDataset {
        if value["values"]?.objectValue != nil, value["columns"] != nil {
            return try processed(value, data: data, signalDirectory: signalDirectory)
        }
        let names = (value["features"]?.arrayValue ?? value["feature_names"]?.arrayValue ?? [])
            .compactMap { $0["name"]?.stringValue ?? $0.stringValue }
        let files = value["symbols"] ?? value["feature_files"] ?? .null
        guard !names.isEmpty else { throw WorkflowError(phase: phase, "the features input lists no features") }
        let store = DirectorySignalStore(root: signalDirectory)
        var columns: [[[Double]]] = []
        for bars in data.full {
            guard let entry = files.arrayValue?.first(where: { $0["symbol"]?.stringValue == bars.symbol }),
                  let hex = entry["key"]?.stringValue, let key = SignalKey(hex: hex) else {
                throw WorkflowError(phase: phase, "the features input has no file for \(bars.symbol)")
            }
            guard let frame = try store.get(key) else {
                throw WorkflowError(phase: phase, "the feature file of \(bars.symbol) (\(hex)) is not in the signal store \(signalDirectory)")
            }
            guard frame.count == bars.count else {
                throw WorkflowError(phase: phase, "the feature file of \(bars.symbol) has \(frame.count) bars, the data \(bars.count)")
            }
            columns.append(try names.map { name in
                guard let values = frame.doubles(name) else {
                    throw WorkflowError(phase: phase, "the feature file of \(bars.symbol) has no column '\(name)'")
                }
                return values
            })
        }
        return MLDataset(featureNames: names, columns: columns, files: files)
    }

    /// The rows of the bars in `range` where every symbol has every feature; with `label`, only
    /// bars whose label lies inside `0 ..< labelLimit` (so a training window's labels never
    /// read a bar after it).
    func rows(_ range: Range<Int>, bars: [BarSeries], label: LabelRule?, labelLimit: Int) throws -> MLRows {
        let s = columns.count, d = featureNames.count
        var kept: [Int] = [], values: [Double] = [], labels: [Int] = []
        for t in range {
            guard columns.allSatisfy({ $0.allSatisfy { $0[t].isFinite } }) else { continue }
            var rowLabels: [Int] = []
            if let label {
                rowLabels = bars.compactMap { label.label($0, at: t, limit: labelLimit) }
                guard rowLabels.count == s else { continue }
            }
            kept.append(t)
            labels += rowLabels
            for symbol in 0..<s { for j in 0..<d { values.append(columns[symbol][j][t]) } }
        }
        let x = try FeatureMatrix(rows: kept.count * s, columns: d, values: values, columnNames: featureNames)
        return MLRows(bars: kept, symbols: s, x: x, labels: labels)
    }

    /// Features from a `processed_data` output (alternative data joined as of each bar): every
    /// column's level and its 20-bar relative change (``FeatureEngineeringPhase/relativeChange(_:bars:)``,
    /// the definitions `feature_engineering` gives fundamental and sentiment data), the same
    /// for every symbol. The frames are written to the signal store like `feature_engineering`'s
    /// (content-addressed by the bars and the values), so `best_models` can name them.
    static func processed(_ value: JSONValue, data: WorkflowData, signalDirectory: String) throws -> MLDataset {
        var names: [String] = [], shared: [[Double]] = []
        for (name, series) in value["values"]?.objectValue ?? [] {
            let level = series.arrayValue?.map { $0.doubleValue ?? .nan } ?? []
            guard level.count == data.full.first?.count else {
                throw WorkflowError("processed_data column '\(name)' has \(level.count) values for \(data.full.first?.count ?? 0) bars")
            }
            names += [name, name + ".change_20"]
            shared += [level, FeatureEngineeringPhase.relativeChange(level, bars: 20)]
        }
        guard !names.isEmpty else { throw WorkflowError("processed_data holds no columns") }
        let store = DirectorySignalStore(root: signalDirectory)
        var files: [JSONValue] = []
        for bars in data.full {
            let frame = try SignalFrame(timestamps: bars.timestamps, columns: zip(names, shared).map { SignalColumn.float64($0, $1) })
            var hash = SHA256()
            hash.update(BarsFingerprint.sha256(bars))
            hash.update(names.joined(separator: ","))
            for column in shared { hash.update(column.map { JSONValue.format($0) }.joined(separator: ",")) }
            let key = SignalKey(strategy: "features", parameters: ParameterSet(), symbol: bars.symbol, barsFingerprint: hash.finalize(),
                                codeVersion: FeatureEngineeringPhase.codeVersion)
            if (try? store.get(key)) == nil { try store.put(key, frame) }
            files.append(.object([("symbol", .string(bars.symbol)), ("key", .string(key.hex)), ("bars", .integer(bars.count))]))
        }
        return MLDataset(featureNames: names, columns: data.full.map { _ in shared }, files: .array(files))
    }
}
