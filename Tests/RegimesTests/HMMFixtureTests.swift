import ADMFTestSupport
import Regimes
import Testing

/// GaussianHMM against hmmlearn 0.3.3 (`covariance_type="diag"`, `init_params=""`) from the
/// same initial parameters.
@Suite("Gaussian HMM agrees with hmmlearn")
struct HMMFixtureTests {
    static let names = ["two_state", "three_state"]

    static func load(_ name: String) throws -> (x: [[Double]], c: [String: Any]) {
        let cases = try RegimesFixture.cases(RegimesFixture.object("hmm.json"))
        guard let c = cases.first(where: { ($0["name"] as? String) == name }) else {
            throw RegimesFixture.malformed(name)
        }
        return (try RegimesFixture.matrix(c["x"], "x"), c)
    }

    static func parameters(_ d: [String: Any]) throws -> GaussianHMMParameters {
        GaussianHMMParameters(
            startProbabilities: try RegimesFixture.vector(d["start"], "start"),
            transitions: try RegimesFixture.matrix(d["trans"], "trans"),
            means: try RegimesFixture.matrix(d["means"], "means"),
            variances: try RegimesFixture.matrix(d["vars"], "vars"))
    }

    @Test("fixed parameters: score, posteriors and Viterbi path (1e-9)", arguments: names)
    func fixed(name: String) throws {
        let (x, c) = try Self.load(name)
        let p = try Self.parameters(RegimesFixture.dict(c["initial"], "initial"))
        let model = GaussianHMMModel(parameters: p, logLikelihood: .nan, iterations: 0, converged: false)
        let expected = try RegimesFixture.dict(c["fixed"], "fixed")
        let score = try model.score(x)
        let ref = try RegimesFixture.number(expected["score"], "score")
        #expect(Tolerance.agree(score, ref, relative: 1e-9), "score \(score) vs \(ref)")
        let post = try model.posteriors(x)
        let refPost = try RegimesFixture.matrix(expected["posteriors"], "posteriors")
        #expect(RegimesFixture.mismatch(post, refPost, relative: 1e-9, absolute: 1e-12, label: "posteriors") == nil)
        #expect(try model.viterbi(x) == RegimesFixture.ints(expected["viterbi"], "viterbi"))
    }

    @Test("Baum-Welch from given initial parameters: fitted parameters, score, path (1e-6)", arguments: names)
    func fitted(name: String) throws {
        let (x, c) = try Self.load(name)
        let initial = try Self.parameters(RegimesFixture.dict(c["initial"], "initial"))
        let iterations = Int(try RegimesFixture.number(c["n_iter"], "n_iter"))
        let model = try GaussianHMM.fit(x, initial: initial, iterations: iterations, tolerance: -.infinity)
        let expected = try RegimesFixture.dict(c["fitted"], "fitted")
        let ref = try Self.parameters(expected)
        #expect(Tolerance.firstMismatch(model.startProbabilities, ref.startProbabilities, relative: 1e-6, absolute: 1e-9, label: "start") == nil)
        #expect(RegimesFixture.mismatch(model.transitions, ref.transitions, relative: 1e-6, absolute: 1e-9, label: "trans") == nil)
        #expect(RegimesFixture.mismatch(model.means, ref.means, relative: 1e-6, label: "means") == nil)
        #expect(RegimesFixture.mismatch(model.variances, ref.variances, relative: 1e-6, label: "vars") == nil)
        let history = try RegimesFixture.vector(expected["history"], "history")
        #expect(Tolerance.firstMismatch(model.history, history, relative: 1e-6, label: "history") == nil)
        #expect(model.iterations == Int(try RegimesFixture.number(expected["iterations"], "iterations")))
        let score = try RegimesFixture.number(expected["score"], "score")
        #expect(Tolerance.agree(model.logLikelihood, score, relative: 1e-6), "\(model.logLikelihood) vs \(score)")
        #expect(try model.viterbi(x) == RegimesFixture.ints(expected["viterbi"], "viterbi"))
    }
}
