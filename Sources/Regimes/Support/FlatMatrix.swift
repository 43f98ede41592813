/// A dense row-major matrix in one contiguous buffer: element (i, j) at `values[i * cols + j]`.
///
/// The public API takes row-major `[[Double]]` (n observations × d features);
/// every hot loop runs over this flat copy instead.
struct FlatMatrix: Sendable {
    var rows: Int
    var cols: Int
    var values: [Double]

    init(rows: Int, cols: Int, repeating value: Double = 0) {
        self.rows = rows
        self.cols = cols
        values = [Double](repeating: value, count: rows * cols)
    }

    /// Flattens `x`, checking that it is rectangular, non-empty and finite.
    init(validating x: [[Double]], routine: String, minimumRows: Int = 1) throws(RegimeError) {
        guard x.count >= minimumRows else {
            throw RegimeError(
                routine: routine, reason: "need at least \(minimumRows) observations, got \(x.count)")
        }
        let d = x.first?.count ?? 0
        guard d > 0 else { throw RegimeError(routine: routine, reason: "observations have no features") }
        var values: [Double] = []
        values.reserveCapacity(x.count * d)
        for (i, row) in x.enumerated() {
            guard row.count == d else {
                throw RegimeError(
                    routine: routine, reason: "row \(i) has \(row.count) features, row 0 has \(d): matrix must be rectangular")
            }
            for v in row {
                guard v.isFinite else {
                    throw RegimeError(routine: routine, reason: "row \(i) holds a non-finite value (\(v))")
                }
                values.append(v)
            }
        }
        rows = x.count
        cols = d
        self.values = values
    }

    subscript(i: Int, j: Int) -> Double {
        get { values[i * cols + j] }
        set { values[i * cols + j] = newValue }
    }

    /// The matrix as row-major nested arrays.
    var nested: [[Double]] {
        (0..<rows).map { i in Array(values[(i * cols)..<((i + 1) * cols)]) }
    }

    /// Per-column mean and population variance (ddof 0), two-pass.
    func columnMeanAndVariance(ddof: Int = 0) -> (mean: [Double], variance: [Double]) {
        var mean = [Double](repeating: 0, count: cols)
        var variance = [Double](repeating: 0, count: cols)
        values.withUnsafeBufferPointer { x in
            for i in 0..<rows {
                for j in 0..<cols { mean[j] += x[i * cols + j] }
            }
            for j in 0..<cols { mean[j] /= Double(rows) }
            for i in 0..<rows {
                for j in 0..<cols {
                    let e = x[i * cols + j] - mean[j]
                    variance[j] += e * e
                }
            }
        }
        let denominator = Double(max(rows - ddof, 1))
        for j in 0..<cols { variance[j] /= denominator }
        return (mean, variance)
    }
}
