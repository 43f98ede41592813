import Analysis
import Optimization
import Regimes
import Reports
import Store
import Strategies

/// One method's regime fit as the analysis phase uses it: everything `regime_detection` reports
/// about the method (``details``) and, for the primary method, what its outputs are built from.
///
/// A fit is one trial of the phase's `regime-fits` search — one trial per method, in
/// `methods` order — so fits run on the run's executor like any search (threads, worker
/// processes, Slurm array tasks) and travel as the trial record's JSON. The coordinator reads
/// every fit back from that JSON, whichever executor ran it, so outputs are byte-identical
/// across executors.
struct RegimeFit {
    var method: RegimeMethod
    /// The `methods.<method>` entry of `regime_classifications`.
    var details: JSONValue
    /// The chosen number of regimes.
    var regimes: Int
    /// Causal and ex-post labels placed on the bars (null during the features' warm-up).
    var causal: JSONValue
    var exPost: JSONValue
    /// P(causal label at t | bars up to t) placed on the bars; null without a filter (not HMM).
    var probabilities: JSONValue
    /// The fitted ``CausalRegimeModel`` (scaler and model) as JSON.
    var model: JSONValue
    /// The model's fitted transition matrix (HMM only).
    var transitions: [[Double]]?

    /// Ex-post labels of the labelled bars, in bar order.
    var exPostLabels: [Int] { exPost.arrayValue?.compactMap(\.intValue) ?? [] }

    var json: JSONValue {
        .object([
            ("method", .string(method.rawValue)), ("details", details), ("regimes", .integer(regimes)),
            ("causal", causal), ("ex_post", exPost), ("probabilities", probabilities), ("model", model),
            ("transitions", transitions.map { .array($0.map { .array($0.map { .number($0) }) }) } ?? .null),
        ])
    }

    init(json: JSONValue) throws {
        guard let method = json["method"]?.stringValue.flatMap(RegimeMethod.init(rawValue:)), let details = json["details"],
              let regimes = json["regimes"]?.intValue, let causal = json["causal"], let exPost = json["ex_post"], let model = json["model"] else {
            throw WorkflowError("a regime fit record is incomplete")
        }
        self.method = method
        self.details = details
        self.regimes = regimes
        self.causal = causal
        self.exPost = exPost
        probabilities = json["probabilities"] ?? .null
        self.model = model
        transitions = json["transitions"]?.arrayValue?.map { $0.arrayValue?.map { $0.doubleValue ?? .nan } ?? [] }
    }

    /// Fits `method` on the fit rows of `matrix` (``CausalRegimeLabeller``) and describes it.
    init(method: RegimeMethod, matrix: Regimes.FeatureMatrix, fitRows: Range<Int>, settings: RegimeDetectionSettings,
         seed: UInt64, stream: String, data: WorkflowData) throws {
        let first = matrix.firstRow
        let n = data.full.first?.count ?? 0
        let labelling = try CausalRegimeLabeller.label(matrix.rows, fitRows: fitRows, method: method, candidates: settings.candidates,
                                                       seed: seed, stream: stream)
        var details: [(String, JSONValue)] = [
            ("n_regimes", .integer(labelling.regimes)),
            ("selection", .string(labelling.method.selectionCriterion)),
            ("scores", .object(labelling.scores.map { ("\($0.regimes)", .number($0.score)) })),
        ]
        switch labelling.model {
        case .hmm(let model):
            details += [("log_likelihood", .number(model.logLikelihood)), ("converged", .bool(model.converged)),
                        ("means", .array(model.means.map { .array($0.map { .number($0) }) })),
                        ("variances", .array(model.variances.map { .array($0.map { .number($0) }) }))]
        case .kMeans(let result):
            details.append(("centroids", .array(result.centroids.map { .array($0.map { .number($0) }) })))
        case .changePoint(_, let breakpoints, let penalty):
            details += [("penalty", .number(penalty)),
                        ("centroids", .array(labelling.model.centroids.map { .array($0.map { .number($0) }) })),
                        ("change_points_in_fit", .array(breakpoints.dropLast().map { .string(data.date(first + fitRows.lowerBound + $0)) }))]
        }
        let statistics = RegimeStatistics(labels: labelling.exPostLabels, states: labelling.regimes)
        let causal = AnalysisPhase.aligned(labelling.causalLabels, first: first, n: n)
        let exPost = AnalysisPhase.aligned(labelling.exPostLabels, first: first, n: n)
        details.append(("occupancy_ex_post", .array(statistics.occupancy.map { .number($0) })))
        details.append(("labels", causal))
        details.append(("ex_post_labels", exPost))
        self.method = labelling.method
        self.details = .object(details)
        regimes = labelling.regimes
        self.causal = causal
        self.exPost = exPost
        probabilities = labelling.filteredProbabilities.map { rows in
            // P(causal label at t | bars up to t): the forward filter's probability of the state it picked
            AnalysisPhase.alignedNumbers(zip(rows, labelling.causalLabels).map { $0.indices.contains($1) ? $0[$1] : .nan }, first: first, n: n)
        } ?? .null
        let kind: CausalRegimeModel.Kind
        if case .hmm(let model) = labelling.model { kind = .hmm(model) } else { kind = .centroids(labelling.model.centroids) }
        model = CausalRegimeModel(method: labelling.method.rawValue, names: (0..<labelling.regimes).map { "regime_\($0)" },
                                  features: settings.features, window: settings.window, scaler: labelling.scaler, kind: kind).json
        transitions = labelling.model.transitions
    }
}

extension AnalysisPhase: ShardableSearch {
    /// `regime-fits`: one trial per `regime_detection` method (the trial's strategy names it),
    /// fitted on the phase's fit split; the record's metrics are the ``RegimeFit`` JSON.
    public func shardEvaluator(search key: String, context: PhaseContext) throws -> @Sendable (TrialSpec) -> TrialRecord {
        guard key == Self.regimeFitsSearch, let settings = regimes else {
            throw WorkflowError(phase: name, "no search '\(key)' to run in a worker")
        }
        let (matrix, fitRows) = try regimeMatrix(settings, context: context)
        let name = self.name, seed = context.seed, data = context.data
        return { trial in
            let parameters = SearchRunner.parametersText(trial)
            do {
                guard let method = RegimeMethod(rawValue: trial.strategy) else {
                    throw WorkflowError(phase: name, "unknown regime method '\(trial.strategy)'")
                }
                let fit = try RegimeFit(method: method, matrix: matrix, fitRows: fitRows, settings: settings, seed: seed,
                                        stream: "\(name)/regimes/\(method.rawValue)", data: data)
                return TrialRecord(index: trial.index, parameters: parameters, objective: 0, metrics: fit.json.serialized())
            } catch {
                return TrialRecord(index: trial.index, parameters: parameters, objective: .nan,
                                   metrics: JSONValue.object([("error", .string("\(error)"))]).serialized(), status: "failed")
            }
        }
    }

    static let regimeFitsSearch = "regime-fits"

    /// The regime feature matrix over the whole data and the rows of the fit split.
    func regimeMatrix(_ settings: RegimeDetectionSettings, context: PhaseContext) throws -> (Regimes.FeatureMatrix, Range<Int>) {
        let matrix = RegimeFeatures.matrix(bars: context.data.full, features: settings.features, window: settings.window,
                                           periodsPerYear: context.data.periodsPerYear)
        let first = matrix.firstRow
        let fitBars = context.data.range(settings.fitSplit)
        let fitRows = max(0, fitBars.lowerBound - first)..<max(0, min(matrix.rows.count, fitBars.upperBound - first))
        guard fitRows.count >= 50 else {
            throw WorkflowError(phase: name, "only \(fitRows.count) bars of the \(settings.fitSplit.rawValue) split have every regime feature (the first \(first) are warm-up); use more data, a shorter window or fit_split: full")
        }
        return (matrix, fitRows)
    }

    /// Every method's fit, in `methods` order, through the run's executor (one trial each).
    func fitRegimes(_ settings: RegimeDetectionSettings, context: PhaseContext) throws -> [RegimeFit] {
        let evaluate = try shardEvaluator(search: Self.regimeFitsSearch, context: context)
        var sampler = ListSampler(settings.methods.enumerated().map { TrialSpec(index: $0, strategy: $1.rawValue, parameters: ParameterSet()) })
        var runner = SearchRunner(phase: name, context: context, objective: .sharpeRatio, nested: true, label: "\(name) [regime fits]")
        runner.search = Self.regimeFitsSearch
        let records = try runner.run(&sampler, evaluate: evaluate).records
        return try records.map { record in
            let json = try JSONValue.parse(record.metrics)
            guard record.status == "ok" else {
                throw WorkflowError(phase: name, json["error"]?.stringValue ?? "the regime fit \(record.index) failed")
            }
            return try RegimeFit(json: json)
        }
    }
}
