/// Tight loops that run an incremental state over whole series, writing into one
/// preallocated output array (no allocation per bar).
enum SeriesMap {
    @inline(__always)
    static func map(_ x: [Double], _ step: (Double) -> Double) -> [Double] {
        let n = x.count
        return x.withUnsafeBufferPointer { src in
            [Double](unsafeUninitializedCapacity: n) { out, initialized in
                for i in 0..<n { out[i] = step(src[i]) }
                initialized = n
            }
        }
    }

    @inline(__always)
    static func map(_ a: [Double], _ b: [Double], _ step: (Double, Double) -> Double) -> [Double] {
        let n = a.count
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                [Double](unsafeUninitializedCapacity: n) { out, initialized in
                    for i in 0..<n { out[i] = step(pa[i], pb[i]) }
                    initialized = n
                }
            }
        }
    }

    @inline(__always)
    static func map(
        _ a: [Double], _ b: [Double], _ c: [Double], _ step: (Double, Double, Double) -> Double
    ) -> [Double] {
        let n = a.count
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeBufferPointer { pc in
                    [Double](unsafeUninitializedCapacity: n) { out, initialized in
                        for i in 0..<n { out[i] = step(pa[i], pb[i], pc[i]) }
                        initialized = n
                    }
                }
            }
        }
    }

    /// Runs `step` for i in 0..<n, which writes up to three outputs through the pointers.
    @inline(__always)
    static func map3(
        count n: Int,
        _ step: (Int, UnsafeMutableBufferPointer<Double>, UnsafeMutableBufferPointer<Double>,
                 UnsafeMutableBufferPointer<Double>) -> Void
    ) -> ([Double], [Double], [Double]) {
        var first = [Double](repeating: .nan, count: n)
        var second = [Double](repeating: .nan, count: n)
        var third = [Double](repeating: .nan, count: n)
        first.withUnsafeMutableBufferPointer { p1 in
            second.withUnsafeMutableBufferPointer { p2 in
                third.withUnsafeMutableBufferPointer { p3 in
                    for i in 0..<n { step(i, p1, p2, p3) }
                }
            }
        }
        return (first, second, third)
    }
}
