/// The two dense products of a perceptron layer, on raw row-major buffers, with the output
/// accumulated in SIMD registers four columns at a time.
///
/// Each output element is still summed in plain index order (k = 0, 1, …), exactly as a scalar
/// loop would sum it (lane-wise multiply, then add: no fused multiply-add, no reassociation), so
/// the results do not depend on the vector width and are identical on every machine; only the
/// loads and stores are batched. Debug builds, where generic SIMD code is not specialised and runs
/// ~50× slower, take the plain scalar loops, which give the same bits.
enum DenseKernels {
    /// `out[i, :] = initial + Σₖ a[i, k] · w[k, :]` for i < rows, with `a` rows × inner,
    /// `w` inner × cols, `initial` a row of `cols` values or zeros (`nil`). Terms with
    /// a[i, k] = 0 are skipped (they add exactly zero; ReLU activations are often 0).
    static func multiply(
        rows: Int, inner: Int, cols: Int, a: UnsafePointer<Double>, w: UnsafePointer<Double>,
        initial: UnsafePointer<Double>?, out: UnsafeMutablePointer<Double>
    ) {
        #if DEBUG
        let vectorCols = 0
        let wideCols = 0
        #else
        let vectorCols = cols & ~3
        let wideCols = cols & ~7
        #endif
        for i in 0..<rows {
            let ai = a + i * inner
            let oi = out + i * cols
            var j = 0
            while j < wideCols {  // eight columns in two registers: one load of a[i, k] per eight products
                var acc0 = initial.map { load($0 + j) } ?? SIMD4<Double>()
                var acc1 = initial.map { load($0 + j + 4) } ?? SIMD4<Double>()
                for k in 0..<inner {
                    let v = ai[k]
                    if v == 0 { continue }
                    let wk = w + k * cols + j
                    acc0 += v * load(wk)
                    acc1 += v * load(wk + 4)
                }
                store(acc0, oi + j)
                store(acc1, oi + j + 4)
                j += 8
            }
            while j < vectorCols {
                var acc = initial.map { UnsafeRawPointer($0 + j).loadUnaligned(as: SIMD4<Double>.self) } ?? SIMD4<Double>()
                for k in 0..<inner {
                    let v = ai[k]
                    if v == 0 { continue }
                    acc += v * UnsafeRawPointer(w + k * cols + j).loadUnaligned(as: SIMD4<Double>.self)
                }
                UnsafeMutableRawPointer(oi + j).storeBytes(of: acc, as: SIMD4<Double>.self)
                j += 4
            }
            while j < cols {
                var acc = initial?[j] ?? 0
                for k in 0..<inner {
                    let v = ai[k]
                    if v == 0 { continue }
                    acc += v * w[k * cols + j]
                }
                oi[j] = acc
                j += 1
            }
        }
    }

    /// `g[k, :] += Σᵢ a[i, k] · d[i, :]` (g += aᵀd) with `a` rows × inner, `d` rows × cols,
    /// `g` inner × cols; and, when `columnSums` is given, `columnSums[:] += Σᵢ d[i, :]`.
    /// Each element is summed over i in ascending order, starting from its value in `g`.
    static func transposeMultiplyAdd(
        rows: Int, inner: Int, cols: Int, a: UnsafePointer<Double>, d: UnsafePointer<Double>,
        g: UnsafeMutablePointer<Double>, columnSums: UnsafeMutablePointer<Double>?
    ) {
        #if DEBUG
        let vectorCols = 0
        let wideCols = 0
        #else
        let vectorCols = cols & ~3
        let wideCols = cols & ~7
        #endif
        for k in 0..<inner {
            let gk = g + k * cols
            var j = 0
            while j < wideCols {
                var acc0 = load(gk + j)
                var acc1 = load(gk + j + 4)
                for i in 0..<rows {
                    let v = a[i * inner + k]
                    if v == 0 { continue }
                    let di = d + i * cols + j
                    acc0 += v * load(di)
                    acc1 += v * load(di + 4)
                }
                store(acc0, gk + j)
                store(acc1, gk + j + 4)
                j += 8
            }
            while j < vectorCols {
                var acc = UnsafeRawPointer(gk + j).loadUnaligned(as: SIMD4<Double>.self)
                for i in 0..<rows {
                    let v = a[i * inner + k]
                    if v == 0 { continue }
                    acc += v * UnsafeRawPointer(d + i * cols + j).loadUnaligned(as: SIMD4<Double>.self)
                }
                UnsafeMutableRawPointer(gk + j).storeBytes(of: acc, as: SIMD4<Double>.self)
                j += 4
            }
            while j < cols {
                var acc = gk[j]
                for i in 0..<rows {
                    let v = a[i * inner + k]
                    if v == 0 { continue }
                    acc += v * d[i * cols + j]
                }
                gk[j] = acc
                j += 1
            }
        }
        if let columnSums {
            var j = 0
            while j < vectorCols {
                var acc = UnsafeRawPointer(columnSums + j).loadUnaligned(as: SIMD4<Double>.self)
                for i in 0..<rows { acc += UnsafeRawPointer(d + i * cols + j).loadUnaligned(as: SIMD4<Double>.self) }
                UnsafeMutableRawPointer(columnSums + j).storeBytes(of: acc, as: SIMD4<Double>.self)
                j += 4
            }
            while j < cols {
                var acc = columnSums[j]
                for i in 0..<rows { acc += d[i * cols + j] }
                columnSums[j] = acc
                j += 1
            }
        }
    }

    @inline(__always)
    private static func load(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
    }

    @inline(__always)
    private static func load(_ p: UnsafeMutablePointer<Double>) -> SIMD4<Double> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
    }

    @inline(__always)
    private static func store(_ v: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Double>.self)
    }
}
