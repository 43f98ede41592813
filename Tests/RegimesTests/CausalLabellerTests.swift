import Market
import Regimes
import Testing

/// Causal regime labels: row t must not depend on rows after t once the fit rows are fixed.
@Suite("Causal regime labeller")
struct CausalLabellerTests {
    /// 600 rows, 2 features, three planted mean levels switching every 40–90 rows.
    static func data() -> [[Double]] {
        var rng = SeededGenerator(seed: 17, stream: "causal-data")
        let levels: [[Double]] = [[-1.5, 0.8], [0.2, -0.6], [2.0, 1.2]]
        var state = 0
        var left = 60
        return (0..<600).map { _ in
            if left == 0 {
                state = (state + 1 + Int(rng.nextDouble() * 2)) % 3
                left = 40 + Int(rng.nextDouble() * 50)
            }
            left -= 1
            return [levels[state][0] + 0.5 * rng.nextGaussian(), levels[state][1] + 0.4 * rng.nextGaussian()]
        }
    }

    static let fit = 0..<300
    static let hmmConfig = GaussianHMMConfig(states: 2, starts: 2)

    static func label(_ rows: [[Double]], _ method: RegimeMethod, fit: Range<Int> = fit) throws -> RegimeLabelling {
        try CausalRegimeLabeller.label(
            rows, fitRows: fit, method: method, candidates: [2, 3], seed: 5, stream: "causal", hmmConfig: hmmConfig)
    }

    @Test("labels at t ≥ end of fit rows are unchanged when later rows are altered or removed", arguments: RegimeMethod.allCases)
    func causality(method: RegimeMethod) throws {
        let rows = Self.data()
        let base = try Self.label(rows, method)
        var rng = SeededGenerator(seed: 23, stream: "causal-noise-\(method.rawValue)")
        var exPostMoved = false
        for t in [300, 377, 512] {
            var altered = rows
            for s in (t + 1)..<rows.count { altered[s] = [3 * rng.nextGaussian(), 3 * rng.nextGaussian()] }
            let a = try Self.label(altered, method)
            #expect(Array(a.causalLabels[0...t]) == Array(base.causalLabels[0...t]), "\(method) altered after \(t)")
            if Array(a.exPostLabels[0...t]) != Array(base.exPostLabels[0...t]) { exPostMoved = true }
            let removed = try Self.label(Array(rows[0...t]), method)
            #expect(removed.causalLabels == Array(base.causalLabels[0...t]), "\(method) removed after \(t)")
            #expect(a.scaler == base.scaler && a.model == base.model && removed.model == base.model)
            if let p = base.filteredProbabilities, let q = a.filteredProbabilities {
                #expect(Array(q[0...t]) == Array(p[0...t]))
            }
        }
        // The same check catches the look-ahead of Viterbi and PELT; k-means ex-post labels are
        // per-row outside the fit rows, so they do not move.
        #expect(exPostMoved == (method != .kMeans), "\(method): ex-post labels up to t moved: \(exPostMoved)")
    }

    @Test("the scaler and the model use the fit rows only", arguments: RegimeMethod.allCases)
    func fitRowsOnly(method: RegimeMethod) throws {
        var rows = Self.data()
        let fit = 150..<450
        let base = try Self.label(rows, method, fit: fit)
        #expect(base.scaler == (try FeatureScaler.fit(Array(rows[fit]))))
        var rng = SeededGenerator(seed: 29, stream: "outside-fit")
        for t in rows.indices where !fit.contains(t) { rows[t] = [5 + rng.nextGaussian(), -4 * rng.nextGaussian()] }
        let changed = try Self.label(rows, method, fit: fit)
        #expect(changed.scaler == base.scaler)
        #expect(changed.model == base.model && changed.regimes == base.regimes && changed.scores == base.scores)
    }

    @Test("shapes, canonical numbering and ex-post labels", arguments: RegimeMethod.allCases)
    func result(method: RegimeMethod) throws {
        let rows = Self.data()
        let r = try Self.label(rows, method)
        #expect(r.method == method && r.fitRows == Self.fit)
        #expect(r.scores.map(\.regimes) == [2, 3])
        #expect(r.regimes == 3)  // three planted levels
        #expect(r.causalLabels.count == rows.count && r.exPostLabels.count == rows.count)
        #expect(r.causalLabels.allSatisfy { (0..<r.regimes).contains($0) })
        #expect(r.exPostLabels.allSatisfy { (0..<r.regimes).contains($0) })
        let first = r.model.centroids.map { $0[0] }
        #expect(first == first.sorted() && first.count == r.regimes)
        let agree = zip(r.causalLabels, r.exPostLabels).filter { $0 == $1 }.count
        #expect(Double(agree) / Double(rows.count) > 0.85, "\(method): causal and ex post agree on \(agree) rows")
        switch r.model {
        case .hmm(let model):
            #expect(try r.exPostLabels == model.viterbi(try r.scaler.transform(rows)))
            #expect(r.filteredProbabilities?.count == rows.count)
            #expect(r.model.transitions != nil)
        case .kMeans(let km):
            #expect(Array(r.exPostLabels[Self.fit]) == km.labels)
            #expect(Array(r.exPostLabels[300...]) == Array(r.causalLabels[300...]))
            #expect(r.filteredProbabilities == nil)
        case .changePoint(let mapping, let breakpoints, let penalty):
            #expect(breakpoints.last == Self.fit.count && penalty > 0)
            #expect(mapping.labels.count == Self.fit.count)
        }
    }

    @Test("bad fit ranges throw")
    func badRanges() throws {
        let rows = Self.data()
        for fit in [0..<0, 550..<601, -1..<10] as [Range<Int>] {
            #expect(throws: RegimeError.self) { try Self.label(rows, .kMeans, fit: fit) }
        }
        #expect(throws: RegimeError.self) {
            try CausalRegimeLabeller.label([], fitRows: 0..<1, method: .hmm, candidates: [2], seed: 1, stream: "x")
        }
    }
}
