import ADMFTestSupport
import Testing
@testable import Workflow

/// Paths and helpers shared by the config tests.
enum ConfigTestSupport {
    /// The 12 seed workflow files copied verbatim from the specification.
    static let seedNames = [
        "adaptive_research.yaml", "basic_multi_phase.yaml", "checkpointing.yaml",
        "data_flow_patterns.yaml", "error_handling.yaml", "institutional_research.yaml",
        "monitoring.yaml", "parallel_research.yaml", "production_deployment.yaml",
        "resource_management.yaml", "signal_transformation.yaml", "workflow_analytics.yaml",
    ]

    /// The path of a seed file under `Tests/Fixtures/seed-configs/`.
    static func seedPath(_ name: String) -> String {
        RepositoryPaths.fixture("seed-configs/\(name)")
    }

    /// Loads a seed file.
    static func seed(_ name: String) throws -> WorkflowDocument {
        try WorkflowLoader.load(path: seedPath(name))
    }

    /// The `ConfigError` loading `yaml` throws (as `test.yaml`), or `nil` when it loads.
    static func loadError(_ yaml: String, file: String = "test.yaml") -> ConfigError? {
        do {
            _ = try WorkflowLoader.load(yaml: yaml, file: file)
            return nil
        } catch let error as ConfigError {
            return error
        } catch {
            Issue.record("unexpected error type: \(error)")
            return nil
        }
    }

    /// The `ConfigError` `body` throws, or `nil`.
    static func error(_ body: () throws -> Void) -> ConfigError? {
        do {
            try body()
            return nil
        } catch let error as ConfigError {
            return error
        } catch {
            Issue.record("unexpected error type: \(error)")
            return nil
        }
    }

    /// Parses a YAML snippet into a node.
    static func node(_ yaml: String) throws -> ConfigNode {
        try ConfigReader.parse(yaml: yaml, file: "snippet.yaml")
    }
}
