/// Settings of ``StackedEnsemble/fit(signals:target:config:)``.
///
/// ```swift
/// let config = StackingConfig(folds: 5, horizon: 1, embargo: .bars(5), logistic: .init(c: 1))
/// ```
public struct StackingConfig: Sendable, Equatable {
    /// k, the number of contiguous purged folds (≥ 2).
    public var folds: Int
    /// h, the label horizon in bars: the target of bar t depends on bars [t, t + h]
    /// (1 for the next-bar direction).
    public var horizon: Int
    /// Bars withheld from training after each test fold.
    public var embargo: Embargo
    /// The logistic stacker's settings (C, intercept, solver tolerance).
    public var logistic: LogisticRegressionConfig
    /// Dead band around ½ for the combined signal: +1 when p > ½ + threshold, −1 when
    /// p < ½ − threshold, else 0 (0 ≤ threshold < ½).
    public var threshold: Double

    public init(
        folds: Int = 5, horizon: Int = 1, embargo: Embargo = .bars(0), logistic: LogisticRegressionConfig = .init(),
        threshold: Double = 0
    ) {
        self.folds = folds
        self.horizon = horizon
        self.embargo = embargo
        self.logistic = logistic
        self.threshold = threshold
    }
}
