import Market
import Reports
import Signals
import Strategies

/// `type: signal_generation` — compute and keep the signals of chosen strategies.
///
/// ```yaml
/// - name: signal_capture
///   type: signal_generation
///   inputs: ["regime_specific_optimization.regime_optimized_strategies"]   # and/or config.strategies
///   config:
///     strategies: [{type: momentum, parameters: {fast_period: 10, slow_period: 40}}]
///     data_split: full               # default full
///     capture_all_signals: true      # default true: every set of every input; false: the best set of each input
///     include_regime_context: true   # store the causal regime label and its probability at each bar
///     signal_compression: true       # default true: change-point/palette encoding where smaller; false: dense float64
///   outputs: [compressed_signals, signal_metadata, regime_signal_distribution]
/// ```
///
/// Signals are the per-bar target exposure in [−1, 1] decided at each bar's close (see
/// `SignalSeries`). They are causal, so computing them reads the bars but fits nothing: the
/// phase adds no bars to its outputs' lineage beyond what its inputs had seen.
///
/// Outputs:
/// - `compressed_signals` (``CapturedSignals``): the members and the signal-store keys of their
///   binary signal files (`<checkpoint_location>/signals/`, see ``SignalCapture``), with the
///   compression ratio against dense float64. A `signal_replay` optimisation reads them.
/// - `raw_signals`: the same signals as JSON numbers (small runs only).
/// - `signal_metadata`: per series exposure, long/short shares, changes; per member its
///   stored and dense bytes.
/// - `regime_signal_distribution`: per member and causal regime, the bars, mean exposure and
///   long/flat/short shares (needs `include_regime_context`).
///
/// Regime context comes from a `regime_labels` input or, failing that, from the labels a
/// `regime_optimized_strategies` input was optimised with (its `labels_from`). Only causal
/// labels are used: the forward-filtered HMM state (or nearest centroid) known at each bar,
/// with its filtered probability (NaN for methods without one).
public struct SignalGenerationPhase: WorkflowPhase {
    public static let typeName = "signal_generation"
    public static let defaultOutputs = ["raw_signals"]
    public static let outputNames = ["raw_signals", "signal_metadata", "compressed_signals", "regime_signal_distribution"]

    public static func outputKind(_ name: String) -> ArtifactKind? {
        switch name {
        case "raw_signals": return .signalSet
        case "compressed_signals": return .capturedSignals
        case "signal_metadata", "regime_signal_distribution": return .metrics
        default: return nil
        }
    }

    let name: String
    let listed: [StrategySelection]
    let segment: DataSegment
    let captureAll: Bool
    let regimeContext: Bool
    let compression: Bool

    public init(_ declaration: PhaseDeclaration, planning: PlanningContext) throws {
        name = declaration.name
        var listed: [StrategySelection] = []
        var captureAll = true, regimeContext = false, compression = true
        if let config = declaration.config {
            try config.checkKeys(allowed: ["strategies", "data_split", "capture_all_signals", "include_regime_context",
                                           "signal_compression"])
            if let node = config.child("strategies") {
                listed = try PhaseConfig.strategies(node).map { entry in
                    StrategySelection(strategy: entry.definition.name,
                                      parameters: try entry.definition.resolve(entry.fixed))
                }
            }
            captureAll = try config.optBool("capture_all_signals") ?? true
            regimeContext = try config.optBool("include_regime_context") ?? false
            compression = try config.optBool("signal_compression") ?? true
            if regimeContext, planning.inputs(of: .regimeLabels).isEmpty, planning.inputs(of: .parameterSets).isEmpty {
                throw (config.keyNode("include_regime_context") ?? config).error(
                    "include_regime_context needs regime labels: add a regime_classifications input (or a regime_optimized_strategies input)")
            }
        }
        self.listed = listed
        self.captureAll = captureAll
        self.regimeContext = regimeContext
        self.compression = compression
        segment = try PhaseConfig.segment(declaration.config, default: .full)
        if listed.isEmpty && planning.inputs(of: .parameterSets).isEmpty {
            throw declaration.node.error(
                "signal_generation needs strategies: list them under config.strategies or give a parameter-set input")
        }
        if declaration.outputs.contains("regime_signal_distribution"), !regimeContext {
            throw declaration.node.error("output 'regime_signal_distribution' needs config.include_regime_context: true")
        }
    }

    /// The members: listed strategies, then each parameter-set input's sets (all, or the best
    /// one without `capture_all_signals`), with the regime a set was optimised for.
    func members(_ context: PhaseContext) throws -> [(selection: StrategySelection, regime: String?)] {
        var members = listed.map { (selection: $0, regime: String?.none) }
        for input in context.inputs(of: .parameterSets) {
            let selections = try ParameterSetsCodec.decode(input.artifact.value)
            let sets = input.artifact.value["sets"]?.arrayValue ?? []
            for (k, selection) in selections.enumerated() where captureAll || k == 0 {
                members.append((selection, sets.indices.contains(k) ? sets[k]["regime"]?.stringValue : nil))
            }
        }
        return members
    }

    public func run(_ context: PhaseContext) throws -> PhaseResult {
        let members = try members(context)
        let bars = context.data.bars(segment)
        let evaluator = StrategyEvaluator(config: .init())
        let timestamps = bars.first?.timestamps ?? []
        let regimes = regimeContext ? try labels(context, range: context.data.range(segment)) : nil
        var artifacts: [Artifact] = []
        // each member's signals, computed at most once (the capture asks only for files it lacks)
        var computed = [[SignalSeries]?](repeating: nil, count: members.count)
        func signals(_ i: Int) throws -> [SignalSeries] {
            if let known = computed[i] { return known }
            let made = try evaluator.signals(members[i].selection, on: bars).signals
            computed[i] = made
            return made
        }
        var captured: CapturedSignals?
        if context.requestedOutputs.contains("compressed_signals") || context.requestedOutputs.contains("signal_metadata") {
            let store = DirectorySignalStore(root: context.signalDirectory,
                                             compress: compression)
            captured = try SignalCapture.capture(members: members, bars: bars, segment: segment, context: regimes,
                                                 compressed: compression, store: store, signals: signals)
        }
        var series: [SignalSetCodec.Entry] = []
        if context.requestedOutputs.contains(where: { $0 != "compressed_signals" }) {
            for (i, member) in members.enumerated() {
                for signal in try signals(i) {
                    series.append(.init(strategy: member.selection.strategy, parameters: member.selection.parameters,
                                        symbol: signal.symbol, values: signal.values))
                }
            }
        }
        for output in context.requestedOutputs {
            switch output {
            case "raw_signals":
                artifacts.append(Artifact(name: output, kind: .signalSet, value: SignalSetCodec.encode(timestamps: timestamps, series)))
            case "compressed_signals":
                if let captured { artifacts.append(Artifact(name: output, kind: .capturedSignals, value: captured.json)) }
            case "signal_metadata":
                var metadata = SignalSetCodec.metadata(series).objectValue ?? []
                if let captured {
                    metadata.append(("stored", .object([
                        ("members", .array(captured.members.map { member in
                            .object([("member", .string(member.id)), ("label", .string(member.label)),
                                     ("stored_bytes", .integer(member.encodedBytes)), ("dense_float64_bytes", .integer(member.denseBytes))])
                        })),
                        ("stored_bytes", .integer(captured.encodedBytes)),
                        ("dense_float64_bytes", .integer(captured.denseBytes)),
                        ("compression_ratio", .number(captured.compressionRatio)),
                    ])))
                }
                artifacts.append(Artifact(name: output, kind: .metrics, value: .object(metadata)))
            case "regime_signal_distribution":
                if let regimes { artifacts.append(Artifact(name: output, kind: .metrics, value: Self.distribution(series, regimes))) }
            default:
                continue
            }
        }
        return PhaseResult(artifacts: artifacts)
    }

    /// The causal labels (and probabilities) over `range`, from a regime-labels input or from
    /// the labels a parameter-set input was optimised with.
    func labels(_ context: PhaseContext, range: Range<Int>) throws -> SignalCapture.Context {
        var source: (reference: String, value: JSONValue)?
        if let input = context.inputs(of: .regimeLabels).first {
            source = ("\(input.reference.phase).\(input.reference.output)", input.artifact.value)
        } else {
            for input in context.inputs(of: .parameterSets) {
                guard let reference = input.artifact.value["labels_from"]?.stringValue else { continue }
                let parts = reference.split(separator: ".", maxSplits: 1).map(String.init)
                guard parts.count == 2, let record = try context.store.artifact(run: context.runID, phase: parts[0], name: parts[1]) else {
                    throw WorkflowError(phase: name, "the regime labels \(reference) named by \(input.reference.text) are not in the run store")
                }
                source = (reference, try JSONValue.parse(record.json))
                break
            }
        }
        guard let source else {
            throw WorkflowError(phase: name, "include_regime_context needs regime labels: add a regime_classifications input")
        }
        let names = source.value["names"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let labels = source.value["labels"]?.arrayValue ?? []
        let probabilities = source.value["probabilities"]?.arrayValue
        guard labels.count == context.data.full[0].count, !names.isEmpty else {
            throw WorkflowError(phase: name, "the regime labels \(source.reference) do not cover this workflow's bars")
        }
        return SignalCapture.Context(
            labelsFrom: source.reference, names: names,
            labels: range.map { t in
                guard let value = labels[t].doubleValue, value.isFinite, value >= 0, value < 1_000 else { return -1 }
                return Int64(value)
            },
            probabilities: range.map { t in probabilities?[t].doubleValue ?? .nan },
            hasProbabilities: probabilities != nil,
            model: source.value["model"].flatMap { $0 == .null ? nil : $0 })
    }

    /// Per series and causal regime: bars, mean exposure and long/flat/short shares.
    static func distribution(_ series: [SignalSetCodec.Entry], _ context: SignalCapture.Context) -> JSONValue {
        .object([
            ("labels_from", .string(context.labelsFrom)),
            ("series", .array(series.map { entry in
                .object([
                    ("strategy", .string(entry.strategy)),
                    ("parameters", .object(entry.parameters.sortedPairs.map { ($0.name, .number($0.value)) })),
                    ("symbol", .string(entry.symbol)),
                    ("regimes", .array(context.names.enumerated().map { r, regime in
                        var bars = 0, long = 0, short = 0, total = 0.0
                        for (t, value) in entry.values.enumerated() where context.labels[t] == Int64(r) && value.isFinite {
                            bars += 1
                            total += value
                            if value > 0 { long += 1 } else if value < 0 { short += 1 }
                        }
                        let n = Double(max(bars, 1))
                        return .object([
                            ("regime", .string(regime)), ("bars", .integer(bars)),
                            ("mean_exposure", bars > 0 ? .number(total / n) : .null),
                            ("long_share", .number(Double(long) / n)), ("short_share", .number(Double(short) / n)),
                            ("flat_share", .number(Double(bars - long - short) / n)),
                        ])
                    })),
                ])
            })),
        ])
    }
}
