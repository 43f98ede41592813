import ADMFTestSupport
import Foundation
import Testing
import Workflow

/// Inputs too large for the machine are refused at validation, naming the number and the limit.
@Suite("Limits: documents, aliases and search sizes")
struct LimitsTests {
    func refusal(_ yaml: String) -> String? {
        do {
            _ = try WorkflowPlanner.plan(try WorkflowLoader.load(yaml: yaml, file: "limits.yaml"))
            return nil
        } catch {
            return "\(error)"
        }
    }

    static func search(_ optimization: String, strategies: String = "[momentum]") -> String {
        """
        data: {symbols: ["IBM"], path: "\(RepositoryPaths.data.path)"}
        phases:
          - name: search
            type: optimization
            config:
              strategies: \(strategies)
              optimization: \(optimization)
        """
    }

    @Test("an alias bomb is refused before it expands (billion laughs)")
    func aliasBomb() throws {
        var lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for i in 1...9 { lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]") }
        let message = refusal(lines.joined(separator: "\n"))
        #expect(message?.contains("expands to more than 200000 nodes") == true, "\(message ?? "accepted")")
    }

    @Test("a document over 4 MiB is refused")
    func hugeDocument() throws {
        let yaml = "workflow: {name: x}\n# " + String(repeating: "x", count: 4 * 1024 * 1024) + "\n"
        #expect(refusal(yaml)?.contains("at most 4194304 bytes") == true)
    }

    @Test("searches too large for the machine are refused with the number and the limit", arguments: [
        ("{method: random, n_trials: 1000000000, parameters: {fast_period: [3, 50]}}", "n_trials 1000000000 is above the limit of 1000000"),
        ("{method: bayesian, n_trials: 20000000, parameters: {fast_period: [3, 50]}}", "above the limit of 100000"),
        ("{method: differential_evolution, population_size: 1000000000, parameters: {fast_period: [3, 50]}}", "population_size 1000000000 is above the limit"),
        ("{method: differential_evolution, population_size: 90000, n_generations: 900, parameters: {fast_period: [3, 50]}}", "would plan"),
        ("{method: grid, parameters: {fast_period: [\((2...101).map(String.init).joined(separator: ","))], slow_period: [\((10...209).map(String.init).joined(separator: ","))], signal_threshold: [\((1...60).map { String(Double($0) / 1000) }.joined(separator: ","))]}}", "combinations, above the limit"),
        ("{method: bayesian, parameters: {fast_period: [3.2, 3.8]}}", "contains no whole number"),
    ])
    func searchSizes(optimization: String, expected: String) throws {
        let message = refusal(Self.search(optimization))
        #expect(message?.contains(expected) == true, "\(message ?? "accepted")")
        #expect(message?.contains("limits.yaml:") == true)
    }

    @Test("validate refuses what run would", arguments: [
        ("data: {symbols: [IBM], path: DATA}\nphases: []\n", "phases is empty"),
        ("data: {symbols: [IBM], path: DATA, start_date: \"2005-01-01\", end_date: \"2005-01-01\"}\n", "equals start_date"),
        ("workflow: {checkpointing: {checkpoint_location: \"\"}}\n", "checkpoint_location is empty"),
        ("reporting: {output_path: \" \"}\n", "output_path is empty"),
    ])
    func refusedAtValidation(yaml: String, expected: String) throws {
        let message = refusal(yaml.replacingOccurrences(of: "DATA", with: RepositoryPaths.data.path))
        #expect(message?.contains(expected) == true, "\(message ?? "accepted")")
    }

    @Test("a condition on a field its output does not have is refused, with a suggestion")
    func conditionField() throws {
        let text = try String(contentsOf: RepositoryPaths.root.appendingPathComponent("examples/adaptive_research.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "market_conditions.volatility}", with: "market_conditions.volatilty}")
            .replacingOccurrences(of: "path: data", with: "path: \(RepositoryPaths.data.path)")
        let message = refusal(text)
        #expect(message?.contains("has no field 'volatilty'") == true && message?.contains("did you mean 'volatility'") == true,
                "\(message ?? "accepted")")
    }

    @Test("data checks: dates outside the data and walk-forward windows that cannot fit, located in the file")
    func dataChecks() throws {
        let base = try String(contentsOf: RepositoryPaths.root.appendingPathComponent("examples/research_methods.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "path: data", with: "path: \(RepositoryPaths.data.path)")
        func dataRefusal(_ yaml: String) -> String? {
            do {
                let plan = try WorkflowPlanner.plan(try WorkflowLoader.load(yaml: yaml, file: "data.yaml"))
                guard let data = try WorkflowPlanner.loadData(plan) else { return nil }
                try WorkflowPlanner.checkData(plan, data: data)
                return nil
            } catch {
                return "\(error)"
            }
        }
        #expect(dataRefusal(base) == nil)
        let outside = dataRefusal(base.replacingOccurrences(of: "start_date: \"2003-03-01\"", with: "start_date: \"2019-03-01\"")
            .replacingOccurrences(of: "end_date: \"2013-03-01\"", with: "end_date: \"2020-03-01\""))
        #expect(outside?.contains("data.yaml:") == true && outside?.contains("start_date") == true, "\(outside ?? "accepted")")
        let windows = dataRefusal(base.replacingOccurrences(of: "train_period_days: 504       # 2 years of trading days", with: "train_period_days: 2600"))
        #expect(windows?.contains("cannot fit one window") == true && windows?.contains("train_period_days") == true, "\(windows ?? "accepted")")
    }
}
