/// Empirical quantiles with numpy's default linear interpolation, shared by every
/// file of this module (Monte Carlo bands, tail ratio, regime terciles).
///
/// For an ascending-sorted sample `x_0 ≤ … ≤ x_{n−1}` and probability `q`:
/// `h = (n − 1)·q` (numpy's virtual index `n·q + (1 − q) − 1`, Hyndman & Fan
/// type 7), `Q(q) = x_⌊h⌋ + (x_⌊h⌋+1 − x_⌊h⌋)·(h − ⌊h⌋)`, evaluated from the upper
/// neighbour when the weight is ≥ ½ as numpy's `_lerp` does, so results agree with
/// `np.quantile(x, q)` / `np.percentile(x, 100q)` to the last bit in the usual cases.
///
/// (Metrics keeps its own copy for VaR internal; this module does not reach into it.)
///
/// Degenerate input → NaN: an empty sample, or `q` outside [0, 1] or NaN.
///
/// ```swift
/// SampleQuantile.sorted([1, 2, 3, 4], probability: 0.5)   // 2.5
/// SampleQuantile.of([4, 1, 3, 2], probability: 0.25)      // 1.75
/// ```
enum SampleQuantile {
    /// The `q`-quantile of an ascending-sorted array.
    static func sorted(_ sorted: [Double], probability q: Double) -> Double {
        let n = sorted.count
        guard n > 0, q >= 0, q <= 1 else { return .nan }
        let virtualIndex = Double(n) * q + (1 - q) - 1
        if virtualIndex >= Double(n - 1) { return sorted[n - 1] }
        if virtualIndex <= 0 { return sorted[0] }
        let lowerIndex = virtualIndex.rounded(.down)
        let lower = Int(lowerIndex)
        let gamma = virtualIndex - lowerIndex
        let a = sorted[lower]
        let b = sorted[lower + 1]
        let difference = b - a
        return gamma >= 0.5 ? b - difference * (1 - gamma) : a + difference * gamma
    }

    /// The `q`-quantile of an unsorted sample (sorted into a copy first).
    static func of(_ values: [Double], probability q: Double) -> Double {
        sorted(values.sorted(), probability: q)
    }
}
