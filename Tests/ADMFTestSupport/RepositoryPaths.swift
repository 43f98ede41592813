import Foundation

/// Locations inside the repository, found from this source file's path so tests
/// run the same from any working directory.
public enum RepositoryPaths {
    /// The repository root (the folder holding `Package.swift`).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // ADMFTestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // root

    /// The bundled market data folder, `data/`.
    public static var data: URL { root.appendingPathComponent("data") }

    /// The committed reference numbers, `Tests/Fixtures/`.
    public static var fixtures: URL { root.appendingPathComponent("Tests/Fixtures") }

    /// The path of a bundled data file, e.g. `dataFile("aapl_daily.csv")`.
    public static func dataFile(_ name: String) -> String {
        data.appendingPathComponent(name).path
    }

    /// The path of a fixture file, e.g. `fixture("indicators/aapl_daily.json")`.
    public static func fixture(_ name: String) -> String {
        fixtures.appendingPathComponent(name).path
    }

    /// A fresh empty temporary directory for one test.
    public static func temporaryDirectory(_ label: String = "admf-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
