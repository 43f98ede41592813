import ADMFTestSupport
@testable import Analysis
import Testing

@Suite("Overfitting: walk-forward Sharpe degradation")
struct OverfittingDegradationTests {
    /// IS 1.8, 2.1, 1.5; OOS 0.6, −0.2, 0.9: mean IS 1.8, mean OOS 1.3/3;
    /// ratio 0.2407…, difference −1.3666…, 2 of 3 OOS positive; OLS (numpy polyfit):
    /// Σdx·dy = −0.33, Σdx² = 0.18 → slope −1.8333…, intercept 1.3/3 + 1.8333…·1.8 = 3.7333….
    @Test("summaries of three windows, by hand")
    func handChecked() {
        let d = SharpeDegradation(inSample: [1.8, 2.1, 1.5], outOfSample: [0.6, -0.2, 0.9])
        #expect(d.windows == 3)
        #expect(Tolerance.agree(d.meanInSample, 1.8))
        #expect(Tolerance.agree(d.meanOutOfSample, 1.3 / 3))
        #expect(Tolerance.agree(d.ratio, 0.24074074074074076))
        #expect(Tolerance.agree(d.meanDifference, -1.366666666666667))
        #expect(Tolerance.agree(d.fractionPositiveOOS, 2.0 / 3))
        #expect(Tolerance.agree(d.slope, -0.33 / 0.18))
        #expect(Tolerance.agree(d.intercept, 1.3 / 3 + 0.33 / 0.18 * 1.8))
        #expect(d.inSample == [1.8, 2.1, 1.5] && d.outOfSample == [0.6, -0.2, 0.9])
    }

    @Test("no degradation: OOS equal to IS gives ratio 1, slope 1")
    func noDegradation() {
        let values = [0.5, 1.0, 1.5, 2.0]
        let d = SharpeDegradation(inSample: values, outOfSample: values)
        #expect(d.ratio == 1 && d.meanDifference == 0 && d.fractionPositiveOOS == 1)
        #expect(Tolerance.agree(d.slope, 1) && abs(d.intercept) < 1e-12)
    }

    @Test("degenerate windows give NaN; non-finite windows are dropped")
    func degenerate() {
        let empty = SharpeDegradation(inSample: [], outOfSample: [])
        #expect(empty.windows == 0 && empty.ratio.isNaN && empty.meanDifference.isNaN)
        #expect(empty.fractionPositiveOOS.isNaN && empty.slope.isNaN && empty.intercept.isNaN)
        let one = SharpeDegradation(inSample: [1.2], outOfSample: [0.3])
        #expect(Tolerance.agree(one.ratio, 0.25) && one.slope.isNaN)
        let zeroIS = SharpeDegradation(inSample: [1, -1], outOfSample: [0.5, 0.2])
        #expect(zeroIS.ratio.isNaN && !zeroIS.slope.isNaN)
        let flatIS = SharpeDegradation(inSample: [1, 1, 1], outOfSample: [0.1, 0.2, 0.3])
        #expect(flatIS.slope.isNaN && flatIS.intercept.isNaN)
        let withNaN = SharpeDegradation(inSample: [1.8, .nan, 2.1, 1.5], outOfSample: [0.6, 0.4, -0.2, 0.9])
        let clean = SharpeDegradation(inSample: [1.8, 2.1, 1.5], outOfSample: [0.6, -0.2, 0.9])
        #expect(withNaN.windows == 3 && withNaN.ratio == clean.ratio && withNaN.slope == clean.slope)
        #expect(SharpeDegradation(inSample: [.nan], outOfSample: [1]) == SharpeDegradation(inSample: [.nan], outOfSample: [1]))
    }
}
