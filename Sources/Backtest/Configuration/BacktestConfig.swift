/// Everything the backtester needs besides bars and signals.
///
/// ```swift
/// var config = BacktestConfig()
/// config.costs = CostModel(commissionBps: 1, slippageBps: 2)
/// config.stops = StopRules(stopLoss: 0.05)
/// let result = try BacktestEngine(config: config).run(bars: [bars], signals: [signal])
/// ```
public struct BacktestConfig: Sendable, Equatable {
    /// Starting cash.
    public var initialCapital: Double = 100_000
    /// When orders fill (default: next bar's open).
    public var fill: FillTiming = .nextOpen
    /// Extra bars between the decision and the fill (`realistic_execution_delays`).
    public var delayBars: Int = 0
    /// Commission, slippage and market impact.
    public var costs: CostModel = .zero
    /// Signal → weight.
    public var sizing: PositionSizing = .fullyInvested
    /// Stop-loss, take-profit and trailing stop.
    public var stops: StopRules = StopRules()
    /// Whether negative signals open short positions (otherwise they mean flat).
    public var allowShort: Bool = true
    /// Per-symbol allocation weights (default equal, `1/k`); must match the number of symbols.
    public var allocations: [Double]? = nil
    /// Periods per year for annualised metrics and for accruing ``financingRate`` and
    /// ``borrowRate``; inferred from bar spacing when `nil`.
    public var periodsPerYear: Double? = nil
    /// Account leverage cap `L`: gross exposure right after an order fill,
    /// `G = Σ|units| × reference price`, is at most `L × equity after the fill's costs`.
    /// The default 1 means never borrowing to hold more than the account's equity.
    ///
    /// The rule, at each fill moment (the orders due at one bar's open, or at its close),
    /// with reference prices `P`, equity `E` before the fills at those prices, and for each
    /// order the current units `u` and the unscaled target `τ` (``BacktestEngine``):
    ///
    /// 1. Each order splits into a kept part `b = sign(τ)·min(|u|, |τ|)` when `u` and `τ`
    ///    have the same sign (else `b = 0`) and an added part `τ − b`. Reductions toward
    ///    zero are all kept part; opening, increasing and the opening leg of a reversal are added.
    /// 2. `C` = commission + slippage + impact of the unscaled orders; the cap is `L·(E − C)`.
    /// 3. `G(s) = G_rest + Σ|b|·P + s·Σ|τ − b|·P`, where `G_rest` is the gross of the
    ///    positions not trading at this moment (they keep their size).
    /// 4. `s = 1` when `G(1) ≤ L·(E − C)`; `s = 0` when `G(0) = G_rest + Σ|b|·P ≥ L·(E − C)`;
    ///    otherwise the `s` with `G(s) = L·(E − C)`:
    ///    `s = (L·(E − C) − G_rest − Σ|b|·P) / Σ|τ − b|·P`. Both comparisons allow a relative
    ///    10⁻¹² for rounding, so that an order exactly at the cap is not scaled and a
    ///    portfolio exactly at it opens no dust positions.
    /// 5. Every order trades to `b + s·(τ − b)`: one common factor on the added exposure.
    ///
    /// Orders that only reduce exposure are therefore never blocked or changed. Scaling only
    /// shrinks orders, and costs grow with order size, so the scaled orders cost at most `C`
    /// and `G ≤ L × equity after costs` holds after every fill moment, except when the
    /// positions left as they are already exceed it (`s = 0`, after price moves). Protective
    /// exits (``StopRules``) only reduce and are not capped. The cap limits orders only:
    /// price moves between fills can take exposure above it, and nothing is sold to restore it.
    public var maxLeverage: Double = 1
    /// Annual interest rate charged on negative cash (a margin loan), e.g. 0.05 for 5 %;
    /// accrued every bar as `max(0, −cash) × financingRate / periodsPerYear` (see ``BacktestEngine``).
    public var financingRate: Double = 0
    /// Annual fee on the notional of short positions, e.g. 0.01 for 1 %; accrued every bar as
    /// `Σ |short units| × close × borrowRate / periodsPerYear` (see ``BacktestEngine``).
    public var borrowRate: Double = 0
    /// Whether the result keeps per-bar paths (``ResultDetail/full``) or metrics and trades only.
    public var detail: ResultDetail = .full

    public init() {}
}
