/// A quantile of a simulated distribution: the value at probability `probability`.
///
/// ```swift
/// QuantilePoint(probability: 0.05, value: -0.18)   // 5% of paths end below −18%
/// ```
public struct QuantilePoint: Sendable, Equatable {
    /// The probability in [0, 1] (0.05 = the 5th percentile).
    public var probability: Double
    /// The quantile's value (numpy linear interpolation).
    public var value: Double

    /// A quantile point.
    public init(probability: Double, value: Double) {
        self.probability = probability
        self.value = value
    }

    /// Equal when both fields are equal, NaN counting as equal to NaN.
    public static func == (lhs: QuantilePoint, rhs: QuantilePoint) -> Bool {
        sameValue(lhs.probability, rhs.probability) && sameValue(lhs.value, rhs.value)
    }
}

/// The distribution of outcomes over bootstrap paths (``MonteCarloSimulation``).
///
/// - `finalReturnQuantiles`, `maxDrawdownQuantiles`: at probabilities
///   ``MonteCarloSimulation/quantileProbabilities`` (0.05, 0.25, 0.5, 0.75, 0.95),
///   of the paths' compounded total return `Π(1 + r) − 1` and maximum drawdown
///   (positive fraction, Metrics' `MaxDrawdown`);
/// - `probabilityOfLoss`: share of paths whose total return is < 0;
/// - `expectedFinalReturn`: mean total return over the paths;
/// - `fan[b][k]`: the percentile ``MonteCarloSimulation/fanPercentiles``[b]
///   (5, 25, 50, 75, 95) across paths of the compounded equity (starting at 1) after
///   `fanSteps[k]` returns. `fan` has 5 rows, each `fanSteps.count` long.
///
/// Equality treats NaN as equal to NaN.
///
/// ```swift
/// let result = MonteCarloSimulation.bootstrap(returns: r, config: .init(seed: 1))
/// result.finalReturnQuantiles[2].value   // the median total return
/// result.fan[0].last                     // the 5th percentile of final equity
/// ```
public struct MonteCarloResult: Sendable, Equatable {
    /// Number of paths simulated.
    public var paths: Int
    /// Returns per path.
    public var horizon: Int
    /// Quantiles of the total return `Π(1 + r) − 1` across paths.
    public var finalReturnQuantiles: [QuantilePoint]
    /// Quantiles of the maximum drawdown across paths.
    public var maxDrawdownQuantiles: [QuantilePoint]
    /// Share of paths ending with a loss.
    public var probabilityOfLoss: Double
    /// Mean total return across paths.
    public var expectedFinalReturn: Double
    /// Percentile bands of equity: `fan[band][step]`.
    public var fan: [[Double]]
    /// The number of returns compounded at each fan column.
    public var fanSteps: [Int]

    /// A result with every field given.
    public init(
        paths: Int, horizon: Int, finalReturnQuantiles: [QuantilePoint],
        maxDrawdownQuantiles: [QuantilePoint], probabilityOfLoss: Double,
        expectedFinalReturn: Double, fan: [[Double]], fanSteps: [Int]
    ) {
        self.paths = paths
        self.horizon = horizon
        self.finalReturnQuantiles = finalReturnQuantiles
        self.maxDrawdownQuantiles = maxDrawdownQuantiles
        self.probabilityOfLoss = probabilityOfLoss
        self.expectedFinalReturn = expectedFinalReturn
        self.fan = fan
        self.fanSteps = fanSteps
    }

    /// Equal when every field is equal, NaN counting as equal to NaN.
    public static func == (lhs: MonteCarloResult, rhs: MonteCarloResult) -> Bool {
        lhs.paths == rhs.paths && lhs.horizon == rhs.horizon
            && lhs.finalReturnQuantiles == rhs.finalReturnQuantiles
            && lhs.maxDrawdownQuantiles == rhs.maxDrawdownQuantiles
            && sameValue(lhs.probabilityOfLoss, rhs.probabilityOfLoss)
            && sameValue(lhs.expectedFinalReturn, rhs.expectedFinalReturn)
            && lhs.fan.count == rhs.fan.count
            && zip(lhs.fan, rhs.fan).allSatisfy { sameValues($0, $1) }
            && lhs.fanSteps == rhs.fanSteps
    }
}
