import Metrics

/// Performance broken down by regime: one ``RegimeStatistics`` per regime name.
///
/// `returns[i]` is attributed to `labels[i]`: the CALLER aligns them. For labels
/// computed on closes (one per bar) and close-to-close returns, pass the return INTO
/// bar i with the label of the bar the position was decided on — e.g. for a
/// strategy return `r_i` earned from bar i−1 to bar i, use `labels[i − 1]` so the
/// label is known when the return starts. A label `k` names `names[k]`; nil labels
/// (warm-up) and labels outside `0..<names.count` are skipped.
///
/// The result has one entry per name, in the order of `names` (a regime with no
/// bars gets `bars` 0 and NaN statistics). Statistics come from the Metrics module
/// over each regime's sub-series (see ``RegimeStatistics``); `fraction` divides by
/// the number of returns with a valid label, so the fractions sum to 1.
///
/// Degenerate input: `returns.count != labels.count` gives `[]`, as does an empty
/// `names`.
///
/// ```swift
/// let labels = VolatilityRegime.labels(close: bars.close, periodsPerYear: 252)
/// let stats = RegimePerformance.breakdown(
///     returns: strategyReturns, labels: labels,
///     names: VolatilityRegime.names, periodsPerYear: 252)
/// for regime in stats { print(regime.name, regime.sharpeRatio) }
/// ```
public enum RegimePerformance {
    /// The per-regime statistics, in the order of `names`.
    public static func breakdown(
        returns: [Double], labels: [Int?], names: [String], periodsPerYear: Double
    ) -> [RegimeStatistics] {
        guard returns.count == labels.count, !names.isEmpty else { return [] }
        var groups = [[Double]](repeating: [], count: names.count)
        for (value, label) in zip(returns, labels) {
            guard let label, label >= 0, label < names.count else { continue }
            groups[label].append(value)
        }
        let labelled = groups.reduce(0) { $0 + $1.count }
        return zip(names, groups).map { name, group in
            statistics(name: name, returns: group, labelled: labelled, periodsPerYear: periodsPerYear)
        }
    }

    /// The statistics of one regime's returns.
    static func statistics(
        name: String, returns: [Double], labelled: Int, periodsPerYear: Double
    ) -> RegimeStatistics {
        RegimeStatistics(
            name: name, bars: returns.count,
            fraction: labelled == 0 ? .nan : Double(returns.count) / Double(labelled),
            totalReturn: TotalReturn.compute(returns),
            annualizedReturn: CAGR.compute(returns, periodsPerYear: periodsPerYear),
            annualVolatility: AnnualVolatility.compute(returns, periodsPerYear: periodsPerYear),
            sharpeRatio: SharpeRatio.compute(returns, periodsPerYear: periodsPerYear),
            maxDrawdown: MaxDrawdown.compute(returns),
            winRate: WinRate.compute(returns))
    }
}
