/// What one return series did inside one ``StressScenario`` (see ``StressTest``).
///
/// Equality treats NaN as equal to NaN.
public struct StressFigures: Sendable, Equatable {
    /// Bars (returns) in the window.
    public var bars: Int
    /// `Π(1 + r) − 1` over the window (Metrics `TotalReturn`).
    public var totalReturn: Double
    /// Largest peak-to-trough loss within the window, positive, the curve starting at
    /// 1 on the window's first bar (Metrics `MaxDrawdown`).
    public var maxDrawdown: Double
    /// `std(r, ddof 1)·√periodsPerYear` over the window (Metrics `AnnualVolatility`;
    /// NaN for a one-bar window).
    public var annualVolatility: Double
    /// The smallest return in the window (the first one on ties) and its timestamp.
    public var worstReturn: Double
    public var worstTimestamp: Int64
    /// The timestamp of the window's lowest equity (the first one on ties).
    public var troughTimestamp: Int64
    /// Bars from the trough to the first bar, inside or after the window, whose equity
    /// is at or above the pre-window peak; 0 when the trough never fell below it; nil
    /// when the data end first.
    public var recoveryBars: Int?
    /// The same span in calendar days, `(t_recovery − t_trough)/86 400`.
    public var recoveryDays: Double?

    public init(
        bars: Int, totalReturn: Double, maxDrawdown: Double, annualVolatility: Double,
        worstReturn: Double, worstTimestamp: Int64, troughTimestamp: Int64,
        recoveryBars: Int?, recoveryDays: Double?
    ) {
        self.bars = bars
        self.totalReturn = totalReturn
        self.maxDrawdown = maxDrawdown
        self.annualVolatility = annualVolatility
        self.worstReturn = worstReturn
        self.worstTimestamp = worstTimestamp
        self.troughTimestamp = troughTimestamp
        self.recoveryBars = recoveryBars
        self.recoveryDays = recoveryDays
    }

    public static func == (a: StressFigures, b: StressFigures) -> Bool {
        a.bars == b.bars && sameValue(a.totalReturn, b.totalReturn) && sameValue(a.maxDrawdown, b.maxDrawdown)
            && sameValue(a.annualVolatility, b.annualVolatility) && sameValue(a.worstReturn, b.worstReturn)
            && a.worstTimestamp == b.worstTimestamp && a.troughTimestamp == b.troughTimestamp
            && a.recoveryBars == b.recoveryBars && a.recoveryDays == b.recoveryDays
    }
}

/// Strategy minus benchmark for the figures that compare directly.
public struct StressDifference: Sendable, Equatable {
    /// Strategy − benchmark total return (positive: the strategy lost less or gained more).
    public var totalReturn: Double
    /// Strategy − benchmark max drawdown (negative: the strategy's drawdown was shallower).
    public var maxDrawdown: Double
    /// Strategy − benchmark annualised volatility.
    public var annualVolatility: Double
    /// Strategy − benchmark worst return.
    public var worstReturn: Double

    public init(totalReturn: Double, maxDrawdown: Double, annualVolatility: Double, worstReturn: Double) {
        self.totalReturn = totalReturn
        self.maxDrawdown = maxDrawdown
        self.annualVolatility = annualVolatility
        self.worstReturn = worstReturn
    }

    public static func == (a: StressDifference, b: StressDifference) -> Bool {
        sameValue(a.totalReturn, b.totalReturn) && sameValue(a.maxDrawdown, b.maxDrawdown)
            && sameValue(a.annualVolatility, b.annualVolatility) && sameValue(a.worstReturn, b.worstReturn)
    }
}

/// One scenario's figures: nil when no bar falls in the window (or no benchmark).
public struct StressScenarioResult: Sendable, Equatable {
    public var scenario: StressScenario
    public var strategy: StressFigures?
    public var benchmark: StressFigures?
    public var difference: StressDifference?

    public init(scenario: StressScenario, strategy: StressFigures?, benchmark: StressFigures?, difference: StressDifference?) {
        self.scenario = scenario
        self.strategy = strategy
        self.benchmark = benchmark
        self.difference = difference
    }
}
