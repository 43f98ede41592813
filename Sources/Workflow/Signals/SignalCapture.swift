import Foundation
import Market
import Reports
import Signals
import Store
import Strategies

/// Captures strategies' per-bar signals into the run's signal store (`capture_all_signals`).
///
/// Each member (strategy + parameters) and symbol becomes one binary file (see
/// ``Signals/SignalFile``) addressed by ``Signals/SignalKey`` over the strategy, the exact
/// parameters, the symbol, the SHA-256 of the exact bars the signal was computed from, and
/// ``codeVersion`` plus the encoding. A rerun — or another workflow on the same store and
/// bars — finds the file and does not compute it again; a change to any of these makes a new
/// key, so a stale signal is never reused. A damaged file is rewritten.
///
/// The store lives beside the run store: `<checkpoint_location>/signals/`.
enum SignalCapture {
    /// The version of the code that computes signals. Bump it whenever a strategy, an
    /// indicator or the signal convention changes a value: every captured file then gets
    /// a new key.
    static let codeVersion = "admf-signals-1"

    /// `<directory of the run store>/signals` (a temporary directory for an in-memory store).
    static func directory(for store: RunStore, runID: String) -> String {
        let path = store.path
        guard path.hasSuffix(".sqlite") else {
            return (NSTemporaryDirectory() as NSString).appendingPathComponent("admf-signals-\(runID)")
        }
        return ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("signals")
    }

    /// The key's code version, which also names the encoding (dense files and compressed
    /// files of one signal do not share a key).
    static func version(compressed: Bool) -> String {
        "\(codeVersion);encoding=\(compressed ? "smallest" : "dense")"
    }

    /// The causal regime context to store beside the signals.
    struct Context {
        var labelsFrom: String
        var names: [String]
        /// Label per bar of the captured segment (−1: not labelled yet).
        var labels: [Int64]
        /// Filtered probability of that label per bar (NaN when the method has none).
        var probabilities: [Double]
        var hasProbabilities: Bool
        /// The fitted model behind the labels (``CausalRegimeModel``), when the labels carry it.
        var model: JSONValue?
    }

    /// Finds every member's signals on `bars` in the store, or computes them (`signals(i)`, the
    /// member's signals, asked only when a file is missing or damaged) and stores them.
    static func capture(
        members: [(selection: StrategySelection, regime: String?)], bars: [BarSeries], segment: DataSegment,
        context: Context?, compressed: Bool, store: DirectorySignalStore, signals: (Int) throws -> [SignalSeries]
    ) throws -> CapturedSignals {
        let version = version(compressed: compressed)
        let timestamps = bars.first?.timestamps ?? []
        var fingerprints: [String: [UInt8]] = [:]
        for series in bars { fingerprints[series.symbol] = BarsFingerprint.sha256(series) }
        var captured: [CapturedSignals.Member] = []
        for (index, member) in members.enumerated() {
            let strategy = try StrategyRegistry.strategy(named: member.selection.strategy)
            let parameters = try strategy.resolve(member.selection.parameters.values)
            // the bars it reads, hence its signals' symbols: each symbol alone, or the pair together
            let used = try StrategyEvaluator.bars(for: strategy, from: bars)
            let joint = used.flatMap { fingerprints[$0.symbol] ?? [] }
            var computed: [SignalSeries]?
            var keys: [String] = [], encoded = 0, dense = 0
            for symbol in used.map(\.symbol) {
                let fingerprint = strategy.symbolCount == 1 ? (fingerprints[symbol] ?? []) : joint
                let key = SignalKey(strategy: strategy.name, parameters: parameters, symbol: symbol,
                                    barsFingerprint: fingerprint, codeVersion: version)
                let summary = try ensureStored(key, store: store) {
                    if computed == nil { computed = try signals(index) }
                    guard let signal = computed?.first(where: { $0.symbol == symbol }) else {
                        throw WorkflowError("strategy \(strategy.name) produced no signal for \(symbol)")
                    }
                    return try SignalFrame(signal)
                }
                keys.append(key.hex)
                encoded += summary.fileBytes
                dense += summary.denseValueBytes
            }
            captured.append(CapturedSignals.Member(
                id: "m\(index)", strategy: strategy.name, parameters: parameters, regime: member.regime,
                symbols: used.map(\.symbol), keys: keys, encodedBytes: encoded, denseBytes: dense))
        }
        var regimeContext: CapturedSignals.RegimeContext?
        if let context {
            var hasher = SHA256()
            hasher.update(context.labelsFrom)
            for t in timestamps.indices {
                var row = (timestamps[t], context.labels[t], context.probabilities[t].bitPattern)
                withUnsafeBytes(of: &row) { hasher.update($0) }
            }
            let key = SignalKey(strategy: "regime_context", parameters: ParameterSet(), symbol: context.labelsFrom,
                                barsFingerprint: hasher.finalize(), codeVersion: version)
            _ = try ensureStored(key, store: store) {
                try SignalFrame(timestamps: timestamps, columns: [
                    .int64("regime", context.labels), .float64("regime_probability", context.probabilities),
                ])
            }
            regimeContext = .init(labelsFrom: context.labelsFrom, names: context.names, key: key.hex,
                                  probabilities: context.hasProbabilities, model: context.model)
        }
        return CapturedSignals(
            codeVersion: version, segment: segment, bars: timestamps.count,
            from: timestamps.first.map(Timestamps.format) ?? "", to: timestamps.last.map(Timestamps.format) ?? "",
            compressed: compressed, members: captured, regimeContext: regimeContext)
    }

    /// The stored file's summary, writing the frame first unless an intact file is there.
    private static func ensureStored(_ key: SignalKey, store: DirectorySignalStore,
                                     frame: () throws -> SignalFrame) throws -> SignalFileSummary {
        if store.contains(key), let summary = try? store.summary(key) { return summary }
        try store.put(key, try frame())
        guard let summary = try store.summary(key) else {
            throw WorkflowError("signal file \(store.path(for: key)) vanished right after it was written")
        }
        return summary
    }
}
