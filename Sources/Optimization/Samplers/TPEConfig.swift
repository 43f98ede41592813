/// Settings of a ``TPESampler``; the defaults are Optuna's `TPESampler` defaults
/// (with `multivariate=False`, `consider_endpoints=False`, `prior_weight=1.0`,
/// `consider_magic_clip=True`, `constant_liar=True`).
public struct TPEConfig: Sendable {
    /// Trials drawn uniformly at random before the model is used (counted over *told* results).
    public var startupTrials: Int = 10
    /// Candidates drawn from l(x) per parameter per proposal; the one maximising
    /// log l(x) − log g(x) is proposed.
    public var eiCandidates: Int = 24
    /// The size of the "good" group for `n` told results.
    public var gamma: @Sendable (Int) -> Int = TPEConfig.defaultGamma
    /// Observation weights, oldest first, for `n` observations.
    public var weights: @Sendable (Int) -> [Double] = TPEConfig.defaultWeights
    public var priorWeight: Double = 1.0
    public var magicClip: Bool = true
    public var considerEndpoints: Bool = false
    /// While proposals are pending (asked, not yet told), count them as bad observations:
    /// they join the "bad" group g(x) — not the good group, and not `n` for `gamma(n)` —
    /// exactly as Optuna's `constant_liar` treats RUNNING trials. This keeps a batch of
    /// proposals from piling onto one spot.
    public var constantLiar: Bool = true
    /// With a feasibility predicate: how many rounds of candidates to draw before falling
    /// back to the best feasible candidate seen, then to feasible uniform draws.
    public var constraintAttempts: Int = 16

    public init() {}

    /// Optuna's `default_gamma`: `min(ceil(0.1 n), 25)`.
    public static func defaultGamma(_ n: Int) -> Int {
        min(Int((0.1 * Double(n)).rounded(.up)), 25)
    }

    /// Optuna's `default_weights`: ones for `n < 25`, else a ramp `linspace(1/n, 1, n − 25)`
    /// for the oldest observations followed by 25 ones for the most recent.
    public static func defaultWeights(_ n: Int) -> [Double] {
        if n <= 0 { return [] }
        if n < 25 { return [Double](repeating: 1, count: n) }
        let m = n - 25
        var ramp: [Double] = []
        ramp.reserveCapacity(n)
        if m == 1 {
            ramp.append(1.0 / Double(n))
        } else if m > 1 {
            let start = 1.0 / Double(n)
            let step = (1.0 - start) / Double(m - 1)
            for i in 0..<m { ramp.append(Double(i) * step + start) }
            ramp[m - 1] = 1.0
        }
        return ramp + [Double](repeating: 1, count: 25)
    }
}
