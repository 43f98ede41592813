import Market

/// Tree-structured Parzen Estimator (Bergstra, Bardenet, Bengio & Kégl 2011, "Algorithms for
/// Hyper-Parameter Optimization", NeurIPS), following Optuna's univariate `TPESampler`
/// (optuna/samplers/_tpe/sampler.py) with an ask/tell interface. Scores are MAXIMISED.
///
/// Proposal `i` (the i-th ask, counting from 0) draws only from
/// `SeededGenerator(seed:, stream: "<stream>/trial/<i>")`, and depends on nothing but the
/// told results and the pending proposals at the time it is asked. So the same seed and the
/// same ask/tell schedule give the same proposals, whatever the worker count or the order in
/// which workers finish; asking a batch as `ask(count: 8)` or as `ask(count: 4)` twice gives
/// the same eight points. (Different schedules — 1 batch of 32 vs 4 batches of 8 — legitimately
/// differ: the second lets later proposals learn from earlier results.)
///
/// - Startup: while fewer than `startupTrials` results are told, proposals are uniform draws
///   (Optuna's `RandomSampler`: integers uniform on `[low − ½, high + ½]` then rounded; log-scale
///   uniform in log space).
/// - Model: the told results, sorted best first (ties by trial index), are split into the best
///   `gamma(n)` ("below", l) and the rest ("above", g). Failed trials (score NaN or −∞) are the
///   worst of all and so land in g. With `constantLiar`, pending proposals join g too (they do
///   not count in `n`). Each group is ordered by trial index before weighting (Optuna's order,
///   so the ramp of ``TPEConfig/defaultWeights(_:)`` down-weights the oldest).
/// - Proposal: each parameter independently (`multivariate=False`) draws `eiCandidates` points
///   from its l and keeps the one maximising `log l(x) − log g(x)` (first on ties).
/// - Feasibility: a proposal that breaks the predicate is redrawn (new candidates from the same
///   stream) up to `constraintAttempts` times; then the feasible candidate row (the j-th
///   candidate of every parameter) with the largest summed acquisition is used; failing that,
///   up to 1,000 feasible uniform draws; failing that, the last (infeasible) proposal.
public struct TPESampler: Sendable {
    public let parameters: [SamplerParameter]
    public let config: TPEConfig
    public let seed: UInt64
    public let stream: String
    public let feasible: SamplerFeasibility?

    struct Observation: Sendable {
        var index: Int
        var values: [Double]
        var score: Double
        var failed: Bool { score.isNaN || score == -.infinity }
    }

    private var told: [Observation] = []
    private var pending: [(index: Int, values: [Double])] = []
    private var nextIndex = 0

    public init(parameters: [SamplerParameter], config: TPEConfig = .init(), seed: UInt64, stream: String,
                feasible: SamplerFeasibility? = nil) {
        SamplerParameter.validate(parameters)
        self.parameters = parameters
        self.config = config
        self.seed = seed
        self.stream = stream
        self.feasible = feasible
    }

    /// The number of told results.
    public var observations: Int { told.count }
    /// The number of proposals asked and not yet told.
    public var pendingCount: Int { pending.count }
    /// The best told result so far.
    public var best: (parameters: [String: Double], score: Double)? {
        var bestObservation: Observation?
        for observation in told where !observation.failed {
            if bestObservation == nil || observation.score > bestObservation!.score { bestObservation = observation }
        }
        return bestObservation.map { (dictionary($0.values), $0.score) }
    }

    /// `count` new proposals, each pending until told.
    public mutating func ask(count: Int) -> [[String: Double]] {
        precondition(count >= 0, "count must be non-negative")
        var out: [[String: Double]] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            let index = nextIndex
            nextIndex += 1
            let values = propose(index: index)
            pending.append((index, values))
            out.append(dictionary(values))
        }
        return out
    }

    /// Results in index order. Each is matched to the oldest pending proposal with the same
    /// values (which it then stops being); a result that matches none (e.g. a warm start) is
    /// recorded as a new trial and takes the next trial index.
    public mutating func tell(_ results: [(parameters: [String: Double], score: Double)]) {
        for result in results {
            let values = parameters.map { p -> Double in
                guard let v = result.parameters[p.name] else { preconditionFailure("result lacks parameter \(p.name)") }
                return v
            }
            let index: Int
            if let k = pending.firstIndex(where: { $0.values == values }) {
                index = pending.remove(at: k).index
            } else {
                index = nextIndex
                nextIndex += 1
            }
            told.append(Observation(index: index, values: values, score: result.score))
        }
    }

    private func dictionary(_ values: [Double]) -> [String: Double] {
        var d: [String: Double] = [:]
        for (p, v) in zip(parameters, values) { d[p.name] = v }
        return d
    }

    private func isFeasible(_ values: [Double]) -> Bool {
        guard let feasible else { return true }
        return feasible(dictionary(values))
    }

    private func uniform(using generator: inout SeededGenerator) -> [Double] {
        var values = parameters.map { $0.uniformDraw(using: &generator) }
        guard feasible != nil else { return values }
        var attempts = 1
        while attempts < 1000, !isFeasible(values) {
            values = parameters.map { $0.uniformDraw(using: &generator) }
            attempts += 1
        }
        return values
    }

    /// The below/above groups as positions in `told` (pending proposals as `told.count + k`),
    /// each ordered by trial index.
    func split() -> (below: [Int], above: [Int]) {
        let n = told.count
        let nBelow = min(max(config.gamma(n), 0), n)
        let failed = told.map(\.failed), scores = told.map(\.score), trial = told.map(\.index)
        let ranked = (0..<n).sorted { x, y in
            switch (failed[x], failed[y]) {
            case (false, true): return true
            case (true, false): return false
            case (true, true): return trial[x] < trial[y]
            case (false, false): return scores[x] > scores[y] || (scores[x] == scores[y] && trial[x] < trial[y])
            }
        }
        var below = Array(ranked.prefix(nBelow))
        var above = Array(ranked.dropFirst(nBelow))
        below.sort { trial[$0] < trial[$1] }
        above.sort { trial[$0] < trial[$1] }
        if config.constantLiar {
            // pending proposals join g, in trial-index order with the told results
            let pendingPositions = pending.indices.map { n + $0 }
            above = (above + pendingPositions).sorted { position($0) < position($1) }
        }
        return (below, above)
    }

    private func position(_ p: Int) -> Int { p < told.count ? told[p].index : pending[p - told.count].index }

    private func value(_ p: Int, _ j: Int) -> Double {
        p < told.count ? told[p].values[j] : pending[p - told.count].values[j]
    }

    private func propose(index: Int) -> [Double] {
        var generator = SeededGenerator(seed: seed, stream: "\(stream)/trial/\(index)")
        if told.count < max(config.startupTrials, 1) {
            return uniform(using: &generator)
        }
        let (below, above) = split()
        let models = parameters.indices.map { p -> (l: ParzenEstimator, g: ParzenEstimator) in
            let parameter = parameters[p]
            let make = { (group: [Int]) in
                ParzenEstimator(
                    observations: group.map { value($0, p) }, parameter: parameter, priorWeight: config.priorWeight,
                    magicClip: config.magicClip, endpoints: config.considerEndpoints,
                    weights: group.isEmpty ? nil : config.weights(group.count))
            }
            return (make(below), make(above))
        }
        let m = max(config.eiCandidates, 1)
        var bestRow: (acq: Double, values: [Double])?
        var last: [Double] = []
        for _ in 0..<(feasible == nil ? 1 : max(config.constraintAttempts, 1)) {
            var candidates = [[Double]](repeating: [Double](repeating: 0, count: parameters.count), count: m)
            var acquisition = [[Double]](repeating: [Double](repeating: 0, count: parameters.count), count: m)
            var point = [Double](repeating: 0, count: parameters.count)
            for p in parameters.indices {
                var bestValue = -Double.infinity
                var chosen: Double?
                // Candidates repeat (integers, a concentrated l): each distinct value's acquisition
                // is computed once — the same pure function of x, so the same numbers.
                var draws = [Double](repeating: 0, count: m)
                var distinct: [Double] = []
                for j in 0..<m {
                    let x = models[p].l.sample(using: &generator)
                    draws[j] = x
                    if !distinct.contains(where: { $0.bitPattern == x.bitPattern }) { distinct.append(x) }
                }
                let below = models[p].l.logPDFs(distinct), above = models[p].g.logPDFs(distinct)
                for j in 0..<m {
                    let x = draws[j]
                    var a = 0.0
                    for (i, value) in distinct.enumerated() where value.bitPattern == x.bitPattern {
                        a = below[i] - above[i]
                        break
                    }
                    if a.isNaN { a = -.infinity }
                    candidates[j][p] = x
                    acquisition[j][p] = a
                    if chosen == nil || a > bestValue { bestValue = a; chosen = x }
                }
                point[p] = chosen!
            }
            last = point
            guard feasible != nil else { return point }
            if isFeasible(point) { return point }
            for j in 0..<m where isFeasible(candidates[j]) {
                let total = acquisition[j].reduce(0, +)
                if bestRow == nil || total > bestRow!.acq { bestRow = (total, candidates[j]) }
            }
        }
        if let bestRow { return bestRow.values }
        for _ in 0..<1000 {
            let values = parameters.map { $0.uniformDraw(using: &generator) }
            if isFeasible(values) { return values }
        }
        return last
    }
}
