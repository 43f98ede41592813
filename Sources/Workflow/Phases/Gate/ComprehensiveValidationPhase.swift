import Analysis
import Backtest
import Foundation
import Indicators
import Market
import Metrics
import Reports
import Strategies
import Yams

/// `type: comprehensive_validation` — the acceptance gate before deployment.
///
/// ```yaml
/// - name: pre_deployment_validation
///   type: comprehensive_validation
///   inputs: ["optimize.best_parameters"]       # or an ensemble_weights input, or:
///   config:
///     strategy_config: "reports/strategy_construction/production_configuration.yaml"   # a deployment build's file
///     validation_tests: [out_of_sample_performance, stress_testing, parameter_stability, risk_assessment, capacity_analysis]
///     acceptance_criteria: {min_sharpe_ratio: 1.0, max_drawdown: 0.15, min_win_rate: 0.45}   # any min_/max_<metric>
///     capacity_erosion: 0.5          # capacity = the capital at which impact costs this share of the gross return
///     data_split: test               # default test (full for a configuration file: its bars must all be new)
///     include_transaction_costs: true   # default true here
///   outputs: [validated_strategy, validation_report]
/// ```
///
/// The strategy under validation is the best set of a parameter-set input, an ensemble input, or
/// the strategy of a `production_configuration` file (a single strategy, or an ensemble without
/// regime gating — the file does not carry a regime model). Every figure comes from backtests of
/// that strategy on the evaluated bars, after costs:
///
/// - `out_of_sample_performance`: the metrics on `data_split`; the lineage rule applies (inputs
///   that saw those bars are refused unless `allow_in_sample_inputs: true` labels them in
///   sample); a configuration file must have been built on bars before them (`data.last_bar`).
/// - `stress_testing`: the built-in historical scenarios that fall inside the evaluated bars
///   (return, drawdown, volatility, worst day, recovery).
/// - `parameter_stability`: every numeric parameter moved ±10 % (integers by at least 1, kept
///   inside its declared range), or — for an ensemble — every member's weight set to 0; the
///   objective of each neighbour, and the worst neighbour's objective over the base objective.
/// - `risk_assessment`: historical, Gaussian and Cornish-Fisher VaR and CVaR at 95 % and 99 %
///   of the per-bar returns, and the maximum drawdown.
/// - `capacity_analysis`: the square-root impact model (η = 1, σ and volume over the 20 bars
///   before each fill, the data's real volumes) makes costs grow with capital C as C^1.5 while
///   gross P&L grows as C; the capital at which impact takes `capacity_erosion` of the gross
///   return is found by bisection on log C, each step two backtests.
///
/// Output `validated_strategy` says `passed` and lists every criterion (value vs bound); when
/// one fails the outputs are stored, the phase fails with every failing criterion listed and the
/// workflow stops with a non-zero exit. `validation_report` holds every test's figures.
public struct ComprehensiveValidationPhase: WorkflowPhase {
    public static let typeName = "comprehensive_validation"
    public static let defaultOutputs = ["validated_strategy", "validation_report"]
    public static let outputNames = ["validated_strategy", "validation_report"]

    public static func outputKind(_ name: String) -> ArtifactKind? {
        outputNames.contains(name) ? .metrics : nil
    }

    enum Test: String, CaseIterable, Sendable {
        case outOfSamplePerformance = "out_of_sample_performance"
        case stressTesting = "stress_testing"
        case parameterStability = "parameter_stability"
        case riskAssessment = "risk_assessment"
        case capacityAnalysis = "capacity_analysis"
    }

    let name: String
    let tests: [Test]
    let criteria: AcceptanceCriteria?
    let strategyFile: String?
    let erosion: Double
    let segment: DataSegment
    let backtest: BacktestConfig
    let allowInSample: Bool
    let splitGiven: Bool

    public func segmentSeen(by output: String) -> DataSegment? { segment }
    public var outOfSampleSegment: DataSegment? { segment }
    public var allowsInSampleInputs: Bool { allowInSample }

    public init(_ declaration: PhaseDeclaration, planning: PlanningContext) throws {
        name = declaration.name
        let config = declaration.config
        try config?.checkKeys(allowed: ["strategy_config", "validation_tests", "acceptance_criteria", "capacity_erosion",
                                        "data_split", "allow_in_sample_inputs"] + PhaseConfig.backtestKeys)
        tests = try config?.optional("validation_tests") { node in try node.sequence().map { try $0.enumeration(Test.self) } }
            ?? Test.allCases
        criteria = try config?.child("acceptance_criteria").map { try AcceptanceCriteria.parse($0) }
        strategyFile = try config?.optString("strategy_config")
        erosion = try config?.optional("capacity_erosion") { node in
            let value = try node.double()
            try node.ensure(value > 0 && value < 1, "capacity_erosion is a share of the gross return: between 0 and 1 (exclusive)")
            return value
        } ?? 0.5
        allowInSample = try config?.optBool("allow_in_sample_inputs") ?? false
        segment = try PhaseConfig.segment(config, default: strategyFile != nil ? .full : .test)
        splitGiven = config?.child("data_split") != nil
        var backtest = try PhaseConfig.backtestConfig(config)
        if config?.child("include_transaction_costs") == nil {
            let impact = backtest.costs.marketImpact
            backtest.costs = .standard
            backtest.costs.marketImpact = impact
        }
        self.backtest = backtest
        let candidates = planning.inputs(of: .parameterSets).count + planning.inputs(of: .ensembleWeights).count
            + (strategyFile == nil ? 0 : 1)
        guard candidates == 1 else {
            throw declaration.node.error(candidates == 0
                ? "comprehensive_validation needs the strategy to validate: a parameter-set or ensemble_weights input, or config.strategy_config (a production_configuration file)"
                : "comprehensive_validation validates one strategy: give one parameter-set or ensemble input, or strategy_config, not several")
        }
        if let file = strategyFile, let node = config?.child("strategy_config"), !FileManager.default.isReadableFile(atPath: file) {
            throw node.error("strategy_config '\(file)' cannot be read (relative paths are read from the current directory)",
                             hint: "run the workflow that writes it first (a backtest with generate_deployment_config: true)")
        }
    }

    public func run(_ context: PhaseContext) throws -> PhaseResult {
        let candidate = try GateStrategy.resolve(context, file: strategyFile, phase: name)
        var range = context.data.range(segment)
        if let lastBar = candidate.lastBar, !splitGiven {
            // A configuration file is validated on the bars after the ones it was built on; the
            // bars before serve as its indicators' warm-up.
            guard let first = range.first(where: { context.data.date($0) > lastBar }) else {
                throw WorkflowError(phase: name, "the configuration was built on bars up to \(lastBar) and the data has none after it; extend data.end_date past \(lastBar)")
            }
            range = first..<range.upperBound
        }
        var sample = "out_of_sample"
        if let lastBar = candidate.lastBar {
            guard context.data.date(range.lowerBound) > lastBar || allowInSample else {
                throw WorkflowError(phase: name, "the configuration was built on bars up to \(lastBar), but the evaluated bars start \(context.data.date(range.lowerBound)); validate on bars after it (data.start_date, or data.split.test_start) or set allow_in_sample_inputs: true")
            }
            if context.data.date(range.lowerBound) <= lastBar { sample = "in_sample" }
        } else {
            sample = try context.sampleLabel(evaluating: range, allowInSample: allowInSample,
                                             what: "validation '\(name)' (data_split: \(segment.rawValue))")
        }
        var config = backtest
        config.periodsPerYear = context.data.periodsPerYear
        let base = try candidate.run(context, range: range, config: config)
        let objective = Objective.sharpeRatio
        var report: [(String, JSONValue)] = [("strategy", candidate.json), ("source", .string(candidate.source)),
                                             ("segment", .string(segment.rawValue)), ("sample", .string(sample)),
                                             ("start", .string(context.data.date(range.lowerBound))),
                                             ("end", .string(context.data.date(range.upperBound - 1)))]
        for test in tests {
            switch test {
            case .outOfSamplePerformance:
                report.append((test.rawValue, MetricsJSON.summary(base.summary)))
            case .stressTesting:
                let timestamps = Array(base.timestamps.dropFirst())
                let results = try StressTest.run(returns: base.returns, timestamps: timestamps, scenarios: StressScenario.historical,
                                                 periodsPerYear: context.data.periodsPerYear)
                report.append((test.rawValue, .array(results.map { result in
                    .object([("scenario", .string(result.scenario.name)),
                             ("status", .string(result.strategy == nil ? "no bars in range" : "ok")),
                             ("strategy", RiskStress.figures(result.strategy))])
                })))
            case .parameterStability:
                let baseValue = objective.value(base.summary)
                var worst = baseValue
                let rows: [JSONValue] = try candidate.neighbours().map { neighbour in
                    let value = objective.value(try neighbour.candidate.run(context, range: range, config: config).summary)
                    if value.isFinite, !(value >= worst) { worst = value }
                    return .object([("change", .string(neighbour.change)), ("objective", .number(value))])
                }
                report.append((test.rawValue, .object([
                    ("objective", .string(objective.rawValue)), ("base", .number(baseValue)), ("neighbours", .array(rows)),
                    // the worst neighbour's share of the base objective (only meaningful for a positive base)
                    ("worst_over_base", .number(baseValue > 0 && baseValue.isFinite ? worst / baseValue : .nan)),
                ])))
            case .riskAssessment:
                var rows: [(String, JSONValue)] = []
                for level in [0.95, 0.99] {
                    let tag = JSONValue.format(level * 100)
                    for method in RiskMeasures.Method.allCases {
                        rows.append(("\(method.rawValue)_var_\(tag)", .number(RiskMeasures.valueAtRisk(base.returns, method, level))))
                        rows.append(("\(method.rawValue)_cvar_\(tag)", .number(RiskMeasures.conditionalValueAtRisk(base.returns, method, level))))
                    }
                }
                rows.append(("max_drawdown", .number(base.summary.maxDrawdown)))
                report.append((test.rawValue, .object(rows)))
            case .capacityAnalysis:
                report.append((test.rawValue, try capacity(candidate, context: context, range: range, config: config)))
            }
        }
        let evaluated = criteria?.evaluate(base.summary) ?? []
        let failing = evaluated.filter { !$0.passed }
        let validated: JSONValue = .object([
            ("passed", .bool(failing.isEmpty)),
            ("strategy", candidate.json), ("source", .string(candidate.source)),
            ("segment", .string(segment.rawValue)), ("sample", .string(sample)),
            ("criteria", .array(evaluated.map { row in
                .object([("criterion", .string(row.criterion.key)), ("metric", .string(row.criterion.metric)),
                         ("bound", .number(row.criterion.bound)), ("direction", .string(row.criterion.isLower ? "at least" : "at most")),
                         ("value", .number(row.value)), ("passed", .bool(row.passed))])
            })),
            ("tests", .array(tests.map { .string($0.rawValue) })),
            ("research_end", .string(range.lowerBound > 0 ? context.data.date(range.lowerBound - 1) : "")),
            ("evaluated", .object([("start", .string(context.data.date(range.lowerBound))),
                                   ("end", .string(context.data.date(range.upperBound - 1)))])),
            ("execution", candidate.execution ?? LiveExpectations.execution(config)),
            ("risk_limits", candidate.riskLimits ?? .null),
            ("expected", LiveExpectations.measure(base, criteria: evaluated.map { ($0.criterion.metric, $0.criterion.bound, $0.criterion.isLower) })),
        ])
        var artifacts: [Artifact] = []
        for output in context.requestedOutputs {
            switch output {
            case "validated_strategy": artifacts.append(Artifact(name: output, kind: .metrics, value: validated))
            case "validation_report": artifacts.append(Artifact(name: output, kind: .metrics, value: .object(report)))
            default: continue
            }
        }
        var result = PhaseResult(artifacts: artifacts)
        result.seen = range
        for artifact in artifacts { result.sampleByOutput[artifact.name] = sample }
        if !failing.isEmpty {
            result.gateFailure = "acceptance criteria not met: " + failing.map { row in
                "\(row.criterion.metric) \(String(format: "%.4g", row.value)) (needs \(row.criterion.isLower ? "≥" : "≤") \(JSONValue.format(row.criterion.bound)))"
            }.joined(separator: "; ")
        }
        return result
    }

    /// The capital at which square-root impact costs `erosion` of the gross return (bisection on log₁₀ C).
    func capacity(_ candidate: GateStrategy, context: PhaseContext, range: Range<Int>, config: BacktestConfig) throws -> JSONValue {
        func share(_ capital: Double) throws -> (gross: Double, net: Double, share: Double) {
            var without = config
            without.initialCapital = capital
            without.costs.marketImpact = nil
            var with = without
            with.costs.marketImpact = MarketImpact()
            let gross = try candidate.run(context, range: range, config: without).summary.totalReturn
            let net = try candidate.run(context, range: range, config: with).summary.totalReturn
            return (gross, net, gross > 0 ? (gross - net) / gross : .nan)
        }
        let atConfigured = try share(config.initialCapital)
        guard atConfigured.gross > 0 else {
            return .object([("capacity", .null), ("reason", .string("no positive gross return to erode on the evaluated bars"))])
        }
        var low = 3.0, high = 13.0  // 1e3 … 1e13
        guard try share(pow(10, high)).share >= erosion else {
            return .object([("capacity", .null), ("reason", .string("impact stays below \(JSONValue.format(erosion)) of the gross return up to 1e13"))])
        }
        for _ in 0..<40 {
            let mid = (low + high) / 2
            let value = try share(pow(10, mid)).share
            if value.isFinite, value < erosion { low = mid } else { high = mid }
        }
        return .object([
            ("model", .string("square-root impact η·σ·√(q/V), η = 1, σ and V over the 20 bars before each fill")),
            ("erosion_share", .number(erosion)),
            ("capacity", .number(pow(10, high))),
            ("configured_capital", .number(config.initialCapital)),
            ("impact_share_at_configured_capital", .number(atConfigured.share)),
            ("gross_return_at_configured_capital", .number(atConfigured.gross)),
        ])
    }
}
