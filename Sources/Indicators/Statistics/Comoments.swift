extension Indicators {
    /// The means and centred second moments of two equal-length windows, summed in order:
    /// `sab = Σ (aᵢ − ā)(bᵢ − b̄)`, `saa = Σ (aᵢ − ā)²`, `sbb = Σ (bᵢ − b̄)²` (not divided by n).
    /// Shared by the return-correlation feature and the pairs strategy's hedge ratio.
    public static func comoments(_ a: ArraySlice<Double>, _ b: ArraySlice<Double>)
        -> (meanA: Double, meanB: Double, sab: Double, saa: Double, sbb: Double) {
        let n = Double(a.count)
        var ma = 0.0, mb = 0.0
        for (x, y) in zip(a, b) {
            ma += x
            mb += y
        }
        ma /= n
        mb /= n
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for (x, y) in zip(a, b) {
            sab += (x - ma) * (y - mb)
            saa += (x - ma) * (x - ma)
            sbb += (y - mb) * (y - mb)
        }
        return (ma, mb, sab, saa, sbb)
    }
}
