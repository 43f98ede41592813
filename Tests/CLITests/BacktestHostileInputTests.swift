import ADMFTestSupport
import Foundation
import Testing

/// Small data files written once for the cases that need them.
enum HostileFiles {
    /// `DATA` in a case: the bundled AAPL file, 3,270 daily bars.
    static let aapl = RepositoryPaths.dataFile("aapl_daily.csv")

    /// A fresh directory holding `short.csv` (15 bars from 2020-01-01), `later.csv` (15 bars from
    /// 2021-01-01, no date in common with it) and `copy/aapl_daily.csv` (another AAPL file).
    static let directory: String = {
        guard let url = try? RepositoryPaths.temporaryDirectory("admf-hostile") else { return "/nonexistent" }
        let copy = url.appendingPathComponent("copy")
        try? FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        try? FileManager.default.copyItem(atPath: aapl, toPath: copy.appendingPathComponent("aapl_daily.csv").path)
        writeBars(url.appendingPathComponent("short.csv").path, start: "2020-01-01", closes: (0..<15).map { 100 + Double($0) })
        writeBars(url.appendingPathComponent("later.csv").path, start: "2021-01-01", closes: (0..<15).map { 50 + Double($0) })
        return url.path
    }()

    /// Daily bars from `start`, opening at the previous close, volume 1,000.
    static func writeBars(_ path: String, start: String, closes: [Double], opens: [Double]? = nil) {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        guard let first = formatter.date(from: start) else { return }
        var lines = ["timestamp,open,high,low,close,volume"]
        for (t, close) in closes.enumerated() {
            let open = opens?[t] ?? (t > 0 ? closes[t - 1] : close)
            let day = formatter.string(from: first.addingTimeInterval(Double(t) * 86_400))
            lines.append("\(day),\(open),\(max(open, close) * 1.01),\(min(open, close) * 0.99),\(close),1000")
        }
        try? (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Replaces the placeholders `DATA`, `SHORT`, `LATER`, `COPY` and `DIR` by paths.
    static func resolve(_ argument: String) -> String {
        switch argument {
        case "DATA": return aapl
        case "SHORT": return directory + "/short.csv"
        case "LATER": return directory + "/later.csv"
        case "COPY": return directory + "/copy/aapl_daily.csv"
        case "DIR": return RepositoryPaths.data.path
        default: return argument
        }
    }
}

/// One hostile command line and the refusal it must get.
struct HostileCase: Sendable, CustomTestStringConvertible {
    var arguments: [String]
    var status: Int32
    var message: String

    /// `admf backtest --data DATA --strategy sma_crossover` followed by `extra`.
    init(_ extra: [String], _ message: String, status: Int32 = 64) {
        self.init(full: ["backtest", "--data", "DATA", "--strategy", "sma_crossover"] + extra, message, status: status)
    }

    init(full arguments: [String], _ message: String, status: Int32 = 64) {
        self.arguments = arguments
        self.status = status
        self.message = message
    }

    var testDescription: String { arguments.dropFirst().joined(separator: " ") }
}

@Suite("admf backtest: hostile inputs are refused in one line")
struct BacktestHostileInputTests {
    static let cases: [HostileCase] = [
        // Execution delay: never an overflow trap, never longer than the data.
        HostileCase(["--delay-bars", "9223372036854775807"], "--delay-bars 9223372036854775807: longer than the data (3,270 bars)"),
        HostileCase(["--delay-bars", "5000"], "--delay-bars 5000: longer than the data (3,270 bars); use at most 3,268 with --fill next_open"),
        HostileCase(["--delay-bars", "3269"], "--delay-bars 3269: leaves no bar to fill on in the data (3,270 bars)"),
        HostileCase(["--delay-bars", "-1"], "--delay-bars -1: must be ≥ 0"),
        HostileCase(["--fill", "close", "--delay-bars", "3269", "--vol-target", "0.1", "--vol-lookback", "2"],
                    "--vol-lookback 2: leaves no bar to trade on in the data (3,270 bars); --delay-bars 3269 leaves too few bars"),
        HostileCase(["--delay-bars", "1.5"], "The value '1.5' is invalid for '--delay-bars"),
        // Volatility target and its lookback.
        HostileCase(["--vol-target", "0.15", "--vol-lookback", "5000"], "--vol-lookback 5000: longer than the data (3,270 bars); use at most 3,268"),
        HostileCase(["--vol-target", "0.15", "--vol-lookback", "1"], "--vol-lookback 1: must be at least 2"),
        HostileCase(["--vol-lookback", "30"], "--vol-lookback 30: only applies with --vol-target"),
        HostileCase(["--vol-max-leverage", "3"], "--vol-max-leverage 3: only applies with --vol-target"),
        HostileCase(["--vol-target", "15"], "--vol-target 15: must be an annualised volatility above 0 and at most 1 (a fraction: 0.15 for 15 %)"),
        HostileCase(["--vol-target", "-0.1"], "--vol-target -0.1: must be an annualised volatility above 0"),
        HostileCase(["--vol-target", "0.1", "--vol-max-leverage", "1000"], "--vol-max-leverage 1000: must be above 0 and at most 100"),
        HostileCase(["--fraction", "2", "--vol-target", "0.1"], "--fraction 2: cannot be combined with --vol-target"),
        // Market impact (its lookback is fixed at 20 bars; there is no option for it).
        HostileCase(full: ["backtest", "--data", "SHORT", "--strategy", "sma_crossover", "--param", "fast_period=2",
                           "--param", "slow_period=3", "--market-impact", "0.5"],
                    "--market-impact 0.5: the data (15 bars) is too short"),
        HostileCase(["--market-impact", "-1"], "--market-impact -1: must be between 0 and 10"),
        HostileCase(["--market-impact", "inf"], "--market-impact inf: must be between 0 and 10"),
        // Stops: a long cannot lose more than 100 %.
        HostileCase(["--stop-loss", "5"], "--stop-loss 5: must be a fraction above 0 and below 1 (0.05 exits 5 % below the entry); a long cannot lose more than 100 %"),
        HostileCase(["--stop-loss", "1"], "--stop-loss 1: must be a fraction above 0 and below 1"),
        HostileCase(["--stop-loss", "-0.05"], "--stop-loss -0.05: must be a fraction above 0 and below 1"),
        HostileCase(["--trailing-stop", "1.5"], "--trailing-stop 1.5: must be a fraction above 0 and below 1"),
        HostileCase(["--take-profit", "0"], "--take-profit 0: must be a fraction above 0 and below 10"),
        HostileCase(["--take-profit", "nan"], "--take-profit nan: must be a fraction above 0 and below 10"),
        // Costs that would fill at or below a zero price, negative or non-finite costs.
        HostileCase(["--slippage-bps", "20000"], "--slippage-bps 20000: must be below 10000 basis points (100 %): a sale would fill at or below a zero price"),
        HostileCase(["--commission-bps", "10000"], "--commission-bps 10000: must be below 10000 basis points"),
        HostileCase(["--commission-bps", "-1"], "--commission-bps -1: must be a number ≥ 0"),
        HostileCase(["--slippage-bps", "inf"], "--slippage-bps inf: must be a number ≥ 0"),
        HostileCase(["--commission-per-share", "-0.01"], "--commission-per-share -0.01: must be a number ≥ 0"),
        HostileCase(["--commission-bps", "--json"], "The value '--json' is invalid for '--commission-bps"),
        // Sizing, leverage and capital.
        HostileCase(["--fraction", "0"], "--fraction 0: must be a positive fraction of equity"),
        HostileCase(["--fraction", "-1"], "--fraction -1: must be a positive fraction of equity"),
        HostileCase(["--fraction", "nan"], "--fraction nan: must be a positive fraction of equity"),
        HostileCase(["--fraction", "1e7"], "--fraction 10000000: must be at most 1000000"),
        HostileCase(["--max-leverage", "1000"], "--max-leverage 1000: must be at most 100"),
        HostileCase(["--max-leverage", "-2"], "--max-leverage -2: must be positive"),
        HostileCase(["--capital", "0"], "--capital 0: must be a positive amount"),
        HostileCase(["--capital", "-100"], "--capital -100: must be a positive amount"),
        HostileCase(["--capital", "inf"], "--capital inf: must be a positive amount"),
        HostileCase(["--capital", "2e15"], "--capital 2e+15: must be at most 1e15"),
        HostileCase(["--financing-rate", "-0.05"], "--financing-rate -0.05: must be an annual rate between 0 and 10"),
        HostileCase(["--borrow-rate", "50"], "--borrow-rate 50: must be an annual rate between 0 and 10"),
        // Strategy parameters.
        HostileCase(["--param", "fast_period=5", "--param", "fast_period=10"], "--param fast_period: given twice (5 and 10); give each parameter once"),
        HostileCase(["--param", "fast_period"], "--param 'fast_period': must look like key=value, e.g. fast_period=10"),
        HostileCase(["--param", "=5"], "--param '=5': must look like key=value"),
        HostileCase(["--param", "fast_period="], "--param 'fast_period=': must look like key=value"),
        HostileCase(["--param", "fast_period=abc"], "--param fast_period=abc: 'abc' is not a number"),
        HostileCase(["--param", "fast_period=nan"], "--param: strategy sma_crossover: fast_period must be a finite number"),
        HostileCase(["--param", "bogus=3"], "--param: strategy sma_crossover has no parameter 'bogus'"),
        HostileCase(["--param", "fast_period=0"], "is outside its valid range"),
        // Dates.
        HostileCase(["--from", "2010-01-01", "--to", "2005-01-01"], "--from 2010-01-01: is after --to 2005-01-01"),
        HostileCase(["--from", "2030-01-01"], "--from 2030-01-01: leaves 0 bar(s) of"),
        HostileCase(["--from", "2001-01-01", "--to", "2001-01-02"], "--from/--to 2001-01-01 to 2001-01-02: leave 1 bar(s) of"),
        HostileCase(["--from", "yesterday"], "--from 'yesterday': is not a date"),
        HostileCase(["--to", "-5"], "--to '-5': is not a date"),
        // Strategy, fill and data files.
        HostileCase(full: ["backtest", "--data", "DATA", "--strategy", "nope"], "--strategy: unknown strategy 'nope'"),
        HostileCase(full: ["backtest", "--data", "DATA", "--strategy", "pairs_trading"], "--data: pairs_trading trades 2 symbols: give --data 2 times (got 1)"),
        HostileCase(["--fill", "garbage"], "--fill 'garbage': must be next_open"),
        HostileCase(full: ["backtest", "--strategy", "sma_crossover"], "--data: give at least one --data FILE"),
        HostileCase(full: ["backtest", "--data", "DIR", "--strategy", "sma_crossover"], "is a directory; give a CSV file of bars"),
        HostileCase(["--data", "DATA"], "given twice; give each file once"),
        HostileCase(["--data", "COPY"], "is symbol AAPL, like --data"),
        HostileCase(full: ["backtest", "--data", "SHORT", "--data", "LATER", "--strategy", "sma_crossover"],
                    "--data: the 2 files share 0 timestamp(s); need at least 2 in common"),
        HostileCase(full: ["backtest", "--data", "/nonexistent/x.csv", "--strategy", "sma_crossover"], "/nonexistent/x.csv", status: 1),
    ]

    @Test("refused: the exit status, one `admf:` line naming the option, nothing on standard output",
          arguments: cases)
    func refused(_ hostile: HostileCase) throws {
        let output = try CLIRunner.run(hostile.arguments.map(HostileFiles.resolve))
        #expect(output.status == hostile.status, "stderr was: \(output.stderr)")
        #expect(output.stderr.contains(hostile.message), "stderr was: \(output.stderr)")
        #expect(output.stderr.hasPrefix("admf: "), "stderr was: \(output.stderr)")
        #expect(output.stderr.split(separator: "\n").count == 1, "stderr was: \(output.stderr)")
        #expect(output.stdout.isEmpty, "stdout was: \(output.stdout)")
    }

    func json(_ arguments: [String]) throws -> [String: Any] {
        let output = try CLIRunner.run(["backtest", "--strategy", "sma_crossover", "--json"] + arguments)
        #expect(output.status == 0, "\(output.stderr)")
        return try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any] ?? [:]
    }

    /// Every summary number of a JSON report: present (not null) and finite.
    func allMetricsFinite(_ object: [String: Any]) -> Bool {
        let keys = ["total_return", "cagr", "annual_volatility", "sharpe_ratio", "sortino_ratio", "calmar_ratio",
                    "max_drawdown", "final_equity", "total_commission"]
        return keys.allSatisfy { ((object[$0] as? NSNumber)?.doubleValue)?.isFinite == true }
    }

    @Test("--fraction 1000 is held to --max-leverage: the default cap gives the fraction-1 run, 100× is ruin, never astronomical")
    func hugeFraction() throws {
        let base = ["--data", HostileFiles.aapl]
        let thousand = try json(base + ["--fraction", "1000"])
        let one = try json(base + ["--fraction", "1"])
        let totalReturn = (thousand["total_return"] as? NSNumber)?.doubleValue ?? .nan
        #expect(Tolerance.agree(totalReturn, (one["total_return"] as? NSNumber)?.doubleValue ?? 0, relative: 1e-9))
        #expect(totalReturn > -1 && totalReturn < 100)
        #expect(allMetricsFinite(thousand))

        let levered = try json(base + ["--fraction", "1000", "--max-leverage", "100"])
        let leveredReturn = (levered["total_return"] as? NSNumber)?.doubleValue ?? .nan
        #expect(leveredReturn >= -1 && leveredReturn < 1e6)
        #expect(allMetricsFinite(levered))
    }

    @Test("a per-share commission larger than the crashed price ruins the account: −100 %, the date, no null metrics")
    func commissionRuin() throws {
        let path = HostileFiles.directory + "/crash.csv"
        // Rising 100 → 129, bar 30 opens at 129 and closes at 5; the exit at bar 31's open (5)
        // pays 40 per share, more than the shares and the cash left are worth.
        let closes = (0..<40).map { $0 < 30 ? 100 + Double($0) : 5 }
        HostileFiles.writeBars(path, start: "2020-01-01", closes: closes, opens: (0..<40).map { $0 <= 30 ? 100 + Double(min($0, 29)) : 5 })
        let object = try json(["--data", path, "--param", "fast_period=2", "--param", "slow_period=5",
                               "--commission-per-share", "40"])
        #expect(object["ruin"] as? String == "2020-02-01", "ruin: \(String(describing: object["ruin"]))")
        #expect((object["total_return"] as? NSNumber)?.doubleValue == -1)
        #expect((object["final_equity"] as? NSNumber)?.doubleValue == 0)
        #expect(allMetricsFinite(object))
    }

    @Test("the table prints equity beyond Int64 (1e15 capital compounding) instead of trapping")
    func hugeEquityTable() throws {
        let path = HostileFiles.directory + "/boom.csv"
        HostileFiles.writeBars(path, start: "2020-01-01", closes: (0..<60).map { pow(1.2, Double($0)) })
        let output = try CLIRunner.run(["backtest", "--data", path, "--strategy", "sma_crossover", "--param", "fast_period=2",
                                        "--param", "slow_period=5", "--capital", "1e15"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("final_equity"))
        #expect(output.stdout.contains("e+"), "\(output.stdout)")
    }

    @Test("the longest delay the data allows still runs (with a warning that nothing traded); --help reads well")
    func edges() throws {
        let longest = try json(["--data", HostileFiles.aapl, "--delay-bars", "3268"])
        #expect((longest["num_trades"] as? NSNumber)?.intValue == 0)
        // No trade at all: a one-line warning says why the ratios are null, and the run still succeeds.
        let warned = try CLIRunner.run(["backtest", "--data", HostileFiles.aapl, "--strategy", "sma_crossover",
                                        "--delay-bars", "3268"])
        #expect(warned.status == 0)
        #expect(warned.stderr.hasPrefix("admf: warning: no trade was made"), "\(warned.stderr)")
        #expect(warned.stderr.split(separator: "\n").count == 1)
        let closeFill = try json(["--data", HostileFiles.aapl, "--delay-bars", "3269", "--fill", "close"])
        #expect((closeFill["total_return"] as? NSNumber)?.doubleValue == 0)
        let help = try CLIRunner.run(["backtest", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--commission-bps <commission-bps>"))
        #expect(help.stdout.contains("(default: 20)"))
    }
}
