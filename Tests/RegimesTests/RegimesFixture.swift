import ADMFTestSupport
import Foundation

/// Reads `Tests/Fixtures/regimes/*.json` (written by `Tests/Fixtures/generate_regimes.py`).
let RegimesFixture = FixtureFolder("regimes")


extension FixtureFolder {
    /// The first element-wise disagreement of two matrices, or nil.
    func mismatch(_ a: [[Double]], _ b: [[Double]], relative: Double, absolute: Double = 1e-12, label: String)
        -> String?
    {
        guard a.count == b.count else { return "\(label): \(a.count) rows != \(b.count)" }
        for i in a.indices {
            if let m = Tolerance.firstMismatch(a[i], b[i], relative: relative, absolute: absolute, label: "\(label)[\(i)]") {
                return m
            }
        }
        return nil
    }
}
