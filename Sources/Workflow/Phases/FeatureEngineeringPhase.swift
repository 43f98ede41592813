import Foundation
import Market
import Reports
import Signals
import Strategies

/// `type: feature_engineering` — per-bar features for machine-learning strategies, stored
/// columnar in the signal store (one content-addressed file per symbol).
///
/// ```yaml
/// - name: feature_engineering
///   type: feature_engineering
///   config:
///     feature_types: ["technical", "fundamental", "sentiment"]   # default: all three
///     technical: [return_1, return_5, rsi_14, sma_ratio_10_50]    # default: TechnicalFeature.defaults
///     fundamental_sources: ["economic"]                          # default; files of <data.path>/alt/
///     sentiment_sources: ["sentiment"]                           # default
///   outputs: [features]
/// ```
///
/// - `technical`: the ``TechnicalFeature`` registry, per symbol, from its bars.
/// - `fundamental` and `sentiment`: every column of the sources (``AltDataSource``) joined as of
///   each bar (``PointInTimeSeries``: visible from the first bar after publication), as the
///   level and its change over 20 bars (`<column>.change_20`).
///
/// Every feature at bar t reads bars and data published up to t only. `features` lists each
/// feature (type, source, first bar with a value, coverage, mean and standard deviation over its
/// values), the signal-store key of each symbol's file, and whether any input is synthetic.
///
/// **Lineage.** The phase records no bars seen (`seen` nil): see the note in ``run(_:)``.
public struct FeatureEngineeringPhase: WorkflowPhase {
    public static let typeName = "feature_engineering"
    public static let defaultOutputs = ["features"]
    public static let outputNames = ["features"]

    public static func outputKind(_ name: String) -> ArtifactKind? {
        name == "features" ? .dataset : nil
    }

    /// The version of the feature files' encoding and definitions (part of their keys).
    static let codeVersion = "admf-features-1"
    /// 2: records no bars seen (its values are causal and it fits nothing); 3: its lineage
    /// names the synthetic sources it read; 4: source files shown relative to the working
    /// directory when under it.
    public static let cacheVersion = 4

    let name: String
    let types: [String]
    let technical: [TechnicalFeature]
    let fundamental: [AltDataSource]
    let sentiment: [AltDataSource]

    public init(_ declaration: PhaseDeclaration, planning: PlanningContext) throws {
        name = declaration.name
        let config = declaration.config
        try config?.checkKeys(allowed: ["feature_types", "technical", "fundamental_sources", "sentiment_sources"])
        let known = ["technical", "fundamental", "sentiment"]
        types = try config?.optional("feature_types") { node -> [String] in
            let list = try node.stringList()
            for (k, item) in list.enumerated() where !known.contains(item) {
                throw (try node.sequence()[k]).error("unknown feature type '\(item)' (feature types: \(known.joined(separator: ", ")))")
            }
            guard !list.isEmpty else { throw node.error("feature_types is empty") }
            return list
        } ?? known
        technical = try config?.optional("technical") { node -> [TechnicalFeature] in
            try node.sequence().map { item in
                let text = try item.string()
                guard let feature = TechnicalFeature(name: text) else {
                    throw item.error("unknown technical feature '\(text)' (return_N, volatility_N, rsi_N, sma_ratio_A_B, volume_z_N; periods 1…1000)")
                }
                return feature
            }
        } ?? TechnicalFeature.defaults
        fundamental = try config?.optional("fundamental_sources") { try AltDataSource.parse($0) }
            ?? [AltDataSource(name: "economic", path: nil, lagDays: nil)]
        sentiment = try config?.optional("sentiment_sources") { try AltDataSource.parse($0) }
            ?? [AltDataSource(name: "sentiment", path: nil, lagDays: nil)]
    }

    public func dependencyFiles(data: DataPlan?) -> [String] {
        (types.contains("fundamental") ? fundamental : []).flatMap { $0.dependencyFiles(data: data) }
            + (types.contains("sentiment") ? sentiment : []).flatMap { $0.dependencyFiles(data: data) }
    }

    struct Column {
        var name: String
        var type: String
        var source: String
        var synthetic: Bool
        var values: [Double]
    }

    /// xₜ / xₜ₋ₖ − 1: the change of an alternative-data level over `k` bars (NaN during the
    /// first k bars and where xₜ₋ₖ is 0).
    static func relativeChange(_ level: [Double], bars k: Int) -> [Double] {
        level.indices.map { t in t >= k && level[t - k] != 0 ? level[t] / level[t - k] - 1 : .nan }
    }

    /// The features of every symbol: per symbol, its columns in a fixed order (technical first,
    /// then fundamental, then sentiment); and the sources' descriptions.
    func compute(_ data: WorkflowData) throws -> (columns: [[Column]], sources: [JSONValue]) {
        var shared: [Column] = []
        var sources: [JSONValue] = []
        for (type, list) in [("fundamental", fundamental), ("sentiment", sentiment)] where types.contains(type) {
            for source in list {
                let loaded = try source.load(data: data.plan, defaultLagDays: 1, phase: name)
                sources.append(loaded.info)
                let timestamps = data.full.first?.timestamps ?? []
                for series in loaded.series {
                    let level = series.asOf(timestamps)
                    let change = Self.relativeChange(level, bars: 20)
                    shared.append(Column(name: series.name, type: type, source: source.name, synthetic: loaded.synthetic, values: level))
                    shared.append(Column(name: series.name + ".change_20", type: type, source: source.name, synthetic: loaded.synthetic,
                                         values: change))
                }
            }
        }
        let perSymbol = data.full.map { bars -> [Column] in
            let own = types.contains("technical")
                ? technical.map { Column(name: $0.name, type: "technical", source: "bars", synthetic: false,
                                         values: $0.compute(bars, periodsPerYear: data.periodsPerYear)) }
                : []
            return own + shared
        }
        return (perSymbol, sources)
    }

    public func run(_ context: PhaseContext) throws -> PhaseResult {
        let (columns, sources) = try compute(context.data)
        guard let first = columns.first, !first.isEmpty else { throw WorkflowError(phase: name, "no features to compute") }
        let store = DirectorySignalStore(root: context.signalDirectory)
        var symbols: [JSONValue] = []
        for (bars, own) in zip(context.data.full, columns) {
            let frame = try SignalFrame(timestamps: bars.timestamps, columns: own.map { SignalColumn.float64($0.name, $0.values) })
            // content-addressed: the bars, the feature definitions and the values' sources
            var hash = SHA256()
            hash.update(BarsFingerprint.sha256(bars))
            hash.update(own.map(\.name).joined(separator: ","))
            for source in sources { hash.update(source["sha256"]?.stringValue ?? "") }
            let key = SignalKey(strategy: "features", parameters: ParameterSet(), symbol: bars.symbol, barsFingerprint: hash.finalize(),
                                codeVersion: Self.codeVersion)
            if (try? store.get(key)) == nil { try store.put(key, frame) }
            symbols.append(.object([("symbol", .string(bars.symbol)), ("key", .string(key.hex)), ("bars", .integer(bars.count))]))
        }
        let features: [JSONValue] = first.indices.map { k in
            // statistics over every symbol's finite values
            let values = columns.flatMap { $0[k].values }.filter(\.isFinite)
            let mean = values.isEmpty ? Double.nan : values.reduce(0, +) / Double(values.count)
            let sd = values.count > 1 ? (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot() : .nan
            let firstValid = first[k].values.firstIndex { $0.isFinite }
            return .object([
                ("name", .string(first[k].name)), ("type", .string(first[k].type)), ("source", .string(first[k].source)),
                ("synthetic", .bool(first[k].synthetic)),
                ("first_valid", firstValid.map { .string(context.data.date($0)) } ?? .null),
                ("coverage", .number(Double(first[k].values.filter(\.isFinite).count) / Double(max(1, first[k].values.count)))),
                ("mean", .number(mean)), ("std", .number(sd)),
            ])
        }
        let value = JSONValue.object([
            ("rule", .string("each feature at bar t reads bars and data published up to t only")),
            ("feature_types", .array(types.map { .string($0) })),
            ("contains_synthetic_data", .bool(first.contains { $0.synthetic })),
            ("store", .string("signal store, one float64 column per feature, one file per symbol (\(Self.codeVersion))")),
            ("features", .array(features)), ("symbols", .array(symbols)), ("sources", .array(sources)),
        ])
        // No bars of its own in the lineage (like a transformation): nothing is fitted, and each
        // stored value at bar t reads bars and data published up to t only, so a consumer that
        // evaluates bar t learns nothing after t through them. Marking the whole range seen
        // would forbid any out-of-sample use of the features (a walk-forward after a model's
        // training split). The descriptive mean, deviation and coverage in the output span
        // every bar; they are for people, and no phase reads them.
        return PhaseResult(artifacts: [Artifact(name: "features", kind: .dataset, value: value)])
    }
}
