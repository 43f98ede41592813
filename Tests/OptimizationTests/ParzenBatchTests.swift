import Market
import Optimization
import Strategies
import Testing

/// `ParzenEstimator.logPDFs` shares work between points (the integer-lattice tables); it must
/// return exactly the bits of `logPDF` one point at a time — the naive reference — so TPE's
/// proposals do not change.
@Suite("Parzen estimator: batched log-densities")
struct ParzenBatchTests {
    @Test("logPDFs equals logPDF bit for bit: integers with repeats, log scale, reals, off-lattice points")
    func batchedEqualsSingle() {
        var generator = SeededGenerator(seed: 42, stream: "parzen-batch")
        let parameters = [
            SamplerParameter(name: "fast", low: 2, high: 50, kind: .integer),
            SamplerParameter(name: "slow", low: 10, high: 200, kind: .integer),
            SamplerParameter(name: "odd", low: -7, high: 8, kind: .integer),
            SamplerParameter(name: "lb", low: 1, high: 400, kind: .integer, log: true),
            SamplerParameter(name: "r", low: -1, high: 3),
        ]
        var checked = 0
        for trial in 0..<120 {
            let parameter = parameters[trial % parameters.count]
            let lower = parameter.kind == .integer ? parameter.low.rounded(.up) : parameter.low
            let upper = parameter.kind == .integer ? parameter.high.rounded(.down) : parameter.high
            let n = Int(generator.nextDouble() * 300)
            // concentrated observations with many repeats, as late in a TPE search
            let centre = lower + generator.nextDouble() * (upper - lower)
            var observations: [Double] = []
            for _ in 0..<n {
                var v = centre + generator.nextGaussian() * (upper - lower) * (trial % 3 == 0 ? 0.02 : 0.2)
                v = min(max(v, lower), upper)
                if parameter.kind == .integer { v = v.rounded() }
                observations.append(v)
            }
            if trial % 7 == 0, parameter.kind == .integer, !observations.isEmpty {
                observations[0] = min(upper, lower + 0.5)  // a warm start off the lattice
            }
            let weights: [Double]? = n > 0 && trial % 2 == 0 ? (0..<n).map { _ in 0.1 + generator.nextDouble() } : nil
            let estimator = ParzenEstimator(
                observations: observations, parameter: parameter, priorWeight: 1.0,
                magicClip: trial % 5 != 0, endpoints: trial % 4 == 0, weights: weights)
            var points: [Double] = []
            for _ in 0..<30 {
                var x = estimator.sample(using: &generator)
                if generator.nextDouble() < 0.1 { x += 0.25 }  // off the lattice / outside
                points.append(x)
            }
            points.append(contentsOf: [lower, upper, lower - 1, upper + 1])
            let batched = estimator.logPDFs(points)
            let single = points.map { estimator.logPDF($0) }
            #expect(batched.map(\.bitPattern) == single.map(\.bitPattern), "\(parameter.name) n=\(n)")
            checked += points.count
        }
        #expect(checked > 3000)
    }
}
