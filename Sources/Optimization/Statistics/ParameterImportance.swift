/// How much of the objective's variation each parameter explains.
///
/// For each parameter, trials are grouped by the parameter's value (continuous
/// parameters with more than 10 distinct values are cut into 10 equal-count
/// bins) and the correlation ratio η² = Σ_g n_g (ȳ_g − ȳ)² / Σ_i (y_i − ȳ)² is
/// computed over the trials with a finite objective (Pearson 1905; the
/// "first-order effect" of a variance decomposition, cf. fANOVA, Hutter et al. 2014).
/// η² ∈ [0, 1]; ``share`` normalises the η² of all parameters to sum to 1.
/// A parameter that a trial's strategy does not declare is absent from that trial
/// and the trial is left out of that parameter's η².
public struct ParameterImportance: Sendable, Equatable {
    public var parameter: String
    public var etaSquared: Double
    public var share: Double
    /// Trials that had the parameter and a finite objective.
    public var trials: Int

    /// The importance of every parameter in `names`, in that order.
    public static func compute(names: [String], trials: [(parameters: [String: Double], objective: Double)]) -> [ParameterImportance] {
        var raw: [(String, Double, Int)] = []
        for name in names {
            let pairs = trials.compactMap { trial -> (Double, Double)? in
                guard let x = trial.parameters[name], trial.objective.isFinite else { return nil }
                return (x, trial.objective)
            }
            raw.append((name, etaSquared(pairs), pairs.count))
        }
        let total = raw.reduce(0) { $0 + ($1.1.isFinite ? $1.1 : 0) }
        return raw.map {
            ParameterImportance(parameter: $0.0, etaSquared: $0.1,
                                share: total > 0 && $0.1.isFinite ? $0.1 / total : .nan, trials: $0.2)
        }
    }

    static func etaSquared(_ pairs: [(Double, Double)]) -> Double {
        guard pairs.count > 1 else { return .nan }
        let sorted = pairs.sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        var distinct: [Double] = []
        for (x, _) in sorted where distinct.last != x { distinct.append(x) }
        // Group index per trial: by value, or by equal-count bin of the sorted order.
        var groups = [Int](repeating: 0, count: sorted.count)
        if distinct.count <= 10 {
            var g = 0
            for i in sorted.indices {
                if i > 0, sorted[i].0 != sorted[i - 1].0 { g += 1 }
                groups[i] = g
            }
        } else {
            for i in sorted.indices { groups[i] = i * 10 / sorted.count }
            // Keep equal values in one bin.
            for i in sorted.indices.dropFirst() where sorted[i].0 == sorted[i - 1].0 { groups[i] = groups[i - 1] }
        }
        let mean = sorted.reduce(0) { $0 + $1.1 } / Double(sorted.count)
        let total = sorted.reduce(0) { $0 + ($1.1 - mean) * ($1.1 - mean) }
        guard total > 0 else { return 0 }
        let groupCount = (groups.last ?? 0) + 1
        var sums = [Double](repeating: 0, count: groupCount)
        var counts = [Double](repeating: 0, count: groupCount)
        for (i, pair) in sorted.enumerated() {
            sums[groups[i]] += pair.1
            counts[groups[i]] += 1
        }
        var between = 0.0
        for g in 0..<groupCount where counts[g] > 0 {
            let d = sums[g] / counts[g] - mean
            between += counts[g] * d * d
        }
        return between / total
    }
}
