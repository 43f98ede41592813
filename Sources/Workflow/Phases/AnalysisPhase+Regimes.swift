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
/// Features (see `RegimeFeatures`) are computed on the data segment and standardised; each
/// method labels every bar from the first one where all features exist:
/// - `hmm`: Gaussian HMM (diagonal covariances) by Baum-Welch in log space from five seeded
///   starts, the best likelihood kept, Viterbi decoding; the number of regimes minimises BIC;
/// - `k_means`: k-means++ with ten starts; the number maximises the silhouette;
/// - `change_point`: PELT with an L2 cost and penalty σ̂²·(d+1)·ln n on the features; segments
///   are grouped into regimes by k-means on their means (number by silhouette).
/// Regimes are numbered by ascending mean of the first feature (volatility when listed:
/// regime 0 is the calmest). Labels are ex post — for analysis, not for trading decisions.
struct RegimeDetectionSettings: Sendable {
    enum Method: String, CaseIterable, Sendable {
        case hmm
        case kMeans = "k_means"
        case changePoint = "change_point"
    }

    var methods: [Method]
    var candidates: [Int]
    var features: [RegimeFeature]
    var window: Int
    var byStrategy: Bool
    var transitions: Bool
    var persistence: Bool

    static func parse(_ node: ConfigNode, performance: ConfigNode?) throws -> RegimeDetectionSettings {
        try node.checkKeys(allowed: ["methods", "n_regimes", "features", "window"])
        let methods = try node.optional("methods") { try $0.sequence().map { try $0.enumeration(Method.self) } } ?? [.hmm]
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
        return RegimeDetectionSettings(methods: methods, candidates: candidates.sorted(), features: features,
                                       window: window, byStrategy: byStrategy, transitions: transitions, persistence: persistence)
    }
}

extension AnalysisPhase {
    /// Detects regimes on `bars` and returns the outputs by name, plus report material.
    func detectRegimes(_ settings: RegimeDetectionSettings, bars: [BarSeries], context: PhaseContext,
                       selections: [StrategySelection], report: inout [(String, JSONValue)]) throws -> [String: JSONValue] {
        let ppy = context.data.periodsPerYear
        let matrix = RegimeFeatures.standardized(
            RegimeFeatures.matrix(bars: bars, features: settings.features, window: settings.window, periodsPerYear: ppy))
        guard matrix.rows.count >= 50 else {
            throw WorkflowError(phase: name, "only \(matrix.rows.count) bars have every regime feature; use more data or a shorter window")
        }
        let x = matrix.rows
        let first = matrix.firstRow
        let n = bars[0].count
        var methods: [(String, JSONValue)] = []
        var primary: (labels: [Int], states: Int, transitions: [[Double]]?)?
        for method in settings.methods {
            let stream = "\(name)/regimes/\(method.rawValue)"
            var labels: [Int]
            var states: Int
            var details: [(String, JSONValue)] = []
            var fitted: [[Double]]?
            switch method {
            case .hmm:
                let selection = try RegimeSelection.hmm(x, candidates: settings.candidates,
                                                        config: GaussianHMMConfig(states: settings.candidates[0]),
                                                        seed: context.seed, stream: stream)
                labels = try selection.model.viterbi(x)
                states = selection.regimes
                fitted = selection.model.transitions
                details = [("selection", .string("bic")),
                           ("scores", .object(selection.scores.map { ("\($0.regimes)", .number($0.score)) })),
                           ("log_likelihood", .number(selection.model.logLikelihood)),
                           ("converged", .bool(selection.model.converged)),
                           ("means", .array(selection.model.means.map { .array($0.map { .number($0) }) })),
                           ("variances", .array(selection.model.variances.map { .array($0.map { .number($0) }) }))]
            case .kMeans:
                let selection = try RegimeSelection.kmeans(x, candidates: settings.candidates,
                                                           config: KMeansConfig(clusters: settings.candidates[0]),
                                                           seed: context.seed, stream: stream)
                labels = selection.result.labels
                states = selection.regimes
                details = [("selection", .string("silhouette")),
                           ("scores", .object(selection.scores.map { ("\($0.regimes)", .number($0.score)) })),
                           ("centroids", .array(selection.result.centroids.map { .array($0.map { .number($0) }) }))]
            case .changePoint:
                let breakpoints = try PELT.breakpoints(x, minSize: 2, jump: 5)
                let segments = breakpoints.count
                var best: (Int, SegmentRegimes, Double)?
                var scores: [(String, JSONValue)] = []
                for k in settings.candidates where k <= segments {
                    let assigned = try SegmentRegimes.assign(x, breakpoints: breakpoints, regimes: k, seed: context.seed, stream: "\(stream)/k=\(k)")
                    let score = (try? Silhouette.score(x, labels: assigned.labels)) ?? .nan
                    scores.append(("\(k)", .number(score)))
                    if best == nil || score > (best?.2 ?? -.infinity) { best = (k, assigned, score) }
                }
                if let best {
                    labels = best.1.labels
                    states = best.0
                } else {
                    labels = PELT.segmentLabels(breakpoints: breakpoints)
                    states = segments
                }
                details = [("selection", .string("silhouette of segment groups")),
                           ("scores", .object(scores)),
                           ("change_points", .array(breakpoints.dropLast().map { .string(Timestamps.format(bars[0].timestamps[first + $0])) }))]
            }
            let statistics = RegimeStatistics(labels: labels, states: states)
            var pairs: [(String, JSONValue)] = [("n_regimes", .integer(states))] + details
            pairs.append(("occupancy", .array(statistics.occupancy.map { .number($0) })))
            pairs.append(("labels", .array((0..<n).map { t in t < first ? .null : .integer(labels[t - first]) })))
            methods.append((method.rawValue, .object(pairs)))
            if primary == nil { primary = (labels, states, fitted) }
        }
        guard let primary else { return [:] }
        let names = (0..<primary.states).map { "regime_\($0)" }
        var outputs: [String: JSONValue] = [:]
        let alignedLabels: [JSONValue] = (0..<n).map { t in t < first ? .null : .integer(primary.labels[t - first]) }
        outputs["regime_classifications"] = .object([
            ("primary_method", .string(settings.methods[0].rawValue)),
            ("features", .array(matrix.names.map { .string($0) })),
            ("segment", .string(segment.rawValue)),
            ("start", .string(Timestamps.format(bars[0].timestamps[0]))),
            ("first_labelled", .string(Timestamps.format(bars[0].timestamps[first]))),
            ("names", .array(names.map { .string($0) })),
            ("labels", .array(alignedLabels)),
            ("methods", .object(methods)),
        ])
        report.append(("regime_labels", .array(alignedLabels)))
        report.append(("regime_price", ReportData.curves(timestamps: bars[0].timestamps, [
            ("\(bars[0].symbol) close", bars[0].close.map { $0 / (bars[0].close.first ?? 1) }),
        ])))
        let statistics = RegimeStatistics(labels: primary.labels, states: primary.states)
        var transition: [(String, JSONValue)] = [("method", .string(settings.methods[0].rawValue)), ("names", .array(names.map { .string($0) }))]
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
            var rows: [JSONValue] = []
            for selection in selections.prefix(100) {
                let result = try evaluator.run(selection, on: bars)
                // returns[i] is bar i+1's return; it takes bar i+1's regime.
                let labels: [Int?] = (1..<n).map { t in t < first ? nil : primary.labels[t - first] }
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
            outputs["regime_specific_performance"] = .object([("method", .string(settings.methods[0].rawValue)), ("strategies", .array(rows))])
        }
        return outputs
    }
}
