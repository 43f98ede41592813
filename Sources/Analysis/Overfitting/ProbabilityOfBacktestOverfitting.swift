#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The OLS line of the selected trial's out-of-sample performance on its in-sample
/// performance across CSCV splits: `OOS ≈ intercept + slope·IS` (``PBOResult``).
///
/// A negative slope is the signature of overfitting: the better a trial looked in
/// sample, the worse it did out of sample. NaN when fewer than 2 splits have finite
/// values or every selected IS performance is equal.
public struct PerformanceDegradation: Sendable, Equatable {
    /// The regression slope β.
    public var slope: Double
    /// The regression intercept α.
    public var intercept: Double

    /// A fitted line.
    public init(slope: Double, intercept: Double) {
        self.slope = slope
        self.intercept = intercept
    }

    /// Equal when both fields are equal, NaN counting as equal to NaN.
    public static func == (lhs: PerformanceDegradation, rhs: PerformanceDegradation) -> Bool {
        sameValue(lhs.slope, rhs.slope) && sameValue(lhs.intercept, rhs.intercept)
    }
}

/// The outcome of combinatorially symmetric cross-validation
/// (``ProbabilityOfBacktestOverfitting``). Per-split arrays are in the lexicographic
/// order of the in-sample block sets. Equality treats NaN as equal to NaN.
public struct PBOResult: Sendable, Equatable {
    /// The probability of backtest overfitting: the share of splits with `λ ≤ 0`.
    public var pbo: Double
    /// The number of splits evaluated, `C(S, S/2)` (0 when the input is degenerate).
    public var splits: Int
    /// `λ_c = ln(ω̄_c / (1 − ω̄_c))` per split.
    public var logits: [Double]
    /// The OLS of the selected trials' OOS performance on their IS performance.
    public var performanceDegradation: PerformanceDegradation
    /// The share of splits whose selected trial's OOS performance is < 0.
    public var probabilityOfLoss: Double
    /// The index (column) of the in-sample-best trial per split.
    public var selectedTrials: [Int]
    /// The selected trial's in-sample performance per split.
    public var inSamplePerformance: [Double]
    /// The selected trial's out-of-sample performance per split.
    public var outOfSamplePerformance: [Double]
    /// The number of trials N (columns).
    public var trials: Int
    /// The number of blocks S.
    public var blocks: Int
    /// Rows per block, `⌊T / S⌋`.
    public var blockLength: Int

    /// A result with every field given.
    public init(
        pbo: Double, splits: Int, logits: [Double], performanceDegradation: PerformanceDegradation,
        probabilityOfLoss: Double, selectedTrials: [Int], inSamplePerformance: [Double],
        outOfSamplePerformance: [Double], trials: Int, blocks: Int, blockLength: Int
    ) {
        self.pbo = pbo
        self.splits = splits
        self.logits = logits
        self.performanceDegradation = performanceDegradation
        self.probabilityOfLoss = probabilityOfLoss
        self.selectedTrials = selectedTrials
        self.inSamplePerformance = inSamplePerformance
        self.outOfSamplePerformance = outOfSamplePerformance
        self.trials = trials
        self.blocks = blocks
        self.blockLength = blockLength
    }

    /// Equal when every field is equal, NaN counting as equal to NaN.
    public static func == (lhs: PBOResult, rhs: PBOResult) -> Bool {
        sameValue(lhs.pbo, rhs.pbo) && lhs.splits == rhs.splits && sameValues(lhs.logits, rhs.logits)
            && lhs.performanceDegradation == rhs.performanceDegradation
            && sameValue(lhs.probabilityOfLoss, rhs.probabilityOfLoss)
            && lhs.selectedTrials == rhs.selectedTrials
            && sameValues(lhs.inSamplePerformance, rhs.inSamplePerformance)
            && sameValues(lhs.outOfSamplePerformance, rhs.outOfSamplePerformance)
            && lhs.trials == rhs.trials && lhs.blocks == rhs.blocks && lhs.blockLength == rhs.blockLength
    }
}

/// The probability of backtest overfitting (PBO) by combinatorially symmetric
/// cross-validation (CSCV).
///
/// Input: a `T × N` matrix `M` of per-period returns, rows = time, columns = the N
/// trials (parameter sets) of one search. Algorithm (Bailey, Borwein, López de Prado
/// & Zhu 2017, §2):
///
/// 1. Cut the rows into `S` consecutive blocks of `b = ⌊T/S⌋` rows (S even; the
///    last `T − S·b` rows are dropped).
/// 2. For each of the `C(S, S/2)` sets `J` of S/2 blocks, enumerated in
///    lexicographic order ({0,…,S/2−1} first), the training set is the blocks of `J`
///    concatenated in time order and the testing set `J̄` is the complement — so every
///    split also appears with its halves swapped (the complement of split k is split
///    `C − 1 − k`).
/// 3. Evaluate the performance `R_n` (in sample) and `R̄_n` (out of sample) of every
///    trial; select `n* = argmax_n R_n`.
/// 4. `ω̄ = rank(R̄_{n*} among R̄_1…R̄_N) / (N + 1)`, rank 1 = worst, N = best;
///    `λ = ln(ω̄ / (1 − ω̄))`.
/// 5. `PBO = #{λ ≤ 0} / C(S, S/2)` — the share of splits where the in-sample winner
///    is at or below the out-of-sample median.
///
/// Also reported: the performance degradation (OLS of `R̄_{n*}` on `R_{n*}` across
/// splits) and the probability of loss (share of splits with `R̄_{n*} < 0`).
///
/// Performance (``Performance``): the default `.sharpe` is the per-period Sharpe
/// ratio `mean / std(ddof = 1)` of the concatenated returns; `.meanReturn` their
/// mean; `.custom` any function of the concatenated returns (slower: it copies each
/// trial's rows into a reused buffer per split). `.sharpe` and `.meanReturn` come
/// from per-block sums and sums of squares precomputed once (deviations from each
/// trial's overall mean, so the one-pass variance does not cancel), and the split
/// loop allocates nothing: about `N·S/2` additions per split.
///
/// Ties and undefined values: a NaN performance (e.g. a zero-variance Sharpe ratio)
/// ranks below every number; the in-sample winner is the FIRST column attaining the
/// maximum; out-of-sample ties take the AVERAGE rank (`1 + #below + #tied/2`, the
/// selected trial excluded from `#tied`), so `ω̄` never reaches 0 or 1 and `λ` is
/// finite. A NaN out-of-sample performance is not counted as a loss.
///
/// Degenerate input → `pbo` NaN with no splits: fewer than 2 trials (with one trial
/// there is no selection), or `T < S`. Caller bugs trap: `S` odd or < 2, ragged rows.
///
/// Reference: D. H. Bailey, J. M. Borwein, M. López de Prado and Q. J. Zhu, "The
/// Probability of Backtest Overfitting", Journal of Computational Finance 20(4),
/// 2017, pp. 39–69.
///
/// ```swift
/// // returns[t][n]: return of trial n at time t
/// let result = ProbabilityOfBacktestOverfitting.compute(returns: matrix)   // S = 16
/// result.pbo            // e.g. 0.48 for a sweep of noise
/// result.splits         // 12_870
/// let byMean = ProbabilityOfBacktestOverfitting.compute(
///     returns: matrix, blocks: 8, performance: .meanReturn)
/// ```
public enum ProbabilityOfBacktestOverfitting {
    /// How a trial's concatenated returns are scored.
    public enum Performance: Sendable {
        /// Per-period Sharpe ratio `mean / std(ddof = 1)` (NaN for zero variance).
        case sharpe
        /// Arithmetic mean return.
        case meanReturn
        /// Any score of the concatenated returns (higher is better).
        case custom(@Sendable (UnsafeBufferPointer<Double>) -> Double)
    }

    /// PBO of a `T × N` matrix (`returns[t][n]`: trial n's return at time t).
    public static func compute(
        returns: [[Double]], blocks: Int = 16, performance: Performance = .sharpe
    ) -> PBOResult {
        let rows = returns.count
        let trials = returns.first?.count ?? 0
        for row in returns {
            precondition(row.count == trials, "PBO: ragged matrix (\(row.count) vs \(trials) trials)")
        }
        // Column-major copy: trial n's series is columns[n·T ..< (n+1)·T].
        var columns = [Double](repeating: 0, count: rows * trials)
        for t in 0..<rows {
            for n in 0..<trials { columns[n * rows + t] = returns[t][n] }
        }
        return compute(columns: columns, rows: rows, trials: trials, blocks: blocks, performance: performance)
    }

    /// PBO of N trial return series of equal length (`trialReturns[n][t]`), i.e. the
    /// transpose of ``compute(returns:blocks:performance:)``'s matrix.
    public static func compute(
        trialReturns: [[Double]], blocks: Int = 16, performance: Performance = .sharpe
    ) -> PBOResult {
        let rows = trialReturns.first?.count ?? 0
        for series in trialReturns {
            precondition(series.count == rows, "PBO: trials differ in length (\(series.count) vs \(rows))")
        }
        return compute(
            columns: Array(trialReturns.joined()), rows: rows, trials: trialReturns.count,
            blocks: blocks, performance: performance)
    }

    /// `C(S, S/2)`, the number of CSCV splits for `blocks` = S.
    public static func splitCount(blocks: Int) -> Int {
        binomial(blocks, blocks / 2)
    }

    // MARK: - Implementation

    static func binomial(_ n: Int, _ k: Int) -> Int {
        guard k >= 0, k <= n else { return 0 }
        var result = 1
        for i in 0..<min(k, n - k) { result = result * (n - i) / (i + 1) }
        return result
    }

    /// Advances `combination` (ascending indices in 0..<n) to its lexicographic
    /// successor; false after the last one.
    static func nextCombination(_ combination: UnsafeMutableBufferPointer<Int>, n: Int) -> Bool {
        let k = combination.count
        var i = k - 1
        while i >= 0, combination[i] == n - k + i { i -= 1 }
        guard i >= 0 else { return false }
        combination[i] += 1
        for j in (i + 1)..<k { combination[j] = combination[j - 1] + 1 }
        return true
    }

    /// Every in-sample block set, in the order the splits are evaluated.
    static func lexicographicSplits(blocks: Int) -> [[Int]] {
        let half = blocks / 2
        var combination = Array(0..<half)
        var result: [[Int]] = []
        repeat {
            result.append(combination)
        } while combination.withUnsafeMutableBufferPointer { nextCombination($0, n: blocks) }
        return result
    }

    private static func degenerate(trials: Int, blocks: Int, blockLength: Int) -> PBOResult {
        PBOResult(
            pbo: .nan, splits: 0, logits: [], performanceDegradation: .init(slope: .nan, intercept: .nan),
            probabilityOfLoss: .nan, selectedTrials: [], inSamplePerformance: [], outOfSamplePerformance: [],
            trials: trials, blocks: blocks, blockLength: blockLength)
    }

    /// The core: `columns[n·rows + t]` is trial n's return at time t.
    static func compute(
        columns: [Double], rows: Int, trials: Int, blocks: Int, performance: Performance
    ) -> PBOResult {
        precondition(blocks >= 2 && blocks % 2 == 0, "PBO: the number of blocks must be even and ≥ 2, got \(blocks)")
        let blockLength = rows / blocks
        guard trials >= 2, blockLength >= 1 else {
            return degenerate(trials: trials, blocks: blocks, blockLength: blockLength)
        }
        let half = blocks / 2
        let splitTotal = splitCount(blocks: blocks)
        var logits = [Double](repeating: .nan, count: splitTotal)
        var selected = [Int](repeating: 0, count: splitTotal)
        var selectedIS = [Double](repeating: .nan, count: splitTotal)
        var selectedOOS = [Double](repeating: .nan, count: splitTotal)

        let evaluator = CSCVSplitEvaluator(
            columns: columns, rows: rows, trials: trials, blocks: blocks, blockLength: blockLength,
            performance: performance)
        var inSample = [Double](repeating: .nan, count: trials)
        var outOfSample = [Double](repeating: .nan, count: trials)
        var combination = Array(0..<half)
        var isMember = [Bool](repeating: false, count: blocks)
        var overfitCount = 0
        var lossCount = 0
        var split = 0
        inSample.withUnsafeMutableBufferPointer { inSample in
            outOfSample.withUnsafeMutableBufferPointer { outOfSample in
                combination.withUnsafeMutableBufferPointer { combination in
                    isMember.withUnsafeMutableBufferPointer { isMember in
                        repeat {
                            for b in 0..<blocks { isMember[b] = false }
                            for b in combination { isMember[b] = true }
                            evaluator.evaluate(
                                inSampleBlocks: UnsafeBufferPointer(combination),
                                isMember: UnsafeBufferPointer(isMember),
                                inSample: inSample, outOfSample: outOfSample)
                            let best = argmax(UnsafeBufferPointer(inSample))
                            let rank = averageRank(of: best, in: UnsafeBufferPointer(outOfSample))
                            let omega = rank / Double(trials + 1)
                            let logit = libmLogit(omega)
                            logits[split] = logit
                            selected[split] = best
                            selectedIS[split] = inSample[best]
                            selectedOOS[split] = outOfSample[best]
                            if logit <= 0 { overfitCount += 1 }
                            if outOfSample[best] < 0 { lossCount += 1 }
                            split += 1
                        } while nextCombination(combination, n: blocks)
                    }
                }
            }
        }
        assert(split == splitTotal, "Invariant: every combination evaluated")
        let fit = OverfittingLinearFit(x: selectedIS, y: selectedOOS)
        return PBOResult(
            pbo: Double(overfitCount) / Double(splitTotal), splits: splitTotal, logits: logits,
            performanceDegradation: PerformanceDegradation(slope: fit.slope, intercept: fit.intercept),
            probabilityOfLoss: Double(lossCount) / Double(splitTotal), selectedTrials: selected,
            inSamplePerformance: selectedIS, outOfSamplePerformance: selectedOOS, trials: trials,
            blocks: blocks, blockLength: blockLength)
    }

    /// `ln(ω / (1 − ω))`.
    private static func libmLogit(_ omega: Double) -> Double {
        log(omega / (1 - omega))
    }

    /// The first index of the largest value, NaN ranking below every number (0 when all NaN).
    static func argmax(_ values: UnsafeBufferPointer<Double>) -> Int {
        var best = 0
        var bestValue = -Double.infinity
        var found = false
        for i in values.indices {
            let value = values[i]
            guard !value.isNaN else { continue }
            if !found || value > bestValue {
                best = i
                bestValue = value
                found = true
            }
        }
        return best
    }

    /// The average rank (1 = lowest) of `values[index]`, NaN ranking below every number.
    static func averageRank(of index: Int, in values: UnsafeBufferPointer<Double>) -> Double {
        let target = values[index]
        var below = 0
        var tied = 0
        if target.isNaN {
            for value in values where value.isNaN { tied += 1 }
        } else {
            for value in values {
                if value.isNaN || value < target {
                    below += 1
                } else if value == target {
                    tied += 1
                }
            }
        }
        return 1 + Double(below) + Double(tied - 1) / 2
    }
}
