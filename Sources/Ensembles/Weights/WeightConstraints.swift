/// Constraints on ensemble member weights, enforced by ``ConstrainedWeights/project(_:constraints:correlation:)``.
///
/// A weight vector w (one weight per member) is **feasible** when
///
/// * Σᵢ wᵢ = `sum` (within 1e-12 × max(1, |sum|));
/// * every wᵢ is either exactly 0 or in [`minWeight`, `maxWeight`] — a member is either out
///   of the ensemble or holds at least the minimum weight (with `minWeight` = 0 this is the box
///   0 ≤ wᵢ ≤ `maxWeight`);
/// * with `maxCorrelation` ρ set: no two members i ≠ j with |corrᵢⱼ| > ρ both have wᵢ ≠ 0.
///
/// Weights are long-only: 0 ≤ `minWeight` ≤ `maxWeight`, `maxWeight` > 0, `sum` > 0.
///
/// ```swift
/// let constraints = WeightConstraints(sum: 1, minWeight: 0.05, maxWeight: 0.4, maxCorrelation: 0.9)
/// ```
public struct WeightConstraints: Sendable, Equatable {
    /// Σ w, e.g. 1 (fully invested).
    public var sum: Double
    /// The smallest non-zero weight.
    public var minWeight: Double
    /// The largest weight.
    public var maxWeight: Double
    /// ρ: members correlated beyond |ρ| cannot both be held; `nil` for no such limit.
    public var maxCorrelation: Double?

    public init(sum: Double = 1, minWeight: Double = 0, maxWeight: Double = 1, maxCorrelation: Double? = nil) {
        self.sum = sum
        self.minWeight = minWeight
        self.maxWeight = maxWeight
        self.maxCorrelation = maxCorrelation
    }

    /// Refuses constraints that are meaningless on their own (before any member count is known).
    public func validate() throws(EnsembleError) {
        let routine = "WeightConstraints"
        guard sum > 0, sum.isFinite else {
            throw EnsembleError(routine: routine, reason: "sum must be positive and finite, got \(sum)")
        }
        guard minWeight >= 0, minWeight.isFinite else {
            throw EnsembleError(routine: routine, reason: "minWeight must be ≥ 0 and finite, got \(minWeight)")
        }
        guard maxWeight > 0, maxWeight.isFinite, maxWeight >= minWeight else {
            throw EnsembleError(
                routine: routine, reason: "maxWeight must be positive, finite and ≥ minWeight (\(minWeight)), got \(maxWeight)")
        }
        if let rho = maxCorrelation, !(rho >= 0 && rho.isFinite) {
            throw EnsembleError(routine: routine, reason: "maxCorrelation must be ≥ 0 and finite, got \(rho)")
        }
    }

    /// The first way `weights` breaks the constraints, or `nil` when it is feasible.
    /// Bounds are checked exactly; the sum within `sumTolerance × max(1, |sum|)`.
    public func violation(of weights: [Double], correlation: [[Double]]? = nil, sumTolerance: Double = 1e-12) -> String? {
        var total = 0.0
        for (i, w) in weights.enumerated() {
            guard w.isFinite else { return "weight \(i) is not finite" }
            if w != 0, w < minWeight || w > maxWeight {
                return "weight \(i) = \(w) is neither 0 nor in [\(minWeight), \(maxWeight)]"
            }
            total += w
        }
        if abs(total - sum) > sumTolerance * max(1, abs(sum)) { return "weights sum to \(total), not \(sum)" }
        if let rho = maxCorrelation {
            guard let c = correlation else { return "maxCorrelation is set but no correlation matrix was given" }
            guard c.count == weights.count, c.allSatisfy({ $0.count == weights.count }) else {
                return "correlation matrix is not \(weights.count) × \(weights.count)"
            }
            for i in weights.indices where weights[i] != 0 {
                for j in weights.indices where j > i && weights[j] != 0 {
                    let r = max(abs(c[i][j]), abs(c[j][i]))
                    if r > rho { return "members \(i) and \(j) both held with |correlation| \(r) > \(rho)" }
                }
            }
        }
        return nil
    }
}
