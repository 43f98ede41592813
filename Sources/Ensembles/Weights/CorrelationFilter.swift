/// Which members the `maxCorrelation` constraint removes.
///
/// Members are visited in order of raw weight, largest first (ties: lower index first); a
/// member is kept when its |correlation| with every member kept so far is ≤ ρ, otherwise it
/// is excluded. So of two members correlated beyond ρ the one with the larger raw weight
/// stays (ties: the lower index), and the kept set has no pair beyond ρ. |corrᵢⱼ| is read as
/// max(|c[i][j]|, |c[j][i]|); the diagonal is ignored.
public enum CorrelationFilter {
    /// `excluded[i]` is true for members the constraint removes.
    ///
    /// - Throws: ``EnsembleError`` when `correlation` is not n × n or holds a non-finite
    ///   off-diagonal value, or `raw` holds a non-finite value.
    public static func excluded(raw: [Double], correlation: [[Double]], maxCorrelation rho: Double)
        throws(EnsembleError) -> [Bool]
    {
        let routine = "CorrelationFilter.excluded"
        let n = raw.count
        guard correlation.count == n, correlation.allSatisfy({ $0.count == n }) else {
            throw EnsembleError(routine: routine, reason: "correlation matrix must be \(n) × \(n)")
        }
        for i in 0..<n {
            guard raw[i].isFinite else { throw EnsembleError(routine: routine, reason: "raw weight \(i) is not finite") }
            for j in 0..<n where i != j && !correlation[i][j].isFinite {
                throw EnsembleError(routine: routine, reason: "correlation[\(i)][\(j)] is not finite")
            }
        }
        let order = (0..<n).sorted { a, b in raw[a] != raw[b] ? raw[a] > raw[b] : a < b }
        var kept: [Int] = []
        var excluded = [Bool](repeating: false, count: n)
        for i in order {
            var clash = false
            for j in kept where max(abs(correlation[i][j]), abs(correlation[j][i])) > rho {
                clash = true
                break
            }
            if clash { excluded[i] = true } else { kept.append(i) }
        }
        return excluded
    }
}
