import ADMFTestSupport
import Foundation
import Testing

/// `admf data inspect` and `admf backtest` on a row whose volume has thousands separators.
@Suite("admf data inspect: rows that do not match the header")
struct DataInspectCommandTests {
    /// A file whose line 3 has volume `10,807,800` written with its commas, unquoted.
    private func thousandsFile() throws -> String {
        let directory = try RepositoryPaths.temporaryDirectory()
        let path = directory.appendingPathComponent("ibm_daily.csv").path
        try """
            timestamp,open,high,low,close,volume
            2000-03-01,102,105.5,100.06,100.25,10807800
            2000-03-02,100.5,105.44,99.5,103.12,11,192,900
            2000-03-03,103,104.5,101.5,104,9500000

            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("data inspect lists the row as a problem and exits 1")
    func inspectReportsExtraFields() throws {
        let output = try CLIRunner.run(["data", "inspect", try thousandsFile()])
        #expect(output.status == 1)
        #expect(output.stdout.contains("rows        3 (2 valid, 1 invalid)"), "\(output.stdout)")
        #expect(output.stdout.contains("problems    1 in 1 rows"))
        #expect(output.stdout.contains(
            "line 3: row has 8 fields but the header has 6: is 11,192,900 one number written with thousands separators?"))
    }

    @Test("backtest refuses the file with its line, or drops the row when asked")
    func backtestRefusesOrDrops() throws {
        let path = try thousandsFile()
        let strict = try CLIRunner.run(["backtest", "--data", path, "--strategy", "sma_crossover"])
        #expect(strict.status != 0)
        #expect(strict.stderr.contains("ibm_daily.csv:3: row has 8 fields but the header has 6"), "\(strict.stderr)")
        let dropping = try CLIRunner.run(["backtest", "--data", path, "--strategy", "sma_crossover", "--drop-invalid-rows"])
        #expect(dropping.stderr.contains("dropped 1 invalid row(s); first: line 3: row has 8 fields"), "\(dropping.stderr)")
    }

    @Test("data fetch without an Alpaca key pair is one line naming the variables; nothing written")
    func fetchNeedsCredentials() throws {
        let directory = try RepositoryPaths.temporaryDirectory("admf-fetch-cli")
        let output = try CLIRunner.run(["data", "fetch", "SPY", "--start", "2024-01-01", "--end", "2024-01-31", "--out", directory.path],
                                       environment: ["APCA_API_KEY_ID": "", "APCA_API_SECRET_KEY": ""])
        #expect(output.status != 0)
        #expect(output.stderr.contains("APCA_API_KEY_ID") && output.stderr.contains("APCA_API_SECRET_KEY"), "\(output.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        let bad = try CLIRunner.run(["data", "fetch", "SPY", "--start", "yesterday", "--end", "2024-01-31"])
        #expect(bad.status != 0 && bad.stderr.contains("--start and --end must be dates"), "\(bad.stderr)")
    }
}
