import ADMFTestSupport
import Regimes
import Testing

/// KMeans and silhouette against scikit-learn 1.9.1.
@Suite("k-means and silhouette agree with scikit-learn")
struct ClusteringFixtureTests {
    @Test("KMeans from given centroids: centroids, labels, inertia, iterations (1e-9)")
    func kmeans() throws {
        let object = try RegimesFixture.object("kmeans.json")
        let x = try RegimesFixture.matrix(object["x"], "x")
        for c in try RegimesFixture.cases(object) {
            let name = c["name"] as? String ?? "?"
            let initial = try RegimesFixture.matrix(c["init"], "init")
            let result = try KMeans.fit(x, initialCentroids: initial)
            let centroids = try RegimesFixture.matrix(c["centroids"], "centroids")
            #expect(RegimesFixture.mismatch(result.centroids, centroids, relative: 1e-9, label: name) == nil)
            #expect(result.labels == (try RegimesFixture.ints(c["labels"], "labels")), "\(name) labels")
            let inertia = try RegimesFixture.number(c["inertia"], "inertia")
            #expect(Tolerance.agree(result.inertia, inertia, relative: 1e-9), "\(name) \(result.inertia) vs \(inertia)")
            #expect(result.iterations == Int(try RegimesFixture.number(c["iterations"], "iterations")), "\(name) iterations")
            let silhouette = try RegimesFixture.number(c["silhouette"], "silhouette")
            let ours = try Silhouette.score(x, labels: result.labels)
            #expect(Tolerance.agree(ours, silhouette, relative: 1e-9), "\(name) silhouette \(ours) vs \(silhouette)")
        }
    }

    @Test("silhouette of given labels (1e-9)")
    func silhouette() throws {
        let object = try RegimesFixture.object("kmeans.json")
        let x = try RegimesFixture.matrix(object["x"], "x")
        let given = try RegimesFixture.dict(object["silhouette_given"], "silhouette_given")
        let s = try Silhouette.score(x, labels: RegimesFixture.ints(given["labels"], "labels"))
        let ref = try RegimesFixture.number(given["score"], "score")
        #expect(Tolerance.agree(s, ref, relative: 1e-9), "\(s) vs \(ref)")

        let hmm = try RegimesFixture.cases(RegimesFixture.object("hmm.json"))
        let x2 = try RegimesFixture.matrix(hmm.first?["x"], "x")
        let s2 = try RegimesFixture.dict(object["silhouette_x2"], "silhouette_x2")
        let ours = try Silhouette.score(x2, labels: RegimesFixture.ints(s2["labels"], "labels"))
        let ref2 = try RegimesFixture.number(s2["score"], "score")
        #expect(Tolerance.agree(ours, ref2, relative: 1e-9), "\(ours) vs \(ref2)")
    }
}
