/// Stacked generalisation of member signals with a logistic meta-learner, validated by
/// purged K-fold (Wolpert 1992, "Stacked generalization", *Neural Networks* 5(2);
/// López de Prado 2018, *AFML* ch. 7 for the purged folds).
///
/// **Features and target.** Row t of `signals` holds every member's signal at bar t (known at
/// the close of t: the member signals must themselves be causal, or — for members that were
/// fitted — the caller's out-of-fold signals). The target yₜ ∈ {0, 1} is the direction the
/// stacker should predict, e.g. 1 when the return of bar t + 1 is positive
/// (``nextBarDirection(returns:)``); its label interval is [t, t + horizon].
///
/// **Out-of-fold predictions.** For each purged fold (``PurgedKFold``) a logistic stacker
/// is fitted on the fold's training bars only, then predicts the fold's test bars. Every bar is
/// in exactly one test fold, so every bar receives a probability p̂ₜ = σ(sₜ·w⁽ᵏ⁾ + b⁽ᵏ⁾) from a
/// model that never saw bar t, nor any bar whose label interval overlaps a test label of its
/// fold, nor the embargo after it. p̂ₜ is unchanged if yₜ is altered. The **final model** is
/// fitted on all bars for use on new data.
///
/// **Combined signal.** +1 when p̂ > ½ + threshold, −1 when p̂ < ½ − threshold, else 0.
///
/// ```swift
/// let signals = try SignalMatrix(rows: memberRows)          // bars × members
/// let target = StackedEnsemble.nextBarDirection(returns: returns)  // one shorter
/// let fit = try StackedEnsemble.fit(
///     signals: signals.selecting(rows: Array(0..<target.count)), target: target, config: .init(folds: 5))
/// fit.outOfFoldSignal   // honest combined signal per bar
/// ```
public struct StackedEnsemble: Sendable, Equatable {
    /// The settings used.
    public var config: StackingConfig
    /// The purged folds, in test-fold order.
    public var folds: [PurgedFold]
    /// The stacker fitted on each fold's training bars (same order as `folds`).
    public var foldModels: [LogisticModel]
    /// The stacker fitted on every bar.
    public var finalModel: LogisticModel
    /// p̂ₜ for every bar from the model of the fold whose test set holds t.
    public var outOfFoldProbability: [Double]
    /// The combined signal of `outOfFoldProbability` (−1, 0 or +1).
    public var outOfFoldSignal: [Double]

    /// Fits the fold stackers and the final stacker.
    ///
    /// - Throws: ``EnsembleError`` on mismatched sizes, bad fold settings, a threshold outside
    ///   [0, ½), or a fold whose training bars hold a single class.
    public static func fit(signals: SignalMatrix, target: [Int], config: StackingConfig = .init())
        throws(EnsembleError) -> StackedEnsemble
    {
        let routine = "StackedEnsemble.fit"
        guard target.count == signals.bars else {
            throw EnsembleError(routine: routine, reason: "\(target.count) targets for \(signals.bars) bars")
        }
        guard config.threshold >= 0, config.threshold < 0.5 else {
            throw EnsembleError(routine: routine, reason: "threshold must be in [0, 0.5), got \(config.threshold)")
        }
        let folds = try PurgedKFold.split(
            count: signals.bars, folds: config.folds, horizon: config.horizon, embargo: config.embargo)
        var probability = [Double](repeating: .nan, count: signals.bars)
        var models: [LogisticModel] = []
        models.reserveCapacity(folds.count)
        for (k, fold) in folds.enumerated() {
            let train = fold.trainIndices
            guard !train.isEmpty else {
                throw EnsembleError(
                    routine: routine, reason: "fold \(k) has no training bars left after purge and embargo; use fewer folds or a shorter embargo")
            }
            let model: LogisticModel
            do {
                model = try LogisticRegression.fit(
                    x: signals.rows(train), y: train.map { target[$0] }, config: config.logistic)
            } catch {
                throw EnsembleError(routine: routine, reason: "fold \(k): \(error)")
            }
            let test = fold.testIndices
            let p = try model.predictProbability(signals.rows(test))
            for (i, t) in test.enumerated() { probability[t] = p[i] }
            models.append(model)
        }
        let final = try LogisticRegression.fit(x: signals, y: target, config: config.logistic)
        return StackedEnsemble(
            config: config, folds: folds, foldModels: models, finalModel: final, outOfFoldProbability: probability,
            outOfFoldSignal: probability.map { signal(probability: $0, threshold: config.threshold) })
    }

    /// The final model's p̂ for new rows of member signals.
    public func predictProbability(_ signals: SignalMatrix) throws(EnsembleError) -> [Double] {
        try finalModel.predictProbability(signals)
    }

    /// The final model's combined signal for new rows of member signals.
    public func predictSignal(_ signals: SignalMatrix) throws(EnsembleError) -> [Double] {
        try predictProbability(signals).map { Self.signal(probability: $0, threshold: config.threshold) }
    }

    /// +1 when p > ½ + threshold, −1 when p < ½ − threshold, else 0.
    public static func signal(probability p: Double, threshold: Double) -> Double {
        if p > 0.5 + threshold { return 1 }
        if p < 0.5 - threshold { return -1 }
        return 0
    }

    /// Next-bar direction targets: yₜ = 1 when `returns[t + 1] > 0`, else 0, for
    /// t = 0 … n − 2 (n − 1 values; the last bar has no next bar). `returns[t]` is the return
    /// earned over bar t. Label horizon 1.
    public static func nextBarDirection(returns: [Double]) -> [Int] {
        guard returns.count > 1 else { return [] }
        return (0..<(returns.count - 1)).map { returns[$0 + 1] > 0 ? 1 : 0 }
    }
}
