/// How many bars after a test fold are withheld from training (AFML §7.4.2).
public enum Embargo: Sendable, Equatable {
    /// A fixed number of bars (≥ 0).
    case bars(Int)
    /// A fraction of the sample, `⌊fraction × n⌋` bars (AFML's `pctEmbargo`; 0 ≤ fraction < 1).
    case fraction(Double)

    /// The embargo in bars for a sample of `n` bars.
    func bars(sampleSize n: Int) -> Int {
        switch self {
        case .bars(let b): return b
        case .fraction(let f): return Int((f * Double(n)).rounded(.down))
        }
    }
}

/// One split of ``PurgedKFold``: a contiguous test fold and the training indices left after
/// purging and embargo, as at most two contiguous ranges (before and after the test fold).
public struct PurgedFold: Sendable, Equatable {
    /// The test bars, `lowerBound ..< upperBound`.
    public var test: Range<Int>
    /// The training bars, ascending, non-overlapping ranges (empty ranges omitted).
    public var trainRanges: [Range<Int>]

    public init(test: Range<Int>, trainRanges: [Range<Int>]) {
        self.test = test
        self.trainRanges = trainRanges
    }

    /// The training bars as one ascending array.
    public var trainIndices: [Int] { trainRanges.flatMap { Array($0) } }
    /// The test bars as an array.
    public var testIndices: [Int] { Array(test) }
}

/// Purged, embargoed K-fold cross-validation for labels that span several bars
/// (López de Prado, *Advances in Financial Machine Learning*, 2018, ch. 7).
///
/// **Label intervals.** The label of bar t is computed from bars [t, t + h] (`horizon` h ≥ 0;
/// a next-bar direction label has h = 1). **Folds.** The n bars are cut into k contiguous
/// test folds as `numpy.array_split` / sklearn `KFold(shuffle=False)` does: the first n mod k
/// folds hold ⌊n/k⌋ + 1 bars, the rest ⌊n/k⌋. For test fold [a, b):
///
/// * **purge** (AFML §7.4.1): drop every training bar i whose label interval [i, i + h]
///   intersects the union of the test labels' intervals [a, b − 1 + h], i.e. i ∈ [a − h, b − 1 + h];
/// * **embargo** (AFML §7.4.2): also drop the e bars after that, i ∈ [b + h, b + h + e).
///
/// Training is therefore [0, a − h) ∪ [b + h + e, n). This is the strict reading of AFML's
/// `PurgedKFold`, whose code keeps bar b − 1 + h + e (its interval touches the last test
/// label's end); here a training label never shares a bar with any test label, and in
/// particular never touches a test bar.
///
/// ```swift
/// let folds = try PurgedKFold.split(count: 100, folds: 5, horizon: 1, embargo: .bars(2))
/// folds[1].test         // 20..<40
/// folds[1].trainRanges  // [0..<19, 43..<100]
/// ```
public enum PurgedKFold {
    /// The k splits of `count` bars, in test-fold order.
    ///
    /// - Throws: ``EnsembleError`` when `folds < 2`, `folds > count`, `horizon < 0`, or the
    ///   embargo is negative (or a fraction outside [0, 1)).
    public static func split(count n: Int, folds k: Int, horizon h: Int, embargo: Embargo = .bars(0))
        throws(EnsembleError) -> [PurgedFold]
    {
        let routine = "PurgedKFold.split"
        guard k >= 2 else { throw EnsembleError(routine: routine, reason: "need at least 2 folds, got \(k)") }
        guard n >= k else { throw EnsembleError(routine: routine, reason: "\(n) bars cannot make \(k) folds") }
        guard h >= 0 else { throw EnsembleError(routine: routine, reason: "horizon must be ≥ 0, got \(h)") }
        if case .fraction(let f) = embargo, !(f >= 0 && f < 1) {
            throw EnsembleError(routine: routine, reason: "embargo fraction must be in [0, 1), got \(f)")
        }
        let e = embargo.bars(sampleSize: n)
        guard e >= 0 else { throw EnsembleError(routine: routine, reason: "embargo must be ≥ 0 bars, got \(e)") }
        return testFolds(count: n, folds: k).map { test in
            let leftEnd = max(0, test.lowerBound - h)
            let (rightStart, overflow) = test.upperBound.addingReportingOverflow(h)
            let (embargoed, overflow2) = rightStart.addingReportingOverflow(e)
            let right = overflow || overflow2 ? n : min(n, embargoed)
            var ranges: [Range<Int>] = []
            if leftEnd > 0 { ranges.append(0..<leftEnd) }
            if right < n { ranges.append(right..<n) }
            return PurgedFold(test: test, trainRanges: ranges)
        }
    }

    /// The contiguous test folds alone (`numpy.array_split` sizes).
    public static func testFolds(count n: Int, folds k: Int) -> [Range<Int>] {
        guard k > 0, n >= 0 else { return [] }
        var result: [Range<Int>] = []
        var start = 0
        for fold in 0..<k {
            let size = n / k + (fold < n % k ? 1 : 0)
            result.append(start..<(start + size))
            start += size
        }
        return result
    }
}
