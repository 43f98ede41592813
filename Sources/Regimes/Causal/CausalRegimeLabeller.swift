/// Regime labels without look-ahead: fit on chosen rows, label every row with a per-bar rule.
///
/// **Steps** for rows x_0 … x_{n−1} and fit rows F = `fitRows` (e.g. the training split):
/// 1. ``FeatureScaler`` fitted on F (ddof 0); every row standardised with it:
///    z_t = (x_t − μ_F) / σ_F.
/// 2. The model and its number of regimes, from z_F only, by the ``RegimeSelection`` rules:
///    HMM — lowest BIC; k-means — highest silhouette; change point — PELT on z_F, segments
///    grouped by k-means on their means, highest silhouette (seed streams `"\(stream)/k=\(k)"`).
/// 3. **Causal labels** for every row: HMM — argmax_i P(s_t = i | z_0 … z_t), the normalised
///    forward variable (Rabiner 1989) of ``GaussianHMMModel/filtered(_:)``; k-means and change
///    point — the nearest centroid, argmin_i ‖z_t − c_i‖² (change point: c_i is the mean of
///    regime i's fit rows; PELT itself is ex post and is not used for these labels).
/// 4. **Ex-post labels** with the same scaler and model: HMM — Viterbi over all rows; k-means —
///    the fit's labels on F, nearest centroid elsewhere; change point — PELT over all rows with
///    the fitted penalty β, each segment taking the regime whose centroid is nearest its mean.
///
/// Regimes are numbered canonically (regime 0 has the lowest centre in feature 0, e.g. the
/// calmest when volatility comes first).
///
/// **Causality.** For t ≥ `fitRows.upperBound`, `causalLabels[t]` is unchanged when rows after t
/// are altered or removed (the fit rows fixed): the scaler and model see F only, and the
/// assignment at t sees rows up to t only. Rows inside F are labelled in-sample.
///
/// References: Rabiner (1989), Proc. IEEE 77(2); Lloyd (1982); Killick, Fearnhead & Eckley
/// (2012), JASA 107(500); Schwarz (1978); Rousseeuw (1987).
///
/// ```swift
/// let f = RegimeFeatures.matrix(bars: [spy], features: [.volatility, .trend], periodsPerYear: 252)
/// let train = 0..<(f.rows.count / 2)
/// let r = try CausalRegimeLabeller.label(
///     f.rows, fitRows: train, method: .hmm, candidates: [2, 3], seed: 42, stream: "regimes")
/// r.causalLabels    // tradable: row t uses rows ≤ t and the training fit only
/// r.exPostLabels    // for describing history (Viterbi)
/// ```
public enum CausalRegimeLabeller {
    /// Fits on `fitRows` and labels every row of `rows` (n × d, finite) causally and ex post.
    ///
    /// - Parameters:
    ///   - fitRows: a non-empty range inside `0..<rows.count`.
    ///   - candidates: the numbers of regimes to try (duplicates ignored).
    ///   - hmmConfig: HMM settings; `states` is replaced by each candidate (default
    ///     ``GaussianHMMConfig`` defaults: five starts, 100 iterations).
    ///   - penalty: the PELT β for `.changePoint` (default ``PELT/defaultPenalty(_:)`` of the fit rows).
    public static func label(
        _ rows: [[Double]], fitRows: Range<Int>, method: RegimeMethod, candidates: [Int], seed: UInt64,
        stream: String, hmmConfig: GaussianHMMConfig? = nil, penalty: Double? = nil
    ) throws -> RegimeLabelling {
        let routine = "CausalRegimeLabeller.label"
        guard !rows.isEmpty else { throw RegimeError(routine: routine, reason: "there are no rows") }
        guard fitRows.lowerBound >= 0, fitRows.upperBound <= rows.count, !fitRows.isEmpty else {
            throw RegimeError(
                routine: routine, reason: "fitRows \(fitRows) must be a non-empty range inside 0..<\(rows.count)")
        }
        let scaler = try FeatureScaler.fit(Array(rows[fitRows]))
        let z = try scaler.transform(rows)
        let zFit = Array(z[fitRows])
        switch method {
        case .hmm:
            let config = hmmConfig ?? GaussianHMMConfig(states: 2)
            let pick = try RegimeSelection.hmm(zFit, candidates: candidates, config: config, seed: seed, stream: stream)
            let p = try pick.model.filtered(z)
            return RegimeLabelling(
                method: method, fitRows: fitRows, regimes: pick.regimes, scores: pick.scores, scaler: scaler,
                model: .hmm(pick.model), causalLabels: p.map(GaussianHMMModel.argmax),
                exPostLabels: try pick.model.viterbi(z), filteredProbabilities: p)
        case .kMeans:
            let pick = try RegimeSelection.kmeans(zFit, candidates: candidates, seed: seed, stream: stream)
            let causal = try pick.result.assign(z)
            var exPost = causal
            exPost.replaceSubrange(fitRows, with: pick.result.labels)
            return RegimeLabelling(
                method: method, fitRows: fitRows, regimes: pick.regimes, scores: pick.scores, scaler: scaler,
                model: .kMeans(pick.result), causalLabels: causal, exPostLabels: exPost)
        case .changePoint:
            let pick = try RegimeSelection.changePoint(
                zFit, candidates: candidates, penalty: penalty, seed: seed, stream: stream)
            let centroids = pick.mapping.regimeCentroids
            let causal = try pick.mapping.assign(z)
            let exPost = try segmentLabels(z, penalty: pick.penalty, centroids: centroids)
            return RegimeLabelling(
                method: method, fitRows: fitRows, regimes: pick.regimes, scores: pick.scores, scaler: scaler,
                model: .changePoint(pick.mapping, breakpoints: pick.breakpoints, penalty: pick.penalty),
                causalLabels: causal, exPostLabels: exPost)
        }
    }

    /// PELT over all of `z` with β = `penalty`; every segment takes the regime whose centroid is
    /// nearest the segment's mean (ex post: a segment's mean uses its later rows).
    static func segmentLabels(_ z: [[Double]], penalty: Double, centroids: [[Double]]) throws -> [Int] {
        let ends = try PELT.breakpoints(z, penalty: penalty, minSize: 2, jump: 5)
        let d = z.first?.count ?? 0
        var means: [[Double]] = []
        var start = 0
        for end in ends {
            var mean = [Double](repeating: 0, count: d)
            for t in start..<end { for j in 0..<d { mean[j] += z[t][j] } }
            means.append(mean.map { $0 / Double(end - start) })
            start = end
        }
        let regimeOfSegment = try NearestCentroid.labels(
            means, centroids: centroids, routine: "CausalRegimeLabeller.label")
        return PELT.segmentLabels(breakpoints: ends).map { regimeOfSegment[$0] }
    }
}
