import ADMFTestSupport
@testable import Analysis
import Foundation
import Market
import Testing

@Suite("Overfitting: probability of backtest overfitting (CSCV)")
struct OverfittingPBOTests {
    /// A `rows × trials` matrix of Gaussian returns; trial n gets `edges[n]` added to its mean.
    static func noiseMatrix(
        rows: Int, trials: Int, seed: UInt64, deviation: Double = 0.01, edges: [Int: Double] = [:]
    ) -> [[Double]] {
        var generator = SeededGenerator(seed: seed, stream: "pbo/noise")
        return (0..<rows).map { _ in
            (0..<trials).map { n in (edges[n] ?? 0) + deviation * generator.nextGaussian() }
        }
    }

    /// S = 4 with T = 4 (one row per block), N = 3 trials A, B, C, scored by mean return.
    ///
    ///     t:   0   1   2   3        in-sample block sums   selected  OOS sums (A, B, C)  rank of selected
    ///     A    0   2  −1   1        {0,1}: A 2, B 0, C 0    A         {2,3}: 0, 5, 2      1           → ω ¼
    ///     B   −1   1   3   2        {0,2}: A −1, B 2, C 1   B         {1,3}: 3, 3, 1      2.5 (tie A) → ω ⅝
    ///     C    1  −1   0   2        {0,3}: A 1, B 1, C 3    C         {1,2}: 1, 4, −1     1           → ω ¼
    ///                               {1,2}: A 1, B 4, C −1   B         {0,3}: 1, 1, 3      1.5 (tie A) → ω ⅜
    ///                               {1,3}: A 3, B 3, C 1    A (first) {0,2}: −1, 2, 1     1           → ω ¼
    ///                               {2,3}: A 0, B 5, C 2    B         {0,1}: 2, 0, 0      1.5 (tie C) → ω ⅜
    ///
    /// ω = rank/(N+1) = rank/4; λ = ln(ω/(1−ω)): ln ⅓, ln ⁵⁄₃, ln ⅓, ln ⅗, ln ⅓, ln ⅗ → PBO = 5/6.
    /// Selected IS means (sum/2): 1, 1, 1.5, 2, 1.5, 2.5; OOS means: 0, 1.5, −0.5, 0.5, −0.5, 0
    /// → probability of loss 2/6; OLS of OOS on IS: slope −14/41, intercept 29/41 (exact fractions).
    @Test("brute-force S = 4 case, computed by hand")
    func handComputedS4() {
        let matrix: [[Double]] = [[0, -1, 1], [2, 1, -1], [-1, 3, 0], [1, 2, 2]]
        let result = ProbabilityOfBacktestOverfitting.compute(returns: matrix, blocks: 4, performance: .meanReturn)
        #expect(result.splits == 6 && result.trials == 3 && result.blocks == 4 && result.blockLength == 1)
        #expect(result.selectedTrials == [0, 1, 2, 1, 0, 1])
        let omegaRatios: [Double] = [1.0 / 3, 5.0 / 3, 1.0 / 3, 0.6, 1.0 / 3, 0.6]
        let expectedLogits = omegaRatios.map { (ratio: Double) -> Double in log(ratio) }
        #expect(Tolerance.firstMismatch(result.logits, expectedLogits, relative: 1e-14, label: "logits") == nil)
        #expect(result.pbo == 5.0 / 6)
        #expect(result.inSamplePerformance == [1, 1, 1.5, 2, 1.5, 2.5])
        #expect(result.outOfSamplePerformance == [0, 1.5, -0.5, 0.5, -0.5, 0])
        #expect(result.probabilityOfLoss == 2.0 / 6)
        #expect(Tolerance.agree(result.performanceDegradation.slope, -14.0 / 41, relative: 1e-14))
        #expect(Tolerance.agree(result.performanceDegradation.intercept, 29.0 / 41, relative: 1e-14))
    }

    /// numpy/scipy reference (generate_overfitting.py): 203 × 10 seeded matrix, S = 8
    /// (3 trailing rows dropped), Sharpe ddof = 1, `itertools.combinations` order,
    /// `rankdata(method="average")`, `np.polyfit` for the degradation line.
    @Test("S = 8 Sharpe CSCV agrees with a numpy reference, split by split")
    func againstNumpy() throws {
        let fixture = try OverfittingFixture()
        let matrix = try fixture.matrix("pbo", "matrix")
        let result = ProbabilityOfBacktestOverfitting.compute(returns: matrix, blocks: 8)
        #expect(result.splits == 70 && result.blockLength == 25 && result.trials == 10)
        #expect(Tolerance.firstMismatch(result.logits, try fixture.doubles("pbo", "logits"), label: "logits") == nil)
        #expect(result.selectedTrials == (try fixture.doubles("pbo", "selected")).map { Int($0) })
        #expect(Tolerance.firstMismatch(
            result.inSamplePerformance, try fixture.doubles("pbo", "is"), relative: 1e-10, label: "IS") == nil)
        #expect(Tolerance.firstMismatch(
            result.outOfSamplePerformance, try fixture.doubles("pbo", "oos"), relative: 1e-10, label: "OOS") == nil)
        #expect(result.pbo == (try fixture.double("pbo", "pbo")))
        #expect(result.probabilityOfLoss == (try fixture.double("pbo", "probability_of_loss")))
        #expect(Tolerance.agree(result.performanceDegradation.slope, try fixture.double("pbo", "slope"), relative: 1e-9))
        #expect(Tolerance.agree(
            result.performanceDegradation.intercept, try fixture.double("pbo", "intercept"), relative: 1e-9))

        // The transposed entry point and a custom (gathering) Sharpe give the same splits.
        let columns = (0..<10).map { n in matrix.map { $0[n] } }
        #expect(ProbabilityOfBacktestOverfitting.compute(trialReturns: columns, blocks: 8) == result)
        let custom = ProbabilityOfBacktestOverfitting.compute(
            returns: matrix, blocks: 8,
            performance: .custom { r in
                let mean = r.reduce(0, +) / Double(r.count)
                let squares = r.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
                return mean / (squares / Double(r.count - 1)).squareRoot()
            })
        #expect(custom.selectedTrials == result.selectedTrials)
        #expect(Tolerance.firstMismatch(custom.logits, result.logits, label: "custom logits") == nil)
        #expect(Tolerance.firstMismatch(
            custom.outOfSamplePerformance, result.outOfSamplePerformance, relative: 1e-10, label: "custom") == nil)
    }

    @Test("C(16, 8) = 12,870 splits in lexicographic order, each with its complement")
    func enumeration() {
        #expect(ProbabilityOfBacktestOverfitting.splitCount(blocks: 16) == 12_870)
        #expect(ProbabilityOfBacktestOverfitting.splitCount(blocks: 8) == 70)
        #expect(ProbabilityOfBacktestOverfitting.lexicographicSplits(blocks: 4)
            == [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]])
        let splits = ProbabilityOfBacktestOverfitting.lexicographicSplits(blocks: 16)
        #expect(splits.count == 12_870)
        #expect(splits.first == Array(0..<8) && splits.last == Array(8..<16))
        #expect(zip(splits, splits.dropFirst()).allSatisfy { $0.lexicographicallyPrecedes($1) })
        // Symmetry: split k's out-of-sample half is split (C − 1 − k)'s in-sample half.
        let complementsMatch = splits.indices.allSatisfy { k in
            let complement = Set(0..<16).subtracting(splits[k]).sorted()
            return splits[splits.count - 1 - k] == complement
        }
        #expect(complementsMatch)

        let matrix = Self.noiseMatrix(rows: 16 * 20, trials: 12, seed: 16)
        let result = ProbabilityOfBacktestOverfitting.compute(returns: matrix)
        #expect(result.splits == 12_870 && result.logits.count == 12_870 && result.blocks == 16)
        // Swapping halves swaps IS and OOS: every trial's in-sample performance in
        // split k is its out-of-sample performance in split C − 1 − k, and vice versa.
        let columns = Array((0..<12).map { n in matrix.map { $0[n] } }.joined())
        let evaluator = CSCVSplitEvaluator(
            columns: columns, rows: 320, trials: 12, blocks: 16, blockLength: 20, performance: .sharpe)
        func performances(_ inSampleBlocks: [Int]) -> (inSample: [Double], outOfSample: [Double]) {
            var member = [Bool](repeating: false, count: 16)
            for b in inSampleBlocks { member[b] = true }
            var inSample = [Double](repeating: 0, count: 12)
            var outOfSample = inSample
            inSampleBlocks.withUnsafeBufferPointer { blocks in
                member.withUnsafeBufferPointer { member in
                    inSample.withUnsafeMutableBufferPointer { i in
                        outOfSample.withUnsafeMutableBufferPointer { o in
                            evaluator.evaluate(inSampleBlocks: blocks, isMember: member, inSample: i, outOfSample: o)
                        }
                    }
                }
            }
            return (inSample, outOfSample)
        }
        for k in [0, 1, 777, 6_434, 12_869] {
            let split = performances(splits[k])
            let mirror = performances(splits[splits.count - 1 - k])
            #expect(Tolerance.firstMismatch(split.inSample, mirror.outOfSample, relative: 1e-11, label: "IS\(k)") == nil)
            #expect(Tolerance.firstMismatch(split.outOfSample, mirror.inSample, relative: 1e-11, label: "OOS\(k)") == nil)
            #expect(split.inSample[result.selectedTrials[k]] == result.inSamplePerformance[k])
        }
    }

    /// Pure noise: the in-sample winner's out-of-sample rank is uniform on 1…N, so
    /// with N = 50 (even) P(λ ≤ 0) = P(rank ≤ 25) = ½ exactly. The 12,870 splits of
    /// one matrix are strongly dependent (single matrices here range 0.23–0.75), so
    /// the check averages 8 independent seeded matrices (mean 0.4596).
    @Test("pure-noise trials give PBO near 0.5")
    func noiseNearHalf() {
        let pbos = (1...8).map { seed in
            ProbabilityOfBacktestOverfitting.compute(
                returns: Self.noiseMatrix(rows: 16 * 25, trials: 50, seed: UInt64(seed))
            ).pbo
        }
        let mean = pbos.reduce(0, +) / Double(pbos.count)
        #expect(abs(mean - 0.5) < 0.15, "PBO of noise: \(pbos)")
        #expect(pbos.allSatisfy { $0 > 0.05 && $0 < 0.95 }, "PBO of noise: \(pbos)")
    }

    /// One trial with a genuine edge (per-period Sharpe ≈ 0.5) in every block wins in
    /// sample and stays at the top out of sample.
    @Test("one trial with a genuine edge gives PBO near 0")
    func genuineEdgeNearZero() {
        let matrix = Self.noiseMatrix(rows: 16 * 25, trials: 50, seed: 9, edges: [17: 0.005])
        let result = ProbabilityOfBacktestOverfitting.compute(returns: matrix)
        #expect(result.pbo < 0.01)
        #expect(result.selectedTrials.allSatisfy { $0 == 17 })
        #expect(result.probabilityOfLoss == 0)
        #expect(result.logits.allSatisfy { $0 > 0 })
    }

    @Test("degenerate inputs: N = 1, T < S, zero-variance trials")
    func degenerate() {
        let single = ProbabilityOfBacktestOverfitting.compute(
            returns: Self.noiseMatrix(rows: 64, trials: 1, seed: 1), blocks: 8)
        #expect(single.pbo.isNaN && single.splits == 0 && single.logits.isEmpty && single.trials == 1)
        #expect(single.performanceDegradation.slope.isNaN && single.probabilityOfLoss.isNaN)
        let short = ProbabilityOfBacktestOverfitting.compute(
            returns: Self.noiseMatrix(rows: 7, trials: 4, seed: 1), blocks: 8)
        #expect(short.pbo.isNaN && short.splits == 0)
        #expect(ProbabilityOfBacktestOverfitting.compute(returns: [], blocks: 4).pbo.isNaN)
        #expect(ProbabilityOfBacktestOverfitting.compute(trialReturns: [], blocks: 4).pbo.isNaN)

        // A constant trial has an undefined Sharpe ratio, which ranks below every number:
        // it is never selected, and a selected trial ranks above it.
        var matrix = Self.noiseMatrix(rows: 80, trials: 5, seed: 3)
        for t in matrix.indices { matrix[t][2] = 0.001 }
        let result = ProbabilityOfBacktestOverfitting.compute(returns: matrix, blocks: 8)
        #expect(result.splits == 70 && !result.pbo.isNaN)
        #expect(!result.selectedTrials.contains(2))
        #expect(result.logits.allSatisfy { $0 > log(1.0 / 5) })  // rank ≥ 2 of 5 → ω ≥ ⅓
        // All trials constant: every performance NaN; the first column is selected and
        // every rank is the all-tied average (N+1)/2 → λ = 0 → PBO 1.
        let flat = Array(repeating: [0.0, 0.0, 0.0], count: 8)
        let allFlat = ProbabilityOfBacktestOverfitting.compute(returns: flat, blocks: 4)
        #expect(allFlat.pbo == 1 && allFlat.selectedTrials.allSatisfy { $0 == 0 })
        #expect(allFlat.probabilityOfLoss == 0 && allFlat.performanceDegradation.slope.isNaN)
    }

    @Test("deterministic: the same input gives the same result")
    func deterministic() {
        let matrix = Self.noiseMatrix(rows: 16 * 10, trials: 20, seed: 42)
        #expect(ProbabilityOfBacktestOverfitting.compute(returns: matrix)
            == ProbabilityOfBacktestOverfitting.compute(returns: matrix))
    }
}
