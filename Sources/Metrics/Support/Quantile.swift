/// Empirical quantiles with numpy's default (`method="linear"`, Hyndman & Fan type 7)
/// interpolation, reproducing numpy's floating-point steps.
enum EmpiricalQuantile {
    /// The `probability`-quantile of an ascending-sorted buffer (NaN when empty or
    /// `probability` outside [0, 1]).
    ///
    /// Virtual index `h = n·q + (1 − q) − 1` (numpy's `_compute_virtual_index` with
    /// α = β = 1, i.e. `(n − 1)q`), then `x[⌊h⌋] + (x[⌊h⌋+1] − x[⌊h⌋])·(h − ⌊h⌋)`,
    /// evaluated from the upper neighbour when the weight is ≥ 0.5 as numpy's `_lerp` does.
    static func sorted(_ sorted: UnsafeBufferPointer<Double>, probability q: Double) -> Double {
        let n = sorted.count
        guard n > 0, q >= 0, q <= 1 else { return .nan }
        let virtualIndex = Double(n) * q + (1 - q) - 1
        if virtualIndex >= Double(n - 1) { return sorted[n - 1] }
        if virtualIndex < 0 { return sorted[0] }
        let lowerIndex = virtualIndex.rounded(.down)
        let lower = Int(lowerIndex)
        let gamma = virtualIndex - lowerIndex
        let a = sorted[lower]
        let b = sorted[lower + 1]
        let difference = b - a
        return gamma >= 0.5 ? b - difference * (1 - gamma) : a + difference * gamma
    }

    /// The returns sorted ascending (a copy).
    static func ascending(_ values: UnsafeBufferPointer<Double>) -> [Double] {
        var copy = Array(values)
        copy.sort()
        return copy
    }

    /// The tail probability `1 − confidence`, or NaN when `confidence` is outside [0, 1].
    static func tailProbability(confidence: Double) -> Double {
        guard confidence >= 0, confidence <= 1 else { return .nan }
        return 1 - confidence
    }
}
