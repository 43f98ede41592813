import Ensembles
import Testing

@Suite("Purged, embargoed K-fold")
struct PurgedKFoldTests {
    /// Naive reference: bar i trains for test fold [a, b) unless its label interval [i, i + h]
    /// meets some test label interval [j, j + h], or i falls in the embargo [b + h, b + h + e).
    static func naiveTrain(n: Int, test: Range<Int>, h: Int, e: Int) -> [Int] {
        (0..<n).filter { i in
            for j in test where i <= j + h && j <= i + h { return false }
            let embargoStart = test.upperBound + h
            return !(i >= embargoStart && i < embargoStart + e)
        }
    }

    @Test("matches the naive pairwise-overlap reference for many sizes, horizons and embargoes")
    func reference() throws {
        for n in [5, 17, 40, 101] {
            for k in [2, 3, 5] where k <= n {
                for h in [0, 1, 3] {
                    for e in [0, 1, 4] {
                        let folds = try PurgedKFold.split(count: n, folds: k, horizon: h, embargo: .bars(e))
                        #expect(folds.count == k)
                        #expect(folds.flatMap(\.testIndices) == Array(0..<n), "test folds partition the bars")
                        for fold in folds {
                            #expect(fold.trainIndices == Self.naiveTrain(n: n, test: fold.test, h: h, e: e), "n \(n) k \(k) h \(h) e \(e) \(fold.test)")
                            for i in fold.trainIndices {
                                #expect(!fold.test.overlaps(i..<(i + h + 1)), "label window of \(i) touches the test fold")
                                #expect(!(i >= fold.test.upperBound && i < fold.test.upperBound + h + e), "embargo")
                            }
                        }
                    }
                }
            }
        }
    }

    @Test("fold sizes follow numpy.array_split; worked example from the doc comment")
    func sizes() throws {
        #expect(PurgedKFold.testFolds(count: 10, folds: 3) == [0..<4, 4..<7, 7..<10])
        let folds = try PurgedKFold.split(count: 100, folds: 5, horizon: 1, embargo: .bars(2))
        #expect(folds[1].test == 20..<40)
        #expect(folds[1].trainRanges == [0..<19, 43..<100])
        #expect(folds[0].trainRanges == [23..<100])
        #expect(folds[4].trainRanges == [0..<79])
        // A fraction embargo: ⌊0.05 × 100⌋ = 5 bars.
        let byFraction = try PurgedKFold.split(count: 100, folds: 5, horizon: 1, embargo: .fraction(0.05))
        #expect(byFraction[1].trainRanges == [0..<19, 46..<100])
    }

    @Test("typed errors")
    func errors() {
        #expect(throws: EnsembleError.self) { try PurgedKFold.split(count: 10, folds: 1, horizon: 0) }
        #expect(throws: EnsembleError.self) { try PurgedKFold.split(count: 3, folds: 4, horizon: 0) }
        #expect(throws: EnsembleError.self) { try PurgedKFold.split(count: 10, folds: 2, horizon: -1) }
        #expect(throws: EnsembleError.self) { try PurgedKFold.split(count: 10, folds: 2, horizon: 0, embargo: .bars(-1)) }
        #expect(throws: EnsembleError.self) { try PurgedKFold.split(count: 10, folds: 2, horizon: 0, embargo: .fraction(1)) }
    }
}
