/// Shared loops over a return buffer: sums, means and two-pass central moments.
///
/// Every batch statistic goes through these so they all see the same arithmetic
/// (plain left-to-right sums; numpy's pairwise sums differ only in the last bits).
enum Moments {
    /// Σ x.
    static func sum(_ x: UnsafeBufferPointer<Double>) -> Double {
        var total = 0.0
        for value in x { total += value }
        return total
    }

    /// The arithmetic mean of `x − shift`; NaN when `x` is empty.
    static func mean(_ x: UnsafeBufferPointer<Double>, shift: Double = 0) -> Double {
        guard !x.isEmpty else { return .nan }
        var total = 0.0
        for value in x { total += value - shift }
        return total / Double(x.count)
    }

    /// Whether every element equals the first (true for an empty buffer).
    static func isConstant(_ x: UnsafeBufferPointer<Double>) -> Bool {
        guard let first = x.first else { return true }
        for value in x where value != first { return false }
        return true
    }

    /// The sample standard deviation (ddof = 1) of `x − shift`, two-pass; NaN when
    /// fewer than two values; exactly 0 when all values are equal.
    static func sampleStandardDeviation(_ x: UnsafeBufferPointer<Double>, shift: Double = 0) -> Double {
        guard x.count >= 2 else { return .nan }
        if isConstant(x) { return 0 }
        let center = mean(x, shift: shift)
        var squares = 0.0
        for value in x {
            let deviation = (value - shift) - center
            squares += deviation * deviation
        }
        return (squares / Double(x.count - 1)).squareRoot()
    }

    /// The compounded growth Π(1 + r) of a return buffer (1 when empty).
    static func growth(_ x: UnsafeBufferPointer<Double>) -> Double {
        var product = 1.0
        for value in x { product *= 1 + value }
        return product
    }

    /// Whether `periodsPerYear` can annualise: finite and positive.
    static func isValidAnnualisation(_ periodsPerYear: Double) -> Bool {
        periodsPerYear.isFinite && periodsPerYear > 0
    }
}

/// Calls `body` with the contiguous storage of `values`, copying only when the
/// collection has none.
func withContiguousBuffer<C: Collection, R>(
    _ values: C, _ body: (UnsafeBufferPointer<Double>) -> R
) -> R where C.Element == Double {
    if let result = values.withContiguousStorageIfAvailable(body) { return result }
    return Array(values).withUnsafeBufferPointer(body)
}
