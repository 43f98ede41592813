import Backtest
import Market
import Metrics
import Reports
import Strategies

/// The risk keys of a `backtest` phase: `dynamic_risk_management` and
/// `regime_aware_position_sizing` (see ``BacktestPhase``).
///
/// - `dynamic_risk_management: true` reads a `risk_recommendations` input (an analysis
///   phase's risk analysis, ``RiskRecommendations``) and applies, to every backtest of the
///   phase: the account leverage cap `min(max_leverage of the phase (default 1),
///   recommended max_leverage)` (``BacktestConfig/maxLeverage``: orders are scaled so gross
///   exposure after a fill stays within cap × equity); the per-position stop-loss
///   `stop_loss` (``StopRules``, fraction of entry price; the tighter of it and none); and the
///   per-symbol allocation `min(1/k, max_weight_s)` from `position_limits` for the `k` symbols
///   the strategy trades (``BacktestConfig/allocations``, so no symbol's target weight exceeds
///   its limit).
/// - `regime_aware_position_sizing: true` reads a causal `regime_labels` input (e.g. an
///   analysis phase's `regime_classifications`, forward-filtered / nearest-centroid labels
///   known at each bar's close) and multiplies each bar's signal by the multiplier of the
///   regime labelled at that bar: `m_r = min_q σ_q / σ_r`, `σ_r` the standard deviation of the
///   first symbol's close-to-close returns from bars labelled `r` (the label at the start of
///   the return) among the bars BEFORE the backtested segment — inverse-volatility sizing
///   relative to the calmest regime, measured only on earlier bars. A regime with fewer than
///   20 such returns, or an unlabelled bar, keeps multiplier 1.
struct BacktestRiskControls: Sendable {
    var dynamic = false
    var regimeAware = false

    static let keys = ["dynamic_risk_management", "regime_aware_position_sizing"]

    static func parse(_ config: ConfigNode?, planning: PlanningContext) throws -> BacktestRiskControls {
        var controls = BacktestRiskControls()
        guard let config else { return controls }
        controls.dynamic = try config.optional("dynamic_risk_management") { try $0.bool() } ?? false
        controls.regimeAware = try config.optional("regime_aware_position_sizing") { try $0.bool() } ?? false
        if controls.dynamic, !planning.inputKinds.contains(where: { $0.reference.output == "risk_recommendations" }),
           let key = config.keyNode("dynamic_risk_management") {
            throw key.error("dynamic_risk_management needs a risk_recommendations input",
                            hint: "add an analysis phase with risk_analysis and list e.g. \"risk_analysis.risk_recommendations\" in inputs")
        }
        if controls.regimeAware, planning.inputs(of: .regimeLabels).isEmpty, planning.inputs(of: .ensembleWeights).isEmpty,
           let key = config.keyNode("regime_aware_position_sizing") {
            throw key.error("regime_aware_position_sizing needs causal regime labels as an input",
                            hint: "add e.g. \"regime_analysis.regime_classifications\" (an analysis phase with regime_detection) to inputs, or trade ensemble weights whose signals were captured with include_regime_context")
        }
        return controls
    }

    /// The limits read from the inputs, applied by ``run(_:on:range:config:evaluator:)``.
    struct Applied: Sendable {
        var maxLeverage: Double?
        var stopLoss: Double?
        var positionLimits: [String: Double] = [:]
        var limitOrder: [String] = []
        var regimeNames: [String] = []
        var multipliers: [Double] = []
        var labels: [Int?] = []
        var source: String = ""
        var notes: [String] = []

        func json(config: BacktestConfig) -> JSONValue {
            var pairs: [(String, JSONValue)] = []
            if !source.isEmpty {
                pairs += [("recommendations", .string(source)),
                          ("recommended_max_leverage", .number(maxLeverage)),
                          ("applied_max_leverage", .number(config.maxLeverage)),
                          ("stop_loss", .number(config.stops.stopLoss)),
                          ("position_limits", .object(limitOrder.map { ($0, .number(positionLimits[$0])) }))]
            }
            if !regimeNames.isEmpty {
                pairs.append(("regime_multipliers", .object(zip(regimeNames, multipliers).map { ($0, .number($1)) })))
            }
            if !notes.isEmpty { pairs.append(("notes", .array(notes.map { .string($0) }))) }
            return .object(pairs)
        }
    }

    /// Reads the recommendations and regime labels; sets the leverage cap and stop on `config`.
    ///
    /// Regime labels come from a `regime_labels` input, else from `fallbackLabels` (the causal
    /// labels captured with an ensemble's signals).
    func apply(_ context: PhaseContext, config: inout BacktestConfig, segment: Range<Int>, phase: String,
               fallbackLabels: (names: [String], labels: [Int?])? = nil) throws -> Applied {
        var applied = Applied()
        if dynamic {
            guard let input = context.inputs.first(where: { $0.reference.output == "risk_recommendations" }) else {
                throw WorkflowError(phase: phase, "dynamic_risk_management: no risk_recommendations input arrived")
            }
            let value = input.artifact.value
            applied.source = input.reference.text
            if let leverage = value["max_leverage"]?.doubleValue, leverage.isFinite, leverage > 0 {
                applied.maxLeverage = leverage
                config.maxLeverage = min(config.maxLeverage, leverage)
            } else {
                applied.notes.append("no finite max_leverage recommended: the phase's cap \(JSONValue.format(config.maxLeverage)) stays")
            }
            if let stop = value["stop_loss"]?.doubleValue, stop.isFinite, stop > 0 {
                applied.stopLoss = stop
                config.stops.stopLoss = min(config.stops.stopLoss ?? .infinity, stop)
            } else {
                applied.notes.append("no finite stop_loss recommended: no stop applied")
            }
            for row in value["position_limits"]?.arrayValue ?? [] {
                guard let symbol = row["symbol"]?.stringValue, let weight = row["max_weight"]?.doubleValue, weight.isFinite, weight > 0 else { continue }
                applied.positionLimits[symbol] = weight
                applied.limitOrder.append(symbol)
            }
        }
        if regimeAware {
            let names: [String], labels: [Int?], from: String
            if let input = context.inputs(of: .regimeLabels).first {
                names = input.artifact.value["names"]?.arrayValue?.compactMap(\.stringValue) ?? []
                labels = input.artifact.value["labels"]?.arrayValue?.map { value in
                    value.doubleValue.flatMap { $0.isFinite && $0 >= 0 && $0 < 1_000 ? Int($0) : nil }
                } ?? []
                from = input.reference.text
            } else if let fallbackLabels {
                (names, labels, from) = (fallbackLabels.names, fallbackLabels.labels, "the ensemble's captured regime context")
            } else {
                throw WorkflowError(phase: phase, "regime_aware_position_sizing: no regime labels arrived (no regime_labels input, and the ensemble's signals carry no regime context)")
            }
            guard let first = context.data.full.first, labels.count == first.count, !names.isEmpty else {
                throw WorkflowError(phase: phase, "the regime labels of \(from) do not cover this workflow's bars (\(labels.count) labels, \(context.data.full.first?.count ?? 0) bars)")
            }
            var sigma: [Double] = []
            for r in names.indices {
                // Returns from bar t−1 to t, labelled at t−1, both before the segment.
                let returns = (1..<max(1, segment.lowerBound)).compactMap { t -> Double? in
                    labels[t - 1] == r ? first.close[t] / first.close[t - 1] - 1 : nil
                }
                sigma.append(returns.count >= 20 ? SampleMoments.standardDeviation(returns) : .nan)
            }
            let calmest = sigma.filter { $0.isFinite && $0 > 0 }.min()
            applied.multipliers = sigma.map { s in
                guard let calmest, s.isFinite, s > 0 else { return 1 }
                return calmest / s
            }
            applied.regimeNames = names
            applied.labels = labels
            if sigma.contains(where: { !$0.isFinite }) {
                applied.notes.append("regimes with fewer than 20 returns before \(context.data.date(segment.lowerBound)) keep multiplier 1")
            }
        }
        return applied
    }

    /// Backtests `selection` on `bars` (the segment at `range` of the full data) with the applied limits.
    func run(_ selection: StrategySelection, on bars: [BarSeries], range: Range<Int>, config: BacktestConfig,
             evaluator: StrategyEvaluator, applied: Applied) throws -> BacktestResult {
        guard dynamic || regimeAware else { return try evaluator.run(selection, on: bars) }
        let (traded, computed) = try evaluator.signals(selection, on: bars)
        return try run(signals: computed, traded: traded, range: range, config: config, applied: applied)
    }

    /// Backtests given signals on `traded` (the segment at `range`) with the applied limits.
    func run(signals computed: [SignalSeries], traded: [BarSeries], range: Range<Int>, config: BacktestConfig,
             applied: Applied) throws -> BacktestResult {
        var signals = computed
        var config = config
        if !applied.positionLimits.isEmpty {
            let k = Double(traded.count)
            config.allocations = traded.map { min(1 / k, applied.positionLimits[$0.symbol] ?? 1 / k) }
        }
        if regimeAware {
            for s in signals.indices {
                var values = signals[s].values
                for t in values.indices {
                    let bar = range.lowerBound + t
                    if bar < applied.labels.count, let label = applied.labels[bar], label < applied.multipliers.count {
                        values[t] *= applied.multipliers[label]
                    }
                }
                signals[s].values = values
            }
        }
        return try BacktestEngine(config: config).run(bars: traded, signals: signals)
    }

}

extension BacktestConfig {
    /// The config with the per-symbol allocations the risk controls used for `result`'s symbols.
    func withAllocations(for result: BacktestResult, applied: BacktestRiskControls.Applied) -> BacktestConfig {
        guard !applied.positionLimits.isEmpty else { return self }
        var config = self
        let k = Double(result.symbols.count)
        config.allocations = result.symbols.map { min(1 / k, applied.positionLimits[$0] ?? 1 / k) }
        return config
    }
}
