/// The fraction of bars spent in the market.
///
/// `exposure = #{t : w_t ≠ 0} / N` over a series of per-bar positions or weights
/// (any sign: short bars count). Not annualised.
///
/// quantstats `exposure` computes the same count on returns and rounds it up to the
/// next percent; this does not round.
///
/// Degenerate input: an empty series gives NaN.
///
/// ```swift
/// Exposure.compute([0, 1, 1, 0, -0.5])   // 3 / 5
/// ```
public enum Exposure: SeriesStatistic {
    public static let name = "exposure"

    public static func compute(_ positions: UnsafeBufferPointer<Double>) -> Double {
        guard !positions.isEmpty else { return .nan }
        var active = 0
        for position in positions where position != 0 { active += 1 }
        return Double(active) / Double(positions.count)
    }
}
