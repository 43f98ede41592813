/// Standard deviation (ddof 1) of the last `lookback` close-to-close simple returns.
///
/// `result[t]` uses the returns ending at bar `t` (closes `t − lookback … t`), so it
/// is known at bar `t`'s close; NaN until `lookback` returns exist.
func rollingReturnVolatility(close: [Double], lookback: Int) -> [Double] {
    let n = close.count
    var result = [Double](repeating: .nan, count: n)
    guard lookback >= 2, n > lookback else { return result }
    var returns = [Double](repeating: 0, count: n)
    for t in 1..<n { returns[t] = close[t] / close[t - 1] - 1 }
    for t in lookback..<n {
        // Two-pass over the window: exact enough and O(n·lookback) only when asked for.
        var mean = 0.0
        for k in (t - lookback + 1)...t { mean += returns[k] }
        mean /= Double(lookback)
        var m2 = 0.0
        for k in (t - lookback + 1)...t {
            let d = returns[k] - mean
            m2 += d * d
        }
        result[t] = (m2 / Double(lookback - 1)).squareRoot()
    }
    return result
}

/// `rollingReturnVolatility(close:lookback:)[t]` alone, from the closes up to `t` (the same
/// arithmetic in the same order, so the value is bit for bit the batch one); NaN while fewer
/// than `lookback` returns end at `t`.
func rollingReturnVolatility(close: [Double], at t: Int, lookback: Int) -> Double {
    guard lookback >= 2, t >= lookback, t < close.count else { return .nan }
    var mean = 0.0
    for k in (t - lookback + 1)...t { mean += close[k] / close[k - 1] - 1 }
    mean /= Double(lookback)
    var m2 = 0.0
    for k in (t - lookback + 1)...t {
        let d = (close[k] / close[k - 1] - 1) - mean
        m2 += d * d
    }
    return (m2 / Double(lookback - 1)).squareRoot()
}
