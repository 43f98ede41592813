import ADMFTestSupport
import Foundation

/// Reads `Tests/Fixtures/ensembles/*.json` (written by `Tests/Fixtures/generate_ensembles.py`).
let EnsemblesFixture = FixtureFolder("ensembles")

