import ADMFTestSupport
import Ensembles
import Foundation
import Testing

@Suite("Stacked ensemble with purged out-of-fold predictions")
struct StackedEnsembleTests {
    /// 4 members over 301 bars of returns: two noisy predictors of the next bar, a contrarian, a coin.
    static func data() throws -> (signals: SignalMatrix, target: [Int]) {
        var rng = SplitMix64(seed: 2026)
        let returns = (0..<301).map { _ in rng.normal() }
        let target = StackedEnsemble.nextBarDirection(returns: returns)
        var rows: [[Double]] = []
        for t in 0..<target.count {
            let next = returns[t + 1]
            let a: Double = next + 1.5 * rng.normal() > 0 ? 1 : -1
            let b: Double = next + 2.0 * rng.normal() > 0 ? 1 : (rng.uniform() < 0.3 ? 0 : -1)
            let c: Double = -next + 2.5 * rng.normal() > 0 ? 1 : -1
            let d = rng.normal()
            rows.append([a, b, c, d])
        }
        return (try SignalMatrix(rows: rows), target)
    }

    static let config = StackingConfig(folds: 5, horizon: 1, embargo: .bars(3), logistic: .init(c: 1))

    @Test("next-bar direction targets")
    func targets() {
        #expect(StackedEnsemble.nextBarDirection(returns: [0.1, -0.2, 0.3, 0]) == [0, 1, 0])
        #expect(StackedEnsemble.nextBarDirection(returns: [1]).isEmpty)
    }

    @Test("fold models are fits on the purged training bars only; final model on all bars")
    func structure() throws {
        let (signals, target) = try Self.data()
        let fit = try StackedEnsemble.fit(signals: signals, target: target, config: Self.config)
        #expect(fit.outOfFoldProbability.count == signals.bars)
        #expect(fit.outOfFoldProbability.allSatisfy { $0 > 0 && $0 < 1 })
        for (k, fold) in fit.folds.enumerated() {
            let train = fold.trainIndices
            let direct = try LogisticRegression.fit(
                x: signals.selecting(rows: train), y: train.map { target[$0] }, config: Self.config.logistic)
            #expect(direct == fit.foldModels[k])
            let p = try direct.predictProbability(signals.selecting(rows: fold.testIndices))
            #expect(fold.testIndices.map { fit.outOfFoldProbability[$0] } == p)
        }
        #expect(try LogisticRegression.fit(x: signals, y: target, config: Self.config.logistic) == fit.finalModel)
        // The informative members get positive weight, the contrarian negative.
        #expect(fit.finalModel.coefficients[0] > 0 && fit.finalModel.coefficients[2] < 0)
        #expect(fit.outOfFoldSignal == fit.outOfFoldProbability.map { $0 > 0.5 ? 1 : ($0 < 0.5 ? -1 : 0) })
    }

    @Test("leak check: a bar's out-of-fold prediction ignores its own target and its purge neighbourhood")
    func leakCheck() throws {
        let (signals, target) = try Self.data()
        let base = try StackedEnsemble.fit(signals: signals, target: target, config: Self.config)
        for t in [0, 59, 60, 61, 150, 239, signals.bars - 1] {
            guard let fold = base.folds.first(where: { $0.test.contains(t) }) else {
                Issue.record("bar \(t) is in no test fold")
                continue
            }
            let train = Set(fold.trainIndices)
            // Every bar outside the fold's training set: the test fold, the purged bars, the embargo.
            let untouchable = (0..<signals.bars).filter { !train.contains($0) }
            #expect(untouchable.contains(t))
            for j in [t] + untouchable.filter({ !fold.test.contains($0) }) {
                var altered = target
                altered[j] = 1 - altered[j]
                let refit = try StackedEnsemble.fit(signals: signals, target: altered, config: Self.config)
                #expect(refit.outOfFoldProbability[t] == base.outOfFoldProbability[t], "bar \(t) moved when target \(j) flipped")
            }
            // Power check: flipping the training targets does move the prediction.
            var flipped = target
            for i in train { flipped[i] = 1 - flipped[i] }
            let moved = try StackedEnsemble.fit(signals: signals, target: flipped, config: Self.config)
            #expect(moved.outOfFoldProbability[t] != base.outOfFoldProbability[t])
        }
    }

    @Test("typed errors")
    func errors() throws {
        let (signals, target) = try Self.data()
        #expect(throws: EnsembleError.self) { try StackedEnsemble.fit(signals: signals, target: Array(target.dropLast())) }
        #expect(throws: EnsembleError.self) {
            try StackedEnsemble.fit(signals: signals, target: target, config: .init(threshold: 0.5))
        }
        #expect(throws: EnsembleError.self) {
            try StackedEnsemble.fit(signals: signals, target: [Int](repeating: 1, count: signals.bars))
        }
    }
}
