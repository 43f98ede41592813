import Analysis
import Indicators
import Market
import Reports

/// `type: data_processing` — describe the cleaned data, engineer features, label regimes.
///
/// ```yaml
/// - name: data_preprocessing
///   type: data_processing
///   config:                                # optional
///     features: [returns, volatility, trend, rsi, volume_zscore]
///     feature_window: 20
///   outputs: [cleaned_data, feature_engineered_data, regime_labels]
/// ```
///
/// The workflow's data are already validated and aligned when phases start (bad rows
/// stop the run, or are dropped and counted with `data.drop_invalid_rows`).
/// - `cleaned_data`: symbols, bar counts, date range, train/test sizes, rows dropped, spacing,
///   and the data fingerprint.
/// - `feature_engineered_data`: per symbol and feature, summary statistics of the feature series:
///   `returns` (close-to-close), `volatility` (annualised σ over `feature_window` bars),
///   `trend` (close / SMA(`feature_window`·10) − 1), `rsi` (Wilder, 14), `volume_zscore`
///   (z-score of volume over `feature_window`). The per-bar values go to the report.
/// - `regime_labels`: per-bar volatility regimes of the first symbol: realised volatility at
///   bar t against tercile thresholds fitted on the train split only — causal, so the labels
///   may select bars or drive decisions after the split (lineage: the train split).
public struct DataProcessingPhase: WorkflowPhase {
    public static let typeName = "data_processing"
    public static let defaultOutputs = ["cleaned_data"]
    public static let outputNames = ["cleaned_data", "feature_engineered_data", "regime_labels"]

    public static func outputKind(_ name: String) -> ArtifactKind? {
        switch name {
        case "cleaned_data", "feature_engineered_data": return .dataset
        case "regime_labels": return .regimeLabels
        default: return nil
        }
    }

    enum Feature: String, CaseIterable {
        case returns, volatility, trend, rsi
        case volumeZScore = "volume_zscore"
    }

    public func segmentSeen(by output: String) -> DataSegment? { output == "regime_labels" ? .train : .full }

    let name: String
    let features: [Feature]
    let window: Int

    public init(_ declaration: PhaseDeclaration, planning: PlanningContext) throws {
        name = declaration.name
        if let config = declaration.config {
            try config.checkKeys(allowed: ["features", "feature_window"])
            features = try config.optional("features") { try $0.sequence().map { try $0.enumeration(Feature.self) } }
                ?? Feature.allCases
            window = try config.optional("feature_window") { try $0.int() } ?? 20
            guard window >= 2 else { throw (config.child("feature_window") ?? config).error("feature_window must be at least 2") }
        } else {
            features = Feature.allCases
            window = 20
        }
    }

    public func run(_ context: PhaseContext) throws -> PhaseResult {
        let data = context.data
        let ppy = data.periodsPerYear
        var artifacts: [Artifact] = []
        for output in context.requestedOutputs {
            switch output {
            case "cleaned_data":
                let first = data.full[0]
                artifacts.append(Artifact(name: output, kind: .dataset, value: .object([
                    ("symbols", .array(data.symbols.map { .string($0) })),
                    ("bars", .integer(first.count)),
                    ("start", .string(Timestamps.format(first.timestamps[0]))),
                    ("end", .string(Timestamps.format(first.timestamps[first.count - 1]))),
                    ("train_bars", .integer(data.splitIndex)),
                    ("test_bars", .integer(first.count - data.splitIndex)),
                    ("test_start", .string(data.splitIndex < first.count ? Timestamps.format(first.timestamps[data.splitIndex]) : "")),
                    ("spacing", .string(data.spacing.kind.rawValue)),
                    ("periods_per_year", .number(ppy)),
                    ("dropped_rows", .object(data.droppedRows.map { ($0.symbol, .integer($0.count)) })),
                    ("fingerprint", .string(data.fingerprint)),
                ])))
            case "feature_engineered_data":
                var perSymbol: [(String, JSONValue)] = []
                for bars in data.full {
                    let series = computeFeatures(bars, periodsPerYear: ppy)
                    perSymbol.append((bars.symbol, .object(series.map { ($0.0.rawValue, Self.describe($0.1)) })))
                }
                artifacts.append(Artifact(name: output, kind: .dataset, value: .object([
                    ("features", .array(features.map { .string($0.rawValue) })),
                    ("feature_window", .integer(window)),
                    ("bars", .integer(data.full[0].count)),
                    ("by_symbol", .object(perSymbol)),
                ])))
            case "regime_labels":
                let first = data.full[0]
                let labels = VolatilityRegime.labels(close: first.close, window: window, periodsPerYear: ppy,
                                                     fittedOn: data.range(.train))
                var counts = [Int](repeating: 0, count: VolatilityRegime.names.count)
                for label in labels { if let label { counts[label] += 1 } }
                artifacts.append(Artifact(name: output, kind: .regimeLabels, value: .object([
                    ("method", .string("volatility_terciles")),
                    ("causal", .bool(true)),
                    ("thresholds_fitted_on", .string("\(data.date(0)) … \(data.date(max(0, data.splitIndex - 1))) (train split)")),
                    ("symbol", .string(first.symbol)),
                    ("names", .array(VolatilityRegime.names.map { .string($0) })),
                    ("counts", .array(counts.map { .integer($0) })),
                    ("start", .string(Timestamps.format(first.timestamps[0]))),
                    ("labels", .array(labels.map { $0.map { .integer($0) } ?? .null })),
                ])))
            default:
                continue
            }
        }
        var result = PhaseResult(artifacts: artifacts)
        result.seen = data.range(.full)
        result.seenByOutput["regime_labels"] = data.range(.train)
        return result
    }

    /// Each feature from the shared registry (``Indicators/BarFeature``).
    func computeFeatures(_ bars: BarSeries, periodsPerYear: Double) -> [(Feature, [Double])] {
        features.map { feature in
            let definition: BarFeature
            switch feature {
            case .returns: definition = .oneBarReturn
            case .volatility: definition = .sampleVolatility(window)
            case .trend: definition = .priceToSMA(window * 10)
            case .rsi: definition = .rsi(14)
            case .volumeZScore: definition = .volumeZScore(window)
            }
            return (feature, definition.values(close: bars.close, volume: bars.volume, periodsPerYear: periodsPerYear))
        }
    }

    static func describe(_ values: [Double]) -> JSONValue {
        let finite = values.filter(\.isFinite)
        guard !finite.isEmpty else { return .object([("count", .integer(0))]) }
        let mean = finite.reduce(0, +) / Double(finite.count)
        let variance = finite.count > 1 ? finite.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(finite.count - 1) : Double.nan
        return .object([
            ("count", .integer(finite.count)), ("mean", .number(mean)), ("std", .number(variance.squareRoot())),
            ("min", .number(finite.min())), ("max", .number(finite.max())), ("last", .number(values.last)),
        ])
    }
}
