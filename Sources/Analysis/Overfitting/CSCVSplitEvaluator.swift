/// The per-split work of ``ProbabilityOfBacktestOverfitting``: every trial's
/// in-sample and out-of-sample performance for one set of in-sample blocks.
///
/// For `.sharpe` and `.meanReturn` it precomputes, once, for block k and trial n
/// the sums `Σ d` and `Σ d²` of the deviations `d = r − μ_n` from the trial's mean
/// over the used rows, stored `[k·N + n]` so a split's inner loop runs over
/// contiguous trials. A split then costs `N·S/2` additions for the in-sample sums;
/// the out-of-sample sums are the totals minus those. With `m = (S/2)·b` returns in
/// each half: `mean = μ_n + Σd/m`, `var = (Σd² − (Σd)²/m) / (m − 1)`; the variance
/// counts as zero (Sharpe NaN) when `Σd² − (Σd)²/m ≤ 64·ε·Σd²`, i.e. when it is
/// rounding noise, or when `m < 2`.
///
/// For `.custom` it gathers each trial's rows into one reused buffer per half.
/// Nothing is allocated per split.
final class CSCVSplitEvaluator {
    private let columns: [Double]
    private let rows: Int
    private let trials: Int
    private let blocks: Int
    private let blockLength: Int
    private let performance: ProbabilityOfBacktestOverfitting.Performance
    private let halfCount: Int
    private var trialMean: [Double]
    private var blockSum: [Double]
    private var blockSquares: [Double]
    private var totalSum: [Double]
    private var totalSquares: [Double]
    private var scratch: [Double]

    init(
        columns: [Double], rows: Int, trials: Int, blocks: Int, blockLength: Int,
        performance: ProbabilityOfBacktestOverfitting.Performance
    ) {
        precondition(columns.count == rows * trials, "Invariant: columns hold rows × trials values")
        self.columns = columns
        self.rows = rows
        self.trials = trials
        self.blocks = blocks
        self.blockLength = blockLength
        self.performance = performance
        self.halfCount = blocks / 2 * blockLength
        trialMean = []
        blockSum = []
        blockSquares = []
        totalSum = []
        totalSquares = []
        scratch = []
        switch performance {
        case .sharpe, .meanReturn: precomputeBlockSums()
        case .custom: scratch = [Double](repeating: 0, count: halfCount)
        }
    }

    private func precomputeBlockSums() {
        let used = blocks * blockLength
        trialMean = [Double](repeating: 0, count: trials)
        blockSum = [Double](repeating: 0, count: blocks * trials)
        blockSquares = [Double](repeating: 0, count: blocks * trials)
        totalSum = [Double](repeating: 0, count: trials)
        totalSquares = [Double](repeating: 0, count: trials)
        for n in 0..<trials {
            let base = n * rows
            var sum = 0.0
            for t in 0..<used { sum += columns[base + t] }
            let mean = sum / Double(used)
            trialMean[n] = mean
            for k in 0..<blocks {
                var s = 0.0
                var q = 0.0
                for t in (k * blockLength)..<((k + 1) * blockLength) {
                    let d = columns[base + t] - mean
                    s += d
                    q += d * d
                }
                blockSum[k * trials + n] = s
                blockSquares[k * trials + n] = q
                totalSum[n] += s
                totalSquares[n] += q
            }
        }
    }

    /// Fills `inSample[n]` and `outOfSample[n]` for the split whose in-sample blocks
    /// are `inSampleBlocks` (ascending; `isMember[k]` true exactly for those).
    func evaluate(
        inSampleBlocks: UnsafeBufferPointer<Int>, isMember: UnsafeBufferPointer<Bool>,
        inSample: UnsafeMutableBufferPointer<Double>, outOfSample: UnsafeMutableBufferPointer<Double>
    ) {
        switch performance {
        case .sharpe:
            evaluateFromSums(inSampleBlocks, inSample, outOfSample, sharpe: true)
        case .meanReturn:
            evaluateFromSums(inSampleBlocks, inSample, outOfSample, sharpe: false)
        case .custom(let score):
            evaluateCustom(score, isMember, inSample, outOfSample)
        }
    }

    private func evaluateFromSums(
        _ inSampleBlocks: UnsafeBufferPointer<Int>, _ inSample: UnsafeMutableBufferPointer<Double>,
        _ outOfSample: UnsafeMutableBufferPointer<Double>, sharpe: Bool
    ) {
        let n = trials
        let m = Double(halfCount)
        blockSum.withUnsafeBufferPointer { blockSum in
            blockSquares.withUnsafeBufferPointer { blockSquares in
                totalSum.withUnsafeBufferPointer { totalSum in
                    totalSquares.withUnsafeBufferPointer { totalSquares in
                        trialMean.withUnsafeBufferPointer { trialMean in
                            // inSample accumulates Σd, outOfSample Σd² (in-sample), then
                            // both are turned into performances in place.
                            for j in 0..<n {
                                inSample[j] = 0
                                outOfSample[j] = 0
                            }
                            for k in inSampleBlocks {
                                let base = k * n
                                for j in 0..<n {
                                    inSample[j] += blockSum[base + j]
                                    outOfSample[j] += blockSquares[base + j]
                                }
                            }
                            for j in 0..<n {
                                let s = inSample[j]
                                let q = outOfSample[j]
                                let sOut = totalSum[j] - s
                                let qOut = totalSquares[j] - q
                                if sharpe {
                                    inSample[j] = Self.sharpe(mean: trialMean[j], sum: s, squares: q, count: m)
                                    outOfSample[j] = Self.sharpe(
                                        mean: trialMean[j], sum: sOut, squares: qOut, count: m)
                                } else {
                                    inSample[j] = trialMean[j] + s / m
                                    outOfSample[j] = trialMean[j] + sOut / m
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `mean / std(ddof = 1)` from deviation sums around `mean`; NaN when the
    /// variance is zero up to rounding or fewer than 2 values.
    @inline(__always)
    private static func sharpe(mean: Double, sum: Double, squares: Double, count: Double) -> Double {
        guard count >= 2 else { return .nan }
        let centred = squares - sum * sum / count
        guard centred > 64 * Double.ulpOfOne * squares else { return .nan }
        return (mean + sum / count) / (centred / (count - 1)).squareRoot()
    }

    private func evaluateCustom(
        _ score: @Sendable (UnsafeBufferPointer<Double>) -> Double,
        _ isMember: UnsafeBufferPointer<Bool>, _ inSample: UnsafeMutableBufferPointer<Double>,
        _ outOfSample: UnsafeMutableBufferPointer<Double>
    ) {
        let b = blockLength
        columns.withUnsafeBufferPointer { columns in
            scratch.withUnsafeMutableBufferPointer { scratch in
                for j in 0..<trials {
                    let base = j * rows
                    for pass in 0..<2 {
                        let member = pass == 0
                        var filled = 0
                        for k in 0..<blocks where isMember[k] == member {
                            for t in 0..<b { scratch[filled + t] = columns[base + k * b + t] }
                            filled += b
                        }
                        let value = score(UnsafeBufferPointer(scratch))
                        if member { inSample[j] = value } else { outOfSample[j] = value }
                    }
                }
            }
        }
    }
}
