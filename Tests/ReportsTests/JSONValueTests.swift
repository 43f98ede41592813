import ADMFTestSupport
import Foundation
import Reports
import Testing

@Suite("Reports: JSON, tables, atomic files")
struct ReportsTests {
    @Test("numbers print as the shortest round-trip decimal; NaN as null; keys keep their order")
    func numbers() {
        let doc: JSONValue = .object([
            ("b", .number(0.1)), ("a", .number(3)), ("c", .number(.nan)), ("d", .number(-1e-9)),
            ("e", .array([.bool(true), .null, .string("x\"y\n")])),
        ])
        #expect(doc.serialized() == #"{"b":0.1,"a":3,"c":null,"d":-1e-09,"e":[true,null,"x\"y\n"]}"#)
        for value in [0.1 + 0.2, 1.0 / 3, 123456.789, 5e-324, 1e300] {
            #expect(Double(JSONValue.format(value)) == value)
        }
    }

    @Test("pretty printing is stable")
    func pretty() {
        let doc: JSONValue = .object([("a", .integer(1)), ("b", .object([("c", .array([.number(2), .number(3)]))]))])
        #expect(doc.serialized(pretty: true) == "{\n  \"a\": 1,\n  \"b\": {\n    \"c\": [2, 3]\n  }\n}")
    }

    @Test("text tables align columns")
    func table() {
        var table = TextTable(headers: ["metric", "value"], rightAligned: [1])
        table.append(["sharpe_ratio", "1.2345"])
        table.append(["cagr", "12.00 %"])
        #expect(table.render() == """
            metric          value
            ------------  -------
            sharpe_ratio   1.2345
            cagr          12.00 %
            """)
    }

    @Test("atomic writes leave either the old or the new file, and no temporary")
    func atomic() throws {
        let directory = try RepositoryPaths.temporaryDirectory()
        let path = directory.appendingPathComponent("sub/out.json").path
        try AtomicFile.write("one", to: path)
        try AtomicFile.write("two", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "two")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("sub").path)
        #expect(names == ["out.json"])
    }

    @Test("fixed-decimal formatting does not depend on the locale")
    func formatting() {
        #expect(BacktestReport.formatNumber(1234.5678, decimals: 2) == "1234.57")
        #expect(BacktestReport.formatNumber(-0.004, decimals: 2) == "0.00")
        #expect(BacktestReport.formatNumber(-1.5, decimals: 1) == "-1.5")
        #expect(BacktestReport.formatNumber(0.05, decimals: 3) == "0.050")
    }
}
