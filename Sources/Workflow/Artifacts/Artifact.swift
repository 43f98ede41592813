import Reports

/// The type of a phase output, declared by the phase type that produces it.
///
/// Downstream phases ask for outputs by name (`"phase.output"`); the kind says
/// what they receive, so a backtest phase can take the strategies out of any
/// `parameter_sets` artifact, whichever optimisation made it.
public enum ArtifactKind: String, Sendable, CaseIterable, Codable {
    /// Ranked strategy + parameter sets (best_parameters, top_N_parameter_sets, …).
    case parameterSets = "parameter_sets"
    /// A table of rows (optimization_history, regime_breakdown, …).
    case table
    /// A flat or nested set of named metrics (performance_metrics, risk_assessment, …).
    case metrics
    /// Per-bar signal values per strategy and symbol.
    case signalSet = "signal_set"
    /// Signals captured into the signal store (``CapturedSignals``): members and their file keys.
    case capturedSignals = "captured_signals"
    /// Ensemble members with their weights (``EnsembleWeights``).
    case ensembleWeights = "ensemble_weights"
    /// Per-bar regime labels with their names.
    case regimeLabels = "regime_labels"
    /// A description of a data set the phase prepared (cleaned_data, feature_engineered_data).
    case dataset
    /// Measured market conditions (volatility, trend strength, correlation).
    case marketConditions = "market_conditions"
    /// A report document (final_performance_report).
    case report
    /// Machine-learning models chosen by cross-validation on features (`best_models`): model,
    /// hyperparameters, per-fold scores, feature importance, and the feature files they read.
    case models
    /// A live session's record (performance_validation, comparative_results, rollout_report):
    /// the strategy it traded, its equity against the expected path, orders, alerts, rollout.
    case liveSession = "live_session"
}

/// One output of one phase: a name, its kind and its JSON content.
///
/// The content is what `admf outputs --json` prints and what the run store keeps;
/// it holds results only — no timings, paths or clock times — so two runs of the
/// same configuration on the same data produce identical bytes.
public struct Artifact: Sendable, Equatable {
    public var name: String
    public var kind: ArtifactKind
    public var value: JSONValue

    public init(name: String, kind: ArtifactKind, value: JSONValue) {
        self.name = name
        self.kind = kind
        self.value = value
    }
}
