/// Pearson correlation of return series: pairwise, as a matrix, and rolling.
///
/// `ρ(x, y) = Σ (x_i − x̄)(y_i − ȳ) / √( Σ (x_i − x̄)² · Σ (y_i − ȳ)² )`
///
/// over the COMPLETE pairs only: index i is used when both `x_i` and `y_i` are
/// finite (NaN and ±∞ are skipped pairwise, as pandas `DataFrame.corr` skips NaN),
/// and the means are those of the complete pairs. Two-pass sums; the result is
/// clipped to [−1, 1] as numpy's `corrcoef` does. On series without missing values
/// this agrees with `numpy.corrcoef(x, y)[0, 1]`.
///
/// Degenerate input → NaN: series of different lengths, fewer than two complete
/// pairs, or zero variance in either series over the complete pairs.
///
/// Reference: K. Pearson, "Notes on regression and inheritance in the case of two
/// parents", Proc. Royal Society of London 58, 1895.
///
/// ```swift
/// Correlation.pearson([1, 2, 3, 4], [2, 4, 6, 8.5])           // ≈ 0.99838
/// Correlation.pearson([1, .nan, 3, 4], [1, 5, 3, 4])          // pairs 0, 2, 3 → 1
/// Correlation.matrix([aaplReturns, msftReturns, ibmReturns])  // 3×3
/// Correlation.rolling(aaplReturns, msftReturns, window: 63)
/// ```
public enum Correlation {
    /// The Pearson correlation of `x` and `y` over their complete pairs.
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        guard x.count == y.count else { return .nan }
        return x.withUnsafeBufferPointer { xs in
            y.withUnsafeBufferPointer { ys in pearson(xs, ys, range: 0..<xs.count) }
        }
    }

    /// The k×k correlation matrix of `series` (row i, column j = `pearson(series[i],
    /// series[j])`), in the order given, symmetric.
    ///
    /// The diagonal is exactly 1 for a series with at least two finite values and
    /// non-zero variance, NaN otherwise (numpy gives NaN for a constant row too).
    /// Series of different lengths give NaN for that pair. An empty input gives `[]`.
    public static func matrix(_ series: [[Double]]) -> [[Double]] {
        let k = series.count
        var result = [[Double]](repeating: [Double](repeating: .nan, count: k), count: k)
        for i in 0..<k {
            let own = pearson(series[i], series[i])
            result[i][i] = own.isNaN ? .nan : 1
            for j in (i + 1)..<max(i + 1, k) {
                let value = pearson(series[i], series[j])
                result[i][j] = value
                result[j][i] = value
            }
        }
        return result
    }

    /// The rolling correlation: element t is `pearson` over the window
    /// `t − window + 1 … t` (complete pairs inside the window), NaN for the first
    /// `window − 1` elements.
    ///
    /// The result has one value per element. Series of different lengths give `[]`;
    /// `window < 2` gives all NaN. Each window is summed afresh (no running sums), so
    /// a value does not depend on earlier windows' rounding.
    public static func rolling(_ x: [Double], _ y: [Double], window: Int) -> [Double] {
        guard x.count == y.count else { return [] }
        var result = [Double](repeating: .nan, count: x.count)
        guard window >= 2, x.count >= window else { return result }
        x.withUnsafeBufferPointer { xs in
            y.withUnsafeBufferPointer { ys in
                for end in window...xs.count {
                    result[end - 1] = pearson(xs, ys, range: (end - window)..<end)
                }
            }
        }
        return result
    }

    /// The Pearson correlation over the complete pairs of `x[range]`, `y[range]`.
    static func pearson(
        _ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>, range: Range<Int>
    ) -> Double {
        var n = 0
        var sumX = 0.0
        var sumY = 0.0
        var firstX = Double.nan
        var firstY = Double.nan
        var variesX = false
        var variesY = false
        for i in range where x[i].isFinite && y[i].isFinite {
            if n == 0 {
                firstX = x[i]
                firstY = y[i]
            } else {
                if x[i] != firstX { variesX = true }
                if y[i] != firstY { variesY = true }
            }
            n += 1
            sumX += x[i]
            sumY += y[i]
        }
        // A constant series has zero variance exactly, whatever its computed mean's rounding.
        guard n >= 2, variesX, variesY else { return .nan }
        let meanX = sumX / Double(n)
        let meanY = sumY / Double(n)
        var sxx = 0.0
        var syy = 0.0
        var sxy = 0.0
        for i in range where x[i].isFinite && y[i].isFinite {
            let dx = x[i] - meanX
            let dy = y[i] - meanY
            sxx += dx * dx
            syy += dy * dy
            sxy += dx * dy
        }
        guard sxx > 0, syy > 0 else { return .nan }
        let value = sxy / (sxx * syy).squareRoot()
        guard value.isFinite else { return .nan }
        return min(1, max(-1, value))
    }
}
