import Market
import Reports

/// Where an artifact came from: the bars whose data produced it.
///
/// All symbols of a workflow share one aligned timeline, so one bar range covers every
/// symbol; `symbols` names them. `seen` is the hull of every bar whose data could have
/// shaped the artifact — the bars its phase read, and everything its inputs had seen.
/// Per-bar causal series (signals, filtered regime labels) whose value at bar t depends only
/// on bars ≤ t besides a fitted model record the model's fitting bars: using such a value
/// at its own bar adds nothing from the future.
///
/// **The lineage rule.** A phase that labels results out of sample (a `backtest`, each
/// `walk_forward` test window) evaluates only bars after everything its inputs have seen.
/// A violation is refused — at `admf validate` where the graph shows it, at run time
/// otherwise — naming both phases and the overlapping dates, unless the phase sets
/// `allow_in_sample_inputs: true`, in which case its figures are labelled `in_sample`.
public struct Lineage: Sendable, Equatable {
    /// Bars `[lowerBound, upperBound)` of the workflow's aligned data.
    public var seen: Range<Int>
    public var symbols: [String]
    /// `out_of_sample` / `in_sample` for results a phase reports as evaluations; `nil` otherwise.
    public var sample: String?
    /// The synthetic data sources (seeded series labelled synthetic by their sidecars) the
    /// artifact was built from, directly or through its inputs; reports label such outputs.
    public var synthetic: [String] = []

    public init(seen: Range<Int>, symbols: [String], sample: String? = nil, synthetic: [String] = []) {
        self.seen = seen
        self.symbols = symbols
        self.sample = sample
        self.synthetic = synthetic
    }

    /// The smallest range holding both.
    public static func hull(_ a: Range<Int>?, _ b: Range<Int>?) -> Range<Int>? {
        guard let a, !a.isEmpty else { return b.flatMap { $0.isEmpty ? nil : $0 } }
        guard let b, !b.isEmpty else { return a }
        return min(a.lowerBound, b.lowerBound)..<max(a.upperBound, b.upperBound)
    }

    /// The stored JSON: bar indices and the dates they stand for.
    public func json(timestamps: [Int64]) -> JSONValue {
        func date(_ t: Int) -> JSONValue {
            t >= 0 && t < timestamps.count ? .string(Timestamps.format(timestamps[t])) : .null
        }
        var pairs: [(String, JSONValue)] = [
            ("symbols", .array(symbols.map { .string($0) })),
            ("first_bar", .integer(seen.lowerBound)), ("end_bar", .integer(seen.upperBound)),
            ("first_date", date(seen.lowerBound)), ("last_date", date(seen.upperBound - 1)),
        ]
        if let sample { pairs.append(("sample", .string(sample))) }
        if !synthetic.isEmpty { pairs.append(("synthetic_sources", .array(synthetic.map { .string($0) }))) }
        return .object(pairs)
    }

    /// Reads ``json(timestamps:)``.
    public init?(json: JSONValue) {
        guard let lower = json["first_bar"]?.doubleValue, let upper = json["end_bar"]?.doubleValue,
              lower.isFinite, upper.isFinite, lower <= upper else { return nil }
        seen = Int(lower)..<Int(upper)
        symbols = json["symbols"]?.arrayValue?.compactMap(\.stringValue) ?? []
        sample = json["sample"]?.stringValue
        synthetic = json["synthetic_sources"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// The synthetic sources an artifact's own value declares (`contains_synthetic_data` with
    /// `sources` flagged `synthetic`, as `data_integration` and `feature_engineering` write them).
    public static func syntheticSources(of value: JSONValue) -> [String] {
        guard value["contains_synthetic_data"]?.boolValue == true else { return [] }
        return (value["sources"]?.arrayValue ?? []).filter { $0["synthetic"]?.boolValue == true }.compactMap { $0["name"]?.stringValue }
    }
}
