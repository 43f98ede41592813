import ADMFTestSupport
import Foundation
import Testing

@Suite("admf backtest / data inspect / bench ma-grid")
struct BacktestCommandTests {
    let aapl = RepositoryPaths.dataFile("aapl_daily.csv")

    @Test("--json prints one object with the promised metric keys")
    func json() throws {
        let output = try CLIRunner.run([
            "backtest", "--data", aapl, "--strategy", "momentum", "--param", "fast_period=10",
            "--param", "slow_period=40", "--from", "2005-01-01", "--to", "2012-12-31",
            "--commission-bps", "1", "--slippage-bps", "2", "--json",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        let keys = Set(object?.keys.map { $0 } ?? [])
        for key in ["total_return", "cagr", "sharpe_ratio", "sortino_ratio", "calmar_ratio", "max_drawdown",
                    "num_trades", "win_rate"] {
            #expect(keys.contains(key), "missing \(key)")
        }
        #expect((object?["start"] as? String)?.hasPrefix("2005-01") == true)
        #expect(((object?["total_commission"] as? NSNumber)?.doubleValue ?? 0) > 0)
    }

    @Test("the table names each metric")
    func table() throws {
        let output = try CLIRunner.run(["backtest", "--data", aapl, "--strategy", "sma_crossover"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("sharpe_ratio"))
        #expect(output.stdout.contains("max_drawdown"))
    }

    @Test("close fill and next-open fill differ, and both run")
    func fillModes() throws {
        let a = try CLIRunner.run(["backtest", "--data", aapl, "--strategy", "sma_crossover", "--fill", "close", "--json"])
        let b = try CLIRunner.run(["backtest", "--data", aapl, "--strategy", "sma_crossover", "--fill", "next_open", "--json"])
        #expect(a.status == 0 && b.status == 0)
        #expect(a.stdout != b.stdout)
    }

    @Test("bad input is one line naming the problem, with a non-zero exit", arguments: [
        (["backtest", "--data", "/nonexistent/x.csv", "--strategy", "momentum"], "/nonexistent/x.csv"),
        (["backtest", "--data", "DATA", "--strategy", "momentun"], "did you mean 'momentum'"),
        (["backtest", "--data", "DATA", "--strategy", "momentum", "--param", "fast_period=abc"], "fast_period"),
        (["backtest", "--data", "DATA", "--strategy", "momentum", "--param", "slow_perod=20"], "did you mean 'slow_period'"),
        (["backtest", "--data", "DATA", "--strategy", "momentum", "--param", "fast_period=0"], "outside its valid range"),
        (["backtest", "--data", "DATA", "--strategy", "momentum", "--from", "2030-01-01"], "need at least 2"),
        (["backtest", "--data", "DATA", "--strategy", "momentum", "--from", "yesterday"], "--from"),
        (["backtest", "--data", "DATA", "--strategy", "momentum", "--fill", "open"], "--fill"),
        (["backtest", "--data", "DATA", "--strategy", "momentum", "--commission-bps=-3"], "--commission-bps -3: must be a number ≥ 0"),
        (["backtest", "--data", "DATA", "--strategy", "pairs_trading"], "give --data 2 times"),
    ])
    func badInput(arguments: [String], expected: String) throws {
        let output = try CLIRunner.run(arguments.map { $0 == "DATA" ? aapl : $0 })
        #expect(output.status != 0)
        #expect(output.stderr.contains(expected), "stderr was: \(output.stderr)")
        #expect(!output.stderr.contains("Fatal error"))
    }

    @Test("a malformed data file is reported with its line")
    func malformedData() throws {
        let directory = try RepositoryPaths.temporaryDirectory()
        let path = directory.appendingPathComponent("bad.csv").path
        try "timestamp,open,high,low,close,volume\n2020-01-02,10,11,9,10,100\n2020-01-03,10,9,9.5,10,100\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let output = try CLIRunner.run(["backtest", "--data", path, "--strategy", "momentum"])
        #expect(output.status != 0)
        #expect(output.stderr.contains("bad.csv:3"), "stderr was: \(output.stderr)")
        let inspect = try CLIRunner.run(["data", "inspect", path])
        #expect(inspect.status != 0)
        #expect(inspect.stdout.contains("3"))
    }

    @Test("data inspect reports rows, range and spacing")
    func inspect() throws {
        let output = try CLIRunner.run(["data", "inspect", aapl])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("3270"))
        #expect(output.stdout.contains("2000-03-01"))
        #expect(output.stdout.contains("daily"))
    }

    @Test("bench ma-grid writes the peer-comparison document")
    func bench() throws {
        let directory = try RepositoryPaths.temporaryDirectory()
        let out = directory.appendingPathComponent("admf.json").path
        let output = try CLIRunner.run(["bench", "ma-grid", "--csv", RepositoryPaths.dataFile("ibm_daily.csv"),
                                        "--out", out, "--workers", "2", "--repeats", "1"])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any]
        #expect(object?["impl"] as? String == "admf")
        #expect((object?["combos"] as? NSNumber)?.intValue == 4263)
        #expect((object?["results"] as? [String: Any])?["2,10"] != nil)
    }

    @Test("strategies lists every strategy with its parameters")
    func strategies() throws {
        let output = try CLIRunner.run(["strategies"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("momentum"))
        #expect(output.stdout.contains("signal_threshold"))
        // the machine-learning models, with the specification's names each stands for
        #expect(output.stdout.contains("logistic_regression: ") && output.stdout.contains("the default for sklearn_model"))
        #expect(output.stdout.contains("the default for tensorflow_model") && output.stdout.contains("    hidden_units (integer"))
    }
}
