import ADMFTestSupport
import Ensembles
import Testing

@Suite("Voting, weighted average, hierarchical voting")
struct CombinationTests {
    @Test("majority vote: ties → 0, abstentions, threshold")
    func voting() throws {
        let s = try SignalMatrix(rows: [[1, 1, -1], [1, -1, 0], [-1, -1, 0], [0, 0, 0], [0.2, -3, 0.1]])
        #expect(try Voting.vote(s) == [1, 0, -1, 0, 1])
        #expect(try Voting.vote(s, threshold: 0.5) == [0, 0, -1, 0, 0])
        #expect(throws: EnsembleError.self) { try Voting.vote(s, threshold: 1) }
        // Naive reference on random signals.
        var rng = SplitMix64(seed: 3)
        let rows = (0..<200).map { _ in (0..<5).map { _ in Double(rng.int(3) - 1) } }
        let m = try SignalMatrix(rows: rows)
        for tau in [0.0, 0.2, 0.6] {
            let ours = try Voting.vote(m, threshold: tau)
            for (t, row) in rows.enumerated() {
                let pos = row.filter { $0 > 0 }.count
                let neg = row.filter { $0 < 0 }.count
                let v = Double(pos - neg) / 5
                #expect(ours[t] == (v > tau ? 1 : (v < -tau ? -1 : 0)))
            }
        }
    }

    @Test("weighted average: raw and signed")
    func weightedAverage() throws {
        let s = try SignalMatrix(rows: [[1, -1], [1, 1], [0, -1]])
        let raw = try WeightedAverage.combine(s, weights: [0.7, 0.3])
        #expect(zip(raw, [0.4, 1.0, -0.3]).allSatisfy { abs($0 - $1) < 1e-15 })
        #expect(try WeightedAverage.combine(s, weights: [0.7, 0.3], output: .sign(threshold: 0.35)) == [1, 1, 0])
        #expect(try WeightedAverage.combine(s, weights: [0.7, 0.3], output: .sign(threshold: 0)) == [1, 1, -1])
        #expect(throws: EnsembleError.self) { try WeightedAverage.combine(s, weights: [1]) }
        #expect(throws: EnsembleError.self) { try WeightedAverage.combine(s, weights: [1, .nan]) }
        #expect(throws: EnsembleError.self) { try WeightedAverage.combine(s, weights: [1, 1], output: .sign(threshold: -1)) }
    }

    @Test("hierarchical voting: within groups, then weighted across groups")
    func hierarchical() throws {
        let s = try SignalMatrix(rows: [[1, 1, 1, -1, -1], [1, -1, 1, -1, 0], [1, 1, -1, 0, 0]])
        let groups = [
            VotingGroup(name: "trend", members: [0, 1, 2]),
            VotingGroup(name: "reversion", members: [3]),
            VotingGroup(name: "carry", members: [4]),
        ]
        #expect(try HierarchicalVoting.groupSignals(s, groups: groups).values == [1, -1, -1, 1, -1, 0, 1, 0, 0])
        #expect(try HierarchicalVoting.vote(s, groups: groups) == [-1, 0, 1])
        var weighted = groups
        weighted[0].weight = 3
        #expect(try HierarchicalVoting.vote(s, groups: weighted) == [1, 1, 1])
        #expect(try HierarchicalVoting.vote(s, groups: weighted, acrossThreshold: 0.5) == [0, 0, 1])
        // Equal weights, one member per group: the same as a flat vote.
        let singletons = (0..<5).map { VotingGroup(name: "g\($0)", members: [$0]) }
        #expect(try HierarchicalVoting.vote(s, groups: singletons) == (try Voting.vote(s)))
        #expect(throws: EnsembleError.self) { try HierarchicalVoting.vote(s, groups: []) }
        #expect(throws: EnsembleError.self) {
            try HierarchicalVoting.vote(s, groups: [VotingGroup(name: "a", members: [0, 5])])
        }
        #expect(throws: EnsembleError.self) {
            try HierarchicalVoting.vote(s, groups: [VotingGroup(name: "a", members: [0]), VotingGroup(name: "b", members: [0])])
        }
        #expect(throws: EnsembleError.self) {
            try HierarchicalVoting.vote(s, groups: [VotingGroup(name: "a", members: [0]), VotingGroup(name: "a", members: [1])])
        }
        #expect(throws: EnsembleError.self) {
            try HierarchicalVoting.vote(s, groups: [VotingGroup(name: "a", members: [0], weight: 0)])
        }
    }
}
