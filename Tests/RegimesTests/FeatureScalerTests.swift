import Market
import Regimes
import Testing

@Suite("Feature scaler and nearest-centroid assignment")
struct FeatureScalerTests {
    @Test("fit: mean and population deviation (ddof 0); transform z-scores any rows; constant column → 0")
    func worked() throws {
        let scaler = try FeatureScaler.fit([[1, 5], [2, 5], [3, 5]])
        #expect(scaler.means == [2, 5])
        #expect(abs(scaler.deviations[0] - (2.0 / 3.0).squareRoot()) < 1e-15)
        #expect(scaler.deviations[1] == 0)
        let z = try scaler.transform([[2, 5], [4, 9]])
        #expect(z[0] == [0, 0])
        #expect(abs(z[1][0] - 2 / (2.0 / 3.0).squareRoot()) < 1e-12)
        #expect(z[1][1] == 0)  // constant on the fitting rows: 0 everywhere
        #expect(try scaler.transform([]) == [])
    }

    @Test("whole-sample standardize is the scaler fitted on and applied to every row")
    func standardizeUnchanged() throws {
        var rng = SeededGenerator(seed: 8, stream: "scaler")
        let rows = (0..<300).map { _ in [rng.nextGaussian() * 3 + 1, rng.nextDouble(), 4.0] }
        let old = RegimeFeatures.standardize(rows)
        let scaler = try FeatureScaler.fit(rows)
        #expect(old.means == scaler.means && old.deviations == scaler.deviations)
        #expect(old.rows == (try scaler.transform(rows)))
        // The arithmetic of the original implementation, bit for bit.
        let n = Double(rows.count)
        for j in 0..<3 {
            var mean = 0.0
            for r in rows { mean += r[j] }
            mean /= n
            var ss = 0.0
            for r in rows { ss += (r[j] - mean) * (r[j] - mean) }
            #expect(scaler.means[j] == mean && scaler.deviations[j] == (ss / n).squareRoot())
        }
    }

    @Test("statistics depend on the fitting rows only")
    func fittingRowsOnly() throws {
        var rng = SeededGenerator(seed: 9, stream: "scaler-rows")
        var rows = (0..<200).map { _ in [rng.nextGaussian(), rng.nextGaussian()] }
        let fit = 50..<120
        let before = try FeatureScaler.fit(Array(rows[fit]))
        for t in rows.indices where !fit.contains(t) { rows[t] = [100 * rng.nextGaussian(), -7] }
        #expect(try FeatureScaler.fit(Array(rows[fit])) == before)
    }

    @Test("bad shapes throw")
    func shapes() throws {
        #expect(throws: RegimeError.self) { try FeatureScaler.fit([]) }
        #expect(throws: RegimeError.self) { try FeatureScaler.fit([[1, 2], [3]]) }
        #expect(throws: RegimeError.self) { try FeatureScaler.fit([[1], [.nan]]) }
        let scaler = try FeatureScaler.fit([[1, 2], [3, 4]])
        #expect(throws: RegimeError.self) { try scaler.transform([[1]]) }
    }

    @Test("k-means assign: nearest centroid, lowest index on ties; equals the fit's labels on its rows")
    func kmeansAssign() throws {
        let result = KMeansResult(centroids: [[0], [2]], labels: [], inertia: 0, iterations: 0)
        #expect(try result.assign([[1], [-3], [1.5], [0.9]]) == [0, 0, 1, 0])
        #expect(throws: RegimeError.self) { try result.assign([[1, 2]]) }
        let x = DeterminismTests.data()
        let km = try KMeans.fit(x, config: KMeansConfig(clusters: 3), seed: 1, stream: "km")
        #expect(try km.assign(x) == km.labels)
    }

    @Test("segment regimes: row-weighted regime centroids and nearest-centroid assignment")
    func segmentAssign() throws {
        let levels: [Double] = [0, 5, 0, 5, 0]
        let lengths = [50, 30, 70, 40, 60]
        var signal: [[Double]] = []
        for (level, length) in zip(levels, lengths) { signal += Array(repeating: [level], count: length) }
        let ends = try PELT.breakpoints(signal, penalty: 5)
        #expect(ends == [50, 80, 150, 190, 250])
        let mapping = try SegmentRegimes.assign(signal, breakpoints: ends, regimes: 2, seed: 3, stream: "seg")
        #expect(mapping.regimeCentroids == [[0], [5]])
        #expect(try mapping.assign([[1], [4], [2.5], [9]]) == [0, 1, 0, 1])
        #expect(try mapping.assign(signal) == mapping.labels)
    }
}
