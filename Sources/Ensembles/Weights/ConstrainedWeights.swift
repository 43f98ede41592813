/// Maps any raw weight vector (for example a differential-evolution candidate) to a
/// weight vector satisfying ``WeightConstraints``.
///
/// **Algorithm.**
/// 1. With `maxCorrelation` set, the members ``CorrelationFilter`` excludes get weight 0.
///    The rest form the active set A.
/// 2. w_A = the exact Euclidean projection of the raw weights of A onto
///    {Σw = sum, 0 ≤ w ≤ maxWeight} (``projectOntoCappedSimplex(_:sum:lower:upper:)``).
/// 3. With `minWeight` > 0, weights in (0, minWeight) are not allowed. While some exist:
///    if A can lose a member and still reach the sum ((|A| − 1)·maxWeight ≥ sum), drop the
///    smallest such weight's member from A (ties: the higher index goes) and repeat step 2;
///    otherwise project A onto {Σw = sum, minWeight ≤ w ≤ maxWeight} (every remaining member
///    held) and stop.
///
/// The result is feasible: weights are exactly 0 or in [minWeight, maxWeight] (bounds are
/// exact: the projection clips), they sum to `sum` up to rounding (≈ n·ε), and no two held
/// members are correlated beyond ρ. With `minWeight` = 0 and no correlation limit the result is
/// the exact Euclidean projection; otherwise steps 1 and 3 are a deterministic heuristic for
/// the non-convex feasible set. A feasible input is returned unchanged (idempotence).
///
/// **Infeasible constraints** throw: after exclusions a support of k members needs
/// k·minWeight ≤ sum ≤ k·maxWeight for some k ≤ |A|, i.e. k* = ⌈sum / maxWeight⌉ ≤ |A| and
/// k*·minWeight ≤ sum (e.g. 3 members with maxWeight 0.3 cannot sum to 1).
///
/// ```swift
/// let w = try ConstrainedWeights.project(
///     [0.9, 0.5, -0.2, 0.1], constraints: .init(sum: 1, minWeight: 0.1, maxWeight: 0.6))
/// // [0.6, 0.4, 0, 0] — sum 1, each 0 or in [0.1, 0.6]
/// ```
public enum ConstrainedWeights {
    /// The feasible weight vector for `raw` (one raw weight per member).
    ///
    /// - Parameter correlation: n × n correlation matrix of member returns or signals;
    ///   required when `constraints.maxCorrelation` is set.
    /// - Throws: ``EnsembleError`` for invalid or infeasible constraints, an empty or
    ///   non-finite `raw`, or a missing / malformed correlation matrix.
    public static func project(_ raw: [Double], constraints: WeightConstraints, correlation: [[Double]]? = nil)
        throws(EnsembleError) -> [Double]
    {
        let routine = "ConstrainedWeights.project"
        try constraints.validate()
        let n = raw.count
        guard n > 0 else { throw EnsembleError(routine: routine, reason: "no members") }
        for (i, v) in raw.enumerated() where !v.isFinite {
            throw EnsembleError(routine: routine, reason: "raw weight \(i) is not finite (\(v))")
        }
        var excluded = [Bool](repeating: false, count: n)
        if let rho = constraints.maxCorrelation {
            guard let c = correlation else {
                throw EnsembleError(routine: routine, reason: "maxCorrelation is set: pass the members' correlation matrix")
            }
            excluded = try CorrelationFilter.excluded(raw: raw, correlation: c, maxCorrelation: rho)
        }
        var active = (0..<n).filter { !excluded[$0] }
        let s = constraints.sum
        let lo = constraints.minWeight
        let hi = constraints.maxWeight
        let slack = 1e-12 * max(1, s)
        // Feasibility: the smallest support k* = ⌈s / hi⌉ must fit in A and respect the minimum.
        let smallest = Int((s / hi - 1e-12).rounded(.up))
        guard smallest <= active.count, Double(smallest) * lo <= s + slack else {
            throw EnsembleError(
                routine: routine,
                reason: "infeasible: \(active.count) eligible member(s)\(excluded.contains(true) ? " after correlation exclusions" : "") with weights 0 or in [\(lo), \(hi)] cannot sum to \(s)")
        }
        while true {
            guard let w = CappedSimplexProjection.project(active.map { raw[$0] }, sum: s, lower: 0, upper: hi) else {
                throw EnsembleError(routine: routine, reason: "infeasible: \(active.count) member(s) × max \(hi) < sum \(s)")
            }
            var drop: Int? = nil  // position in `active` of the smallest weight in (0, lo); ties: the later one
            for (q, v) in w.enumerated() where v > 0 && v < lo {
                if let d = drop, v > w[d] { continue }
                drop = q
            }
            guard let d = drop else { return scatter(w, active, n) }
            if Double(active.count - 1) * hi >= s - slack {
                active.remove(at: d)
                continue
            }
            guard let held = CappedSimplexProjection.project(active.map { raw[$0] }, sum: s, lower: lo, upper: hi) else {
                throw EnsembleError(
                    routine: routine, reason: "infeasible: \(active.count) member(s) × min \(lo) > sum \(s)")
            }
            return scatter(held, active, n)
        }
    }

    /// The exact Euclidean projection of `x` onto {Σw = sum, lower ≤ w ≤ upper}:
    /// wᵢ = clip(xᵢ − τ, lower, upper) with the unique shift τ making Σw = sum, found by
    /// bisection over the sorted breakpoints xᵢ − upper, xᵢ − lower and then solved in closed
    /// form, τ = (Σ_free xᵢ + n_lower·lower + n_upper·upper − sum) / n_free (Held, Wolfe &
    /// Crowder 1974; Wang & Lu 2015, arXiv:1503.01002). A feasible `x` is returned unchanged.
    ///
    /// - Throws: ``EnsembleError`` when n·lower > sum, n·upper < sum, lower > upper, or a
    ///   value is not finite.
    public static func projectOntoCappedSimplex(_ x: [Double], sum: Double, lower: Double, upper: Double)
        throws(EnsembleError) -> [Double]
    {
        let routine = "ConstrainedWeights.projectOntoCappedSimplex"
        guard x.allSatisfy(\.isFinite), sum.isFinite, lower.isFinite, upper.isFinite else {
            throw EnsembleError(routine: routine, reason: "inputs must be finite")
        }
        guard let w = CappedSimplexProjection.project(x, sum: sum, lower: lower, upper: upper) else {
            throw EnsembleError(
                routine: routine, reason: "infeasible: need \(x.count)·\(lower) ≤ \(sum) ≤ \(x.count)·\(upper), lower ≤ upper, n ≥ 1")
        }
        return w
    }

    private static func scatter(_ w: [Double], _ active: [Int], _ n: Int) -> [Double] {
        var out = [Double](repeating: 0, count: n)
        for (q, i) in active.enumerated() { out[i] = w[q] }
        return out
    }
}
