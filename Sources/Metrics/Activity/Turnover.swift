/// Annualised one-way turnover of a series of portfolio weights.
///
/// With `w_t` the weight (position value / equity) held over bar t, `w_{−1}` the
/// weight before the first bar (default 0: the backtest starts flat, so the first
/// entry counts), and `years = N / periodsPerYear`:
///
/// `turnover = ( Σ_{t=0…N−1} |w_t − w_{t−1}| ) / 2 / years`
///
/// One-way: half the traded volume, so going from flat to fully long and back to
/// flat once a year is 1.0 (a 100%-a-year turnover); a closing position still held
/// at the end is not counted as traded. Weight changes from price drift are the
/// caller's to include or not (pass the weights it actually rebalanced to).
///
/// Degenerate input → NaN: an empty series or `periodsPerYear` not finite and positive.
///
/// ```swift
/// Turnover.compute([0, 1, 1, 1, 0], periodsPerYear: 5)   // (1 + 1) / 2 / 1 = 1
/// ```
public enum Turnover {
    public static let name = "turnover"

    /// The annualised one-way turnover of `weights`, starting from `initialWeight`.
    public static func compute(
        _ weights: UnsafeBufferPointer<Double>, periodsPerYear: Double, initialWeight: Double = 0
    ) -> Double {
        guard !weights.isEmpty, Moments.isValidAnnualisation(periodsPerYear) else { return .nan }
        var previous = initialWeight
        var traded = 0.0
        for weight in weights {
            traded += abs(weight - previous)
            previous = weight
        }
        return annualise(tradedVolume: traded, bars: weights.count, periodsPerYear: periodsPerYear)
    }

    /// The annualised one-way turnover of any collection of weights.
    public static func compute<C: Collection>(
        _ weights: C, periodsPerYear: Double, initialWeight: Double = 0
    ) -> Double where C.Element == Double {
        withContiguousBuffer(weights) {
            compute($0, periodsPerYear: periodsPerYear, initialWeight: initialWeight)
        }
    }

    /// `tradedVolume / 2 / (bars / periodsPerYear)` for `tradedVolume = Σ|Δw|`.
    public static func annualise(tradedVolume: Double, bars: Int, periodsPerYear: Double) -> Double {
        guard bars > 0, Moments.isValidAnnualisation(periodsPerYear) else { return .nan }
        return tradedVolume / 2 / (Double(bars) / periodsPerYear)
    }
}

/// Streaming ``Exposure`` and ``Turnover``: add each bar's weight as the backtest runs.
///
/// ```swift
/// var activity = ActivityAccumulator()
/// for weight in [0.0, 1, 1, 0] { activity.add(weight) }
/// activity.exposure                              // 0.5
/// activity.turnover(periodsPerYear: 252)
/// ```
public struct ActivityAccumulator: Sendable {
    @usableFromInline var count = 0
    @usableFromInline var active = 0
    @usableFromInline var previous: Double
    @usableFromInline var traded = 0.0

    /// An accumulator starting from `initialWeight` (default 0: flat).
    public init(initialWeight: Double = 0) {
        previous = initialWeight
    }

    /// Adds the weight (or position) held over the next bar.
    @inlinable
    public mutating func add(_ weight: Double) {
        count += 1
        if weight != 0 { active += 1 }
        traded += abs(weight - previous)
        previous = weight
    }

    /// The number of bars added.
    public var bars: Int { count }

    /// ``Exposure`` of the weights added so far (NaN when none).
    public var exposure: Double { count == 0 ? .nan : Double(active) / Double(count) }

    /// ``Turnover`` of the weights added so far (NaN when none).
    public func turnover(periodsPerYear: Double) -> Double {
        Turnover.annualise(tradedVolume: traded, bars: count, periodsPerYear: periodsPerYear)
    }
}
