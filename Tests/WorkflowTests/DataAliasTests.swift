import ADMFTestSupport
import Foundation
import Testing
import Workflow

/// `data.aliases` and the bundled ETF files: VXX is refused with VIXY named as the stand-in,
/// and read from VIXY's file only when the workflow says so.
@Suite("Data: bundled ETFs and symbol aliases")
struct DataAliasTests {
    static func fixture(_ data: String) throws -> WorkflowFixture {
        try WorkflowFixture("""
            workflow: {seed: 3, checkpointing: {checkpoint_location: "CHECKPOINTS"}}
            data: \(data)
            phases:
              - name: search
                type: optimization
                config:
                  strategies: [momentum]
                  optimization: {method: grid, parameters: {fast_period: [10], slow_period: [40]}}
                outputs: [best_parameters]
            reporting: {output_path: "REPORTS"}
            """)
    }

    @Test("a missing VXX names VIXY and the alias to write")
    func missingNamesStandIn() throws {
        let fixture = try Self.fixture(#"{symbols: ["SPY", "VXX"], path: "DATA", start_date: "2018-01-01", end_date: "2023-12-31"}"#)
        do {
            _ = try fixture.plan()
            Issue.record("VXX without an alias validated")
        } catch {
            let message = "\(error)"
            #expect(message.contains("no file for VXX"), "\(message)")
            #expect(message.contains("aliases: {VXX: VIXY}"), "\(message)")
            #expect(!message.contains("\n"))
        }
    }

    @Test("aliases: {VXX: VIXY} reads VIXY's bars under the name VXX, and the summary says so")
    func aliasLoads() throws {
        let fixture = try Self.fixture(
            #"{symbols: ["SPY", "VXX"], aliases: {VXX: VIXY}, path: "DATA", start_date: "2018-01-01", end_date: "2023-12-31"}"#)
        try fixture.run()
        #expect(try fixture.status("search") == "completed")
        let plan = try fixture.plan()
        let data = try WorkflowData.load(try #require(plan.data))
        #expect(data.full.map(\.symbol) == ["SPY", "VXX"])
        #expect(data.full[0].count == 1_509)  // 2018 … 2023 sessions, shared by both files
        let summary = try String(contentsOf: fixture.reports.appendingPathComponent("summary.html"), encoding: .utf8)
        #expect(summary.contains("VXX = VIXY"))
    }

    @Test("an alias for an unlisted symbol, or with source: csv, is refused at its key", arguments: [
        (#"{symbols: ["SPY"], aliases: {VXX: VIXY}, path: "DATA"}"#, "aliases names VXX, which is not in data.symbols"),
        (#"{symbols: ["SPY"], aliases: {SPY: spy}, path: "DATA"}"#, "SPY is an alias of itself"),
        (#"{symbols: ["SPY"], source: csv, files: {SPY: "DATA/SPY_daily.csv"}, aliases: {SPY: QQQ}}"#, "aliases is only used with a data directory"),
    ])
    func refusals(data: String, expected: String) throws {
        let fixture = try Self.fixture(data)
        do {
            _ = try fixture.plan()
            Issue.record("validated: \(data)")
        } catch {
            let message = "\(error)"
            #expect(message.contains(expected), "\(message)")
            #expect(message.contains(".yaml:"), "not located: \(message)")
        }
    }
}
