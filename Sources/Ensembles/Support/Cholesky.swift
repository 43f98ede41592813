/// Solves `A x = b` for a symmetric positive-definite `A` (n × n, row-major, contiguous)
/// by the Cholesky factorisation `A = L Lᵀ` followed by forward and back substitution
/// (Golub & Van Loan, *Matrix Computations*, 4th ed., alg. 4.2.1).
///
/// Returns `nil` when a pivot is not positive (A not numerically positive definite).
enum Cholesky {
    static func solve(_ a: [Double], _ b: [Double], n: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        var x = b
        let ok: Bool = l.withUnsafeMutableBufferPointer { lb in
            a.withUnsafeBufferPointer { ab in
                for j in 0..<n {
                    var d = ab[j * n + j]
                    for k in 0..<j { d -= lb[j * n + k] * lb[j * n + k] }
                    guard d > 0, d.isFinite else { return false }
                    let ljj = d.squareRoot()
                    lb[j * n + j] = ljj
                    for i in (j + 1)..<max(n, j + 1) {
                        var s = ab[i * n + j]
                        for k in 0..<j { s -= lb[i * n + k] * lb[j * n + k] }
                        lb[i * n + j] = s / ljj
                    }
                }
                return true
            }
        }
        guard ok else { return nil }
        l.withUnsafeBufferPointer { lb in
            x.withUnsafeMutableBufferPointer { xb in
                for i in 0..<n {  // L y = b
                    var s = xb[i]
                    for k in 0..<i { s -= lb[i * n + k] * xb[k] }
                    xb[i] = s / lb[i * n + i]
                }
                for i in stride(from: n - 1, through: 0, by: -1) {  // Lᵀ x = y
                    var s = xb[i]
                    for k in (i + 1)..<max(n, i + 1) { s -= lb[k * n + i] * xb[k] }
                    xb[i] = s / lb[i * n + i]
                }
            }
        }
        return x
    }
}
