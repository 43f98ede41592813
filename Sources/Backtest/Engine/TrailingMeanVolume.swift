/// The mean volume of the `lookback` bars before each bar: `result[t] = (v[t−L] + … + v[t−1]) / L`.
///
/// Known before bar `t` trades, so it can stand for the volume an order at bar `t`
/// meets (market impact, ``CostModel``); NaN while fewer than `lookback` bars precede `t`.
/// Each window is summed afresh (O(n·lookback)), which keeps every value exact to
/// its own summation, independent of earlier bars.
func trailingMeanVolume(volume: [Double], lookback: Int) -> [Double] {
    let n = volume.count
    var result = [Double](repeating: .nan, count: n)
    guard lookback >= 1, n > lookback else { return result }
    for t in lookback..<n {
        var sum = 0.0
        for k in (t - lookback)..<t { sum += volume[k] }
        result[t] = sum / Double(lookback)
    }
    return result
}

/// `trailingMeanVolume(volume:lookback:)[t]` alone, from the volumes before `t` (bit for bit
/// the batch value); NaN while fewer than `lookback` bars precede `t`.
func trailingMeanVolume(volume: [Double], at t: Int, lookback: Int) -> Double {
    guard lookback >= 1, t >= lookback, t <= volume.count else { return .nan }
    var sum = 0.0
    for k in (t - lookback)..<t { sum += volume[k] }
    return sum / Double(lookback)
}
