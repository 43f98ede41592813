import ADMFTestSupport
import Foundation
import Testing

@Suite("admf backtest: leverage cap, financing, borrow and ruin")
struct BacktestLeverageTests {
    let aapl = RepositoryPaths.dataFile("aapl_daily.csv")

    func json(_ arguments: [String]) throws -> [String: Any] {
        let output = try CLIRunner.run(["backtest", "--data", aapl, "--strategy", "sma_crossover",
                                        "--from", "2005-01-01", "--to", "2010-12-31", "--json"] + arguments)
        #expect(output.status == 0, "\(output.stderr)")
        return try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any] ?? [:]
    }

    func number(_ object: [String: Any], _ key: String) -> Double? {
        (object[key] as? NSNumber)?.doubleValue
    }

    @Test("--help documents the three new options")
    func help() throws {
        let output = try CLIRunner.run(["backtest", "--help"])
        #expect(output.status == 0)
        for option in ["--max-leverage", "--financing-rate", "--borrow-rate", "--vol-max-leverage"] {
            #expect(output.stdout.contains(option), "missing \(option)")
        }
    }

    @Test("--json reports financing, borrow and ruin; leverage needs --max-leverage, and then pays financing")
    func financingAndBorrow() throws {
        let plain = try json([])
        #expect(number(plain, "total_financing") == 0)
        #expect(number(plain, "total_borrow_cost") == 0)
        #expect(plain.keys.contains("ruin") && plain["ruin"] is NSNull)

        // Fraction 2 is capped at 1× equity by default: the same as fraction 1.
        let capped = try json(["--fraction", "2", "--financing-rate", "0.05"])
        let single = try json(["--fraction", "1"])
        #expect((number(capped, "total_financing") ?? 1) < 1e-6)  // at most interest on rounding-level cash
        #expect(Tolerance.agree(number(capped, "final_equity") ?? 0, number(single, "final_equity") ?? 1, relative: 1e-9))

        let levered = try json(["--fraction", "2", "--max-leverage", "2", "--financing-rate", "0.05"])
        #expect((number(levered, "total_financing") ?? 0) > 0)

        let short = try json(["--param", "allow_short=1", "--borrow-rate", "0.03"])
        #expect((number(short, "total_borrow_cost") ?? 0) > 0)
    }

    @Test("out-of-range leverage and rates are one line naming the option's setting", arguments: [
        (["--max-leverage", "0"], "--max-leverage 0: must be positive"),
        (["--max-leverage=-2"], "--max-leverage -2: must be positive"),
        (["--financing-rate=-0.05"], "--financing-rate -0.05: must be an annual rate"),
        (["--borrow-rate", "inf"], "--borrow-rate inf: must be an annual rate"),
    ])
    func badRanges(arguments: [String], expected: String) throws {
        let output = try CLIRunner.run(["backtest", "--data", aapl, "--strategy", "sma_crossover"] + arguments)
        #expect(output.status != 0)
        #expect(output.stderr.contains(expected), "stderr was: \(output.stderr)")
        #expect(output.stderr.split(separator: "\n").count == 1, "stderr was: \(output.stderr)")
    }

    @Test("a levered long through a crash is ruined: −100 %, the ruin date, nothing after")
    func ruin() throws {
        let directory = try RepositoryPaths.temporaryDirectory()
        let path = directory.appendingPathComponent("crash.csv").path
        var lines = ["timestamp,open,high,low,close,volume"]
        let start = Date(timeIntervalSince1970: 1_577_836_800)  // 2020-01-01
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        for t in 0..<40 {
            let day = formatter.string(from: start.addingTimeInterval(Double(t) * 86_400))
            // Rising 100 → 129, then bar 30 opens at 129 and closes at 30.
            let open = t <= 30 ? 100 + Double(t) - (t == 30 ? 1 : 0) : 30
            let close = t < 30 ? 100 + Double(t) : 30
            lines.append("\(day),\(open),\(max(open, close) + 1),\(min(open, close) - 1),\(close),1000")
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let output = try CLIRunner.run([
            "backtest", "--data", path, "--strategy", "sma_crossover", "--param", "fast_period=2",
            "--param", "slow_period=5", "--fraction", "3", "--max-leverage", "3", "--json",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any] ?? [:]
        #expect((object["ruin"] as? String)?.hasPrefix("2020-01-31") == true, "ruin: \(String(describing: object["ruin"]))")
        #expect(number(object, "total_return") == -1)
        #expect(number(object, "final_equity") == 0)
    }

    @Test("workflow YAML: max_leverage, financing_rate and borrow_rate are accepted, and range errors are located")
    func yamlKeys() throws {
        func validate(_ settings: String) throws -> CLIRunner.Output {
            let directory = try RepositoryPaths.temporaryDirectory("admf-cli-leverage")
            let path = directory.appendingPathComponent("w.yaml").path
            try """
                workflow: {name: w, checkpointing: {checkpoint_location: "\(directory.path)/checkpoints"}}
                data: {symbols: [AAPL], path: "\(RepositoryPaths.data.path)"}
                phases:
                  - name: optimize
                    type: optimization
                    config:
                      strategies: [momentum]
                      optimization: {method: grid, parameters: {fast_period: [5]}}
                      \(settings)
                """.write(toFile: path, atomically: true, encoding: .utf8)
            return try CLIRunner.run(["validate", path])
        }
        let good = try validate("max_leverage: 2\n      financing_rate: 0.05\n      borrow_rate: 0.01")
        #expect(good.status == 0, "\(good.stderr)")
        for (settings, expected) in [
            ("max_leverage: 0", "max_leverage must be above 0"),
            ("financing_rate: -0.05", "financing_rate must be between 0 and 10"),
            ("borrow_rate: \"1%\"", "expected a number"),
        ] {
            let bad = try validate(settings)
            #expect(bad.status == 1, "\(settings): \(bad.stderr)")
            #expect(bad.stderr.contains(expected), "\(settings): \(bad.stderr)")
            #expect(bad.stderr.contains("w.yaml:9:"), "\(settings): \(bad.stderr)")
            #expect(bad.stderr.split(separator: "\n").count == 1, "\(settings): \(bad.stderr)")
        }
    }
}
