import ADMFTestSupport
import Foundation
import Reports
import Testing
import Workflow

/// `data_integration`: the bundled alternative data joined to the bars as of each bar — nothing
/// visible before the first bar after its publication — synthetic sources labelled, and the
/// files' contents part of the phase's cache key.
@Suite("data_integration: alternative data as of each bar")
struct DataIntegrationTests {
    static func yaml(data: String = "DATA", sources: String = "[\"sentiment\", \"satellite\", \"economic\"]") -> String {
        """
        workflow: {name: "alt data", seed: 3, checkpointing: {checkpoint_location: "CHECKPOINTS"}}
        data: {symbols: ["SPY"], path: "\(data)", start_date: "2015-01-02", end_date: "2018-12-31"}
        phases:
          - name: alt
            type: data_integration
            config: {data_sources: \(sources)}
            outputs: [processed_data]
        reporting: {output_path: "REPORTS"}
        """
    }

    @Test("each series is visible from the first bar after its publication; synthetic sources say so")
    func asOfJoin() throws {
        let fixture = try WorkflowFixture(Self.yaml())
        try fixture.run()
        let data = try #require(try fixture.outputs()["phases"]?["alt"]?["outputs"]?["processed_data"])
        #expect(data["contains_synthetic_data"] == .bool(true))
        let columns = try #require(data["columns"]?.arrayValue)
        func column(_ name: String) -> JSONValue? { columns.first { $0["name"]?.stringValue == name } }
        // sentiment published 2015-01-02 21:00 → first bar after it: Monday 2015-01-05
        #expect(column("sentiment.score")?["first_visible"]?.stringValue == "2015-01-05")
        #expect(column("sentiment.score")?["synthetic"] == .bool(true))
        // WTI of 2015-01-02 with the declared 7-day lag → published 2015-01-09 00:00 → first bar after: 2015-01-12
        #expect(column("economic.wti_usd")?["first_visible"]?.stringValue == "2015-01-12")
        #expect(column("economic.wti_usd")?["synthetic"] == .bool(false))
        let wti = try #require(data["values"]?["economic.wti_usd"]?.arrayValue)
        // at 2015-01-12 the newest WTI published before it is the one of 2015-01-02 (52.72)
        let spy = try String(contentsOf: RepositoryPaths.data.appendingPathComponent("SPY_daily.csv"), encoding: .utf8)
        let barDates = spy.split(separator: "\n").dropFirst().map { String($0.prefix(10)) }.filter { $0 >= "2015-01-02" && $0 <= "2018-12-31" }
        let index = try #require(barDates.firstIndex(of: "2015-01-12"))
        #expect(wti[index].doubleValue == 52.72)
        #expect(wti[index - 1].doubleValue?.isNaN == true)
        let sources = try #require(data["sources"]?.arrayValue)
        #expect(sources.first { $0["name"]?.stringValue == "satellite" }?["description"]?.stringValue?.contains("SYNTHETIC") == true)
    }

    @Test("a bad source is one located message; editing an alternative-data file changes the phase's key and the run id")
    func refusalsAndKey() throws {
        let unknown = try WorkflowFixture(Self.yaml(sources: "[\"nonexistent\"]"))
        do {
            try unknown.run()
            Issue.record("an unknown source must be refused")
        } catch {
            #expect("\(error)".contains("data source 'nonexistent': no file"), "\(error)")
        }
        // a private data folder: SPY and a copy of the sentiment file
        let folder = try RepositoryPaths.temporaryDirectory("admf-alt-data")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("alt"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: RepositoryPaths.data.appendingPathComponent("SPY_daily.csv"), to: folder.appendingPathComponent("SPY_daily.csv"))
        let sentiment = folder.appendingPathComponent("alt/sentiment.csv")
        try FileManager.default.copyItem(at: RepositoryPaths.data.appendingPathComponent("alt/sentiment.csv"), to: sentiment)
        let fixture = try WorkflowFixture(Self.yaml(data: folder.path, sources: "[\"sentiment\"]"))
        func key() throws -> String {
            let plan = try fixture.plan()
            return PhaseKeys.compute(plan: plan, dataFingerprint: "same")["alt"]?.value ?? ""
        }
        let before = try key()
        let firstRun = try fixture.run().runID
        var text = try String(contentsOf: sentiment, encoding: .utf8)
        text = text.replacingOccurrences(of: "2015-01-05,2015-01-05T21:00:00", with: "2015-01-05,2015-01-06T21:00:00")
        try text.write(to: sentiment, atomically: true, encoding: .utf8)
        #expect(try key() != before, "a later publication time is a change of the data")
        #expect(try fixture.run().runID != firstRun, "the run id covers the alternative-data files too")
        // a row published before the date it describes is refused with its line
        try (text + "2016-01-05,2016-01-04T21:00:00,0.5\n").write(to: sentiment, atomically: true, encoding: .utf8)
        do {
            try fixture.run()
            Issue.record("a publication before its date must be refused")
        } catch {
            #expect("\(error)".contains("sentiment.csv:") && "\(error)".contains("published"), "\(error)")
        }
    }

    @Test("synthetic sources are labelled downstream: the default model trained on them carries them in its lineage and its report says so")
    func syntheticDownstream() throws {
        let yaml = Self.yaml(sources: "[\"sentiment\", \"economic\"]").replacingOccurrences(of: "reporting:", with: """
              - name: model
                type: optimization
                inputs: ["alt.processed_data"]
            reporting:
            """)
        let fixture = try WorkflowFixture(yaml)
        try fixture.run()
        let phases = try #require(try fixture.outputs()["phases"])
        #expect(phases["model"]?["outputs"]?["best_models"]?["models"]?.arrayValue?.first?["mapped_from"]?.stringValue == "sklearn_model")
        let synthetic = phases["model"]?["lineage"]?["best_models"]?["synthetic_sources"]?.arrayValue?.compactMap(\.stringValue)
        #expect(synthetic == ["sentiment"])
        #expect(phases["alt"]?["lineage"]?["processed_data"]?["synthetic_sources"]?.arrayValue?.compactMap(\.stringValue) == ["sentiment"])
        let page = try String(contentsOf: fixture.reports.appendingPathComponent("model.html"), encoding: .utf8)
        #expect(page.contains("Built on synthetic data (sentiment)"))
        // real data only: no label
        let real = try WorkflowFixture(yaml.replacingOccurrences(of: "[\"sentiment\", \"economic\"]", with: "[\"economic\"]"))
        try real.run()
        #expect(try real.outputs()["phases"]?["model"]?["lineage"]?["best_models"]?["synthetic_sources"] == nil)
    }
}
