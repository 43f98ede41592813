/// The score of one candidate number of regimes.
public struct RegimeCandidateScore: Sendable, Equatable {
    /// The number of regimes (HMM states or k-means clusters).
    public var regimes: Int
    /// BIC (HMM, lower is better) or mean silhouette (k-means, higher is better).
    public var score: Double

    public init(regimes: Int, score: Double) {
        self.regimes = regimes
        self.score = score
    }
}

/// The chosen HMM and every candidate's BIC.
public struct HMMSelection: Sendable, Equatable {
    public var regimes: Int
    public var model: GaussianHMMModel
    public var scores: [RegimeCandidateScore]
}

/// The chosen k-means clustering and every candidate's silhouette.
public struct KMeansSelection: Sendable, Equatable {
    public var regimes: Int
    public var result: KMeansResult
    public var scores: [RegimeCandidateScore]
}

/// Chooses the number of regimes from candidates (e.g. `[2, 3, 4]`).
///
/// - HMM: fit each candidate (seed stream `"\(stream)/k=\(k)"`) and keep the lowest
///   BIC = −2 log L + p ln n (Schwarz 1978); ties go to the fewer regimes.
/// - k-means: cluster each candidate (same stream rule) and keep the highest mean
///   silhouette (Rousseeuw 1987); ties go to the fewer regimes.
/// - change points: PELT segments grouped by k-means on their means, highest silhouette
///   (``changePoint(_:candidates:penalty:seed:stream:)``).
///
/// Candidates are tried in ascending order, duplicates removed; every score is returned
/// for reporting.
///
/// ```swift
/// let pick = try RegimeSelection.kmeans(x, candidates: [2, 3, 4], seed: 1, stream: "select")
/// pick.regimes          // e.g. 3
/// pick.scores           // [(2, 0.51), (3, 0.68), (4, 0.55)]
/// ```
public enum RegimeSelection {
    public static func hmm(
        _ x: [[Double]], candidates: [Int], config: GaussianHMMConfig = GaussianHMMConfig(states: 2), seed: UInt64,
        stream: String
    ) throws -> HMMSelection {
        let ks = try sortedCandidates(candidates, "RegimeSelection.hmm")
        var best: (k: Int, model: GaussianHMMModel, score: Double)?
        var scores: [RegimeCandidateScore] = []
        for k in ks {
            var c = config
            c.states = k
            let model = try GaussianHMM.fit(x, config: c, seed: seed, stream: "\(stream)/k=\(k)")
            let bic = try model.bic(x)
            scores.append(RegimeCandidateScore(regimes: k, score: bic))
            if let b = best, !(bic < b.score) { continue }
            best = (k, model, bic)
        }
        guard let best else { throw RegimeError(routine: "RegimeSelection.hmm", reason: "no candidate fitted") }
        return HMMSelection(regimes: best.k, model: best.model, scores: scores)
    }

    public static func kmeans(
        _ x: [[Double]], candidates: [Int], config: KMeansConfig = KMeansConfig(clusters: 2), seed: UInt64,
        stream: String
    ) throws -> KMeansSelection {
        let ks = try sortedCandidates(candidates, "RegimeSelection.kmeans")
        var best: (k: Int, result: KMeansResult, score: Double)?
        var scores: [RegimeCandidateScore] = []
        for k in ks {
            var c = config
            c.clusters = k
            let result = try KMeans.fit(x, config: c, seed: seed, stream: "\(stream)/k=\(k)")
            let s = try Silhouette.score(x, labels: result.labels)
            scores.append(RegimeCandidateScore(regimes: k, score: s))
            if let b = best, !(s > b.score) { continue }
            best = (k, result, s)
        }
        guard let best else { throw RegimeError(routine: "RegimeSelection.kmeans", reason: "no candidate clustered") }
        return KMeansSelection(regimes: best.k, result: best.result, scores: scores)
    }

    private static func sortedCandidates(_ c: [Int], _ routine: String) throws(RegimeError) -> [Int] {
        let ks = Array(Set(c)).sorted()
        guard !ks.isEmpty, ks.allSatisfy({ $0 >= 1 }) else {
            throw RegimeError(routine: routine, reason: "candidates must be non-empty and ≥ 1")
        }
        return ks
    }
}
