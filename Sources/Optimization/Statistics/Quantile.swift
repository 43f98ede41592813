/// The `q`-quantile of `values` with linear interpolation between order statistics
/// (numpy's default `method="linear"`); NaNs are ignored, NaN when nothing is left.
public func linearQuantile(_ values: [Double], _ q: Double) -> Double {
    let sorted = values.filter { !$0.isNaN }.sorted()
    return linearQuantile(sorted: sorted, q)
}

/// ``linearQuantile(_:_:)`` on values already sorted ascending without NaN.
public func linearQuantile(sorted: [Double], _ q: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let position = q * Double(sorted.count - 1)
    let lower = Int(position.rounded(.down))
    let upper = min(lower + 1, sorted.count - 1)
    let fraction = position - Double(lower)
    return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
}
