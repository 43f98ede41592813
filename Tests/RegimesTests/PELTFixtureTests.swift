import ADMFTestSupport
import Market
import Regimes
import Testing

/// PELT against ruptures 1.1.10 `Pelt(model="l2", min_size=2, jump=5)`: exact breakpoints.
@Suite("PELT agrees with ruptures")
struct PELTFixtureTests {
    @Test("breakpoints for every signal and penalty")
    func breakpoints() throws {
        for c in try RegimesFixture.cases(RegimesFixture.object("pelt.json")) {
            let name = c["name"] as? String ?? "?"
            let signal = try RegimesFixture.matrix(c["signal"], "signal")
            let expected = try RegimesFixture.dict(c["breakpoints"], "breakpoints")
            for penalty in try RegimesFixture.vector(c["penalties"], "penalties") {
                let ref = try RegimesFixture.ints(expected["\(penalty)"], "breakpoints.\(penalty)")
                let ours = try PELT.breakpoints(signal, penalty: penalty, minSize: 2, jump: 5)
                #expect(ours == ref, "\(name) pen \(penalty)")
            }
        }
    }

    @Test("a clean step is found at the step, with the default penalty too")
    func cleanStep() throws {
        let signal = (0..<120).map { [$0 < 60 ? 0.0 : 4.0] }
        #expect(try PELT.breakpoints(signal, penalty: 5) == [60, 120])
        var rng = SeededGenerator(seed: 3, stream: "pelt-noise")
        let noisy = (0..<200).map { [($0 < 85 ? 0.0 : 3.0) + 0.5 * rng.nextGaussian()] }
        #expect(try PELT.breakpoints(noisy) == [85, 200])
        #expect(PELT.segmentLabels(breakpoints: [60, 120]) == Array(repeating: 0, count: 60) + Array(repeating: 1, count: 60))
    }

    @Test("segments map to regimes by clustering their means")
    func segmentRegimes() throws {
        let levels: [Double] = [0, 5, 0, 5, 0]
        let signal = (0..<250).map { [levels[$0 / 50]] }
        let ends = try PELT.breakpoints(signal, penalty: 5)
        #expect(ends == [50, 100, 150, 200, 250])
        let mapping = try SegmentRegimes.assign(signal, breakpoints: ends, regimes: 2, seed: 3, stream: "seg")
        #expect(mapping.segmentRegimes == [0, 1, 0, 1, 0])
        #expect(mapping.labels.count == 250)
    }
}
