/// A column-major single-precision copy of a feature matrix: feature `j` of row `i` is
/// `values[j * rows + i]`. scikit-learn's trees work on float32 features; so do ours, which
/// also halves the memory the split search streams through.
struct SinglePrecisionColumns: Sendable {
    let rows: Int
    let columns: Int
    let values: [Float]

    init(_ x: FeatureMatrix) {
        rows = x.rows
        columns = x.columns
        var v = [Float](repeating: 0, count: x.rows * x.columns)
        let n = x.rows
        let d = x.columns
        x.values.withUnsafeBufferPointer { xb in
            v.withUnsafeMutableBufferPointer { vb in
                for i in 0..<n {
                    for j in 0..<d { vb[j * n + i] = Float(xb[i * d + j]) }
                }
            }
        }
        values = v
    }

    /// Per feature, every row index sorted by (value, index): row indices for feature `j` are
    /// `order[j * rows ..< (j + 1) * rows]`. Computed once per fit; each tree filters it.
    func presorted() -> [Int32] {
        let n = rows
        var order = [Int32](repeating: 0, count: n * columns)
        var scratch = (0..<Int32(n)).map { $0 }
        values.withUnsafeBufferPointer { v in
            for j in 0..<columns {
                let base = j * n
                for i in 0..<n { scratch[i] = Int32(i) }
                scratch.sort { a, b in
                    let va = v[base + Int(a)]
                    let vb = v[base + Int(b)]
                    return va < vb || (va == vb && a < b)
                }
                for i in 0..<n { order[base + i] = scratch[i] }
            }
        }
        return order
    }
}
