import Analysis
import Market
import Metrics
import Regimes
import Reports

/// `regime_detection` and `regime_performance_analysis` of an analysis phase.
///
/// ```yaml
/// config:
///   regime_detection:
///     methods: [hmm, k_means, change_point]   # the first is the primary labelling
///     n_regimes: [2, 3, 4]                    # chosen by BIC (HMM) / silhouette (k-means, change point)
///     features: [volatility, trend, volume, correlation]
///     window: 20
///   regime_performance_analysis:
///     strategy_performance_by_regime: true
///     regime_transition_analysis: true
///     regime_persistence_analysis: true
/// ```
///
/// Features (see `RegimeFeatures`) are computed on the whole data — each is causal, a rolling
/// window ending at its bar — and standardised with the statistics of the fitting bars only.
/// The models are fitted on `fit_split` (default `train`: the bars before the test split) and
/// choose their number of regimes there:
/// - `hmm`: Gaussian HMM (diagonal covariances) by Baum-Welch in log space from five seeded
///   starts, the best likelihood kept; the number of regimes minimises BIC;
/// - `k_means`: k-means++ with ten starts; the number maximises the silhouette;
/// - `change_point`: PELT with an L2 cost and penalty σ̂²·(d+1)·ln n on the features; segments
///   are grouped into regimes by k-means on their means (number by silhouette).
///
/// **Causal labels** (`labels`, what `group_by_regime` and switching rules use): at bar t the
/// HMM's filtered state argmax P(s_t | x_0…x_t) (forward filter, never Viterbi smoothing over
/// later bars), or the nearest fitted centroid (k-means, change point) — known at bar t's close.
/// After the fitting bars nothing later than t is used; the labels' lineage is the fitting bars.
/// **Ex-post labels** (`ex_post_labels`: Viterbi path, PELT segments) use every bar, later ones
/// included, and serve the descriptive statistics (occupancy, empirical transitions,
/// persistence, performance by regime) — labelled ex post wherever they appear.
/// Regimes are numbered by ascending centre of the first feature (volatility when listed:
/// regime 0 is the calmest). `fit_split: full` fits on every bar: the labels then see the
/// whole sample and the lineage rule refuses them to out-of-sample consumers.
struct RegimeDetectionSettings: Sendable {

    var methods: [RegimeMethod]
    /// The bars the scaler and models are fitted on (`fit_split`, default train).
    var fitSplit: DataSegment
    var candidates: [Int]
    var features: [RegimeFeature]
    var window: Int
    var byStrategy: Bool
    var transitions: Bool
    var persistence: Bool

    static func parse(_ node: ConfigNode, performance: ConfigNode?) throws -> RegimeDetectionSettings {
        try node.checkKeys(allowed: ["methods", "n_regimes", "features", "window", "fit_split"])
        let fitSplit = try node.optional("fit_split") { try $0.enumeration(DataSegment.self) } ?? .train
        if fitSplit == .test, let fitNode = node.child("fit_split") {
            throw fitNode.error("fit_split: test would fit the regimes on bars after the ones they label first; use train or full")
        }
        let methods = try node.optional("methods") { try $0.sequence().map { try $0.enumeration(RegimeMethod.self) } } ?? [.hmm]
        let candidates = try node.optional("n_regimes") { n -> [Int] in n.isSequence ? try n.intList() : [try n.int()] } ?? [2, 3]
        for k in candidates where k < 2 || k > 8 {
            throw (node.child("n_regimes") ?? node).error("n_regimes must be between 2 and 8, got \(k)")
        }
        let features = try node.optional("features") { try $0.sequence().map { try $0.enumeration(RegimeFeature.self) } }
            ?? [.volatility, .trend]
        let window = try node.optional("window") { try $0.int() } ?? 20
        guard window >= 5 else { throw (node.child("window") ?? node).error("window must be at least 5") }
        guard !methods.isEmpty, !candidates.isEmpty, !features.isEmpty else {
            throw node.error("methods, n_regimes and features must not be empty")
        }
        var byStrategy = true, transitions = true, persistence = true
        if let performance {
            try performance.checkKeys(allowed: ["strategy_performance_by_regime", "regime_transition_analysis", "regime_persistence_analysis"])
            byStrategy = try performance.optional("strategy_performance_by_regime") { try $0.bool() } ?? true
            transitions = try performance.optional("regime_transition_analysis") { try $0.bool() } ?? true
            persistence = try performance.optional("regime_persistence_analysis") { try $0.bool() } ?? true
        }
        return RegimeDetectionSettings(methods: methods, fitSplit: fitSplit, candidates: candidates.sorted(), features: features,
                                       window: window, byStrategy: byStrategy, transitions: transitions, persistence: persistence)
    }
}

extension AnalysisPhase {
    /// Detects regimes and returns the outputs by name, plus report material. Labels cover the
    /// whole data; the strategy breakdown uses the phase's segment `bars`.
    func detectRegimes(_ settings: RegimeDetectionSettings, bars: [BarSeries], context: PhaseContext,
                       selections: [StrategySelection], report: inout [(String, JSONValue)],
                       warnings: inout [String]) throws -> (outputs: [String: JSONValue], fitted: Range<Int>) {
        let ppy = context.data.periodsPerYear
        let full = context.data.full
        let (matrix, _) = try regimeMatrix(settings, context: context)
        let first = matrix.firstRow
        let fitBars = context.data.range(settings.fitSplit)
        let segmentOffset = context.data.range(segment).lowerBound
        try context.checkMemory(phase: name, warnings: &warnings)
        let fits = try fitRegimes(settings, context: context)
        guard let primary = fits.first else { return ([:], fitBars) }
        let names = (0..<primary.regimes).map { "regime_\($0)" }
        var outputs: [String: JSONValue] = [:]
        let exPost = primary.exPost
        outputs["regime_classifications"] = .object([
            ("primary_method", .string(settings.methods[0].rawValue)),
            ("features", .array(matrix.names.map { .string($0) })),
            ("start", .string(context.data.date(0))),
            ("first_labelled", .string(context.data.date(first))),
            ("fit_split", .string(settings.fitSplit.rawValue)),
            ("fitted_on", .string("\(context.data.date(fitBars.lowerBound)) … \(context.data.date(fitBars.upperBound - 1))")),
            ("labels_kind", .string(primary.method == .hmm
                ? "causal: forward-filtered state at each bar (model and standardisation fitted on the fit split only)"
                : "causal: nearest fitted centroid at each bar (model and standardisation fitted on the fit split only)")),
            ("names", .array(names.map { .string($0) })),
            ("labels", primary.causal),
            ("probabilities", primary.probabilities),
            ("model", primary.model),
            ("ex_post_labels_kind", .string(primary.method == .hmm ? "ex post: Viterbi path over every bar (uses later bars)"
                : "ex post: uses later bars (for description only)")),
            ("ex_post_labels", exPost),
            ("methods", .object(fits.map { ($0.method.rawValue, $0.details) })),
        ])
        report.append(("regime_labels", exPost))
        report.append(("regime_price", ReportData.curves(timestamps: full[0].timestamps, [
            ("\(full[0].symbol) close", full[0].close.map { $0 / (full[0].close.first ?? 1) }),
        ])))
        let exPostLabels = primary.exPostLabels
        let statistics = RegimeStatistics(labels: exPostLabels, states: primary.regimes)
        var transition: [(String, JSONValue)] = [("method", .string(settings.methods[0].rawValue)), ("names", .array(names.map { .string($0) })),
                                                 ("labels", .string("ex_post"))]
        if settings.transitions {
            transition.append(("empirical", .array(statistics.transitions.map { .array($0.map { .number($0) }) })))
            if let fitted = primary.transitions {
                transition.append(("fitted", .array(fitted.map { .array($0.map { .number($0) }) })))
            }
        }
        if settings.persistence {
            transition.append(("mean_run_length_bars", .array(statistics.meanRunLength.map { .number($0) })))
            transition.append(("expected_duration_bars", .array(
                (primary.transitions.map(RegimeStatistics.expectedDurations) ?? statistics.expectedDuration).map { .number($0) })))
        }
        outputs["regime_transition_probabilities"] = .object(transition)
        if settings.byStrategy, !selections.isEmpty {
            var config = backtest
            config.periodsPerYear = ppy
            let evaluator = StrategyEvaluator(config: config)
            let m = bars[0].count
            var rows: [JSONValue] = []
            for selection in selections.prefix(100) {
                let result = try evaluator.run(selection, on: bars)
                // returns[i] runs from segment bar i to i+1; it takes the regime of bar i (known when it starts).
                let labels: [Int?] = (0..<(m - 1)).map { i in
                    let t = segmentOffset + i
                    return t < first || t - first >= exPostLabels.count ? nil : exPostLabels[t - first]
                }
                let stats = RegimePerformance.breakdown(returns: result.returns, labels: labels, names: names, periodsPerYear: ppy)
                rows.append(.object([
                    ("strategy", .string(selection.strategy)), ("parameters", selection.parametersJSON),
                    ("regimes", .array(stats.map { s in
                        .object([("regime", .string(s.name)), ("bars", .integer(s.bars)), ("total_return", .number(s.totalReturn)),
                                 ("annualized_return", .number(s.annualizedReturn)), ("sharpe_ratio", .number(s.sharpeRatio)),
                                 ("max_drawdown", .number(s.maxDrawdown)), ("win_rate", .number(s.winRate))])
                    })),
                ]))
            }
            outputs["regime_specific_performance"] = .object([("method", .string(settings.methods[0].rawValue)),
                                                              ("labels", .string("ex_post")), ("strategies", .array(rows))])
        }
        return (outputs, fitBars)
    }

    /// Labels of the feature rows placed on the bars (null during the warm-up).
    static func alignedNumbers(_ values: [Double], first: Int, n: Int) -> JSONValue {
        .array((0..<n).map { t in t < first || t - first >= values.count ? .null : .number(values[t - first]) })
    }

    static func aligned(_ labels: [Int], first: Int, n: Int) -> JSONValue {
        .array((0..<n).map { t in t < first || t - first >= labels.count ? .null : .integer(labels[t - first]) })
    }
}
