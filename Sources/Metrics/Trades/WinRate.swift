/// The share of winning values among the non-zero ones.
///
/// `win rate = #{v > 0} / #{v ≠ 0}`. Zeros (flat bars, scratch trades) count as
/// neither win nor loss. Pass trade P&Ls for a trade win rate, or per-bar returns for
/// quantstats' bar win rate.
///
/// Agrees with quantstats `win_rate`, except that quantstats returns 0.0 when there is
/// no non-zero value; this returns NaN (an empty or all-zero series).
///
/// ```swift
/// WinRate.compute([12.5, -3.0, 0, 7.25])   // 2 / 3
/// ```
public enum WinRate: ReturnStatistic, SeriesStatistic {
    public static let name = "win_rate"

    public static func compute(_ values: UnsafeBufferPointer<Double>) -> Double {
        var wins = 0
        var decided = 0
        for value in values where value != 0 {
            decided += 1
            if value > 0 { wins += 1 }
        }
        return decided == 0 ? .nan : Double(wins) / Double(decided)
    }
}
