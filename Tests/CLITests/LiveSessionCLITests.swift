import ADMFTestSupport
import Foundation
import Testing

/// Live sessions as an operator meets them: `admf run` with a replayed feed on an accelerated
/// clock, killed, terminated, paused and stopped from another process with `admf live`.
@Suite("live sessions: SIGKILL, SIGTERM and admf live commands", .serialized)
struct LiveSessionCLITests {
    /// The golden-cross configuration validated on 2024 bars, then paper-traded for 150 days.
    static func config(in directory: URL, onStop: String = "keep") throws -> String {
        let path = directory.appendingPathComponent("live.yaml").path
        let yaml = """
            workflow:
              name: "live test"
              checkpointing: {checkpoint_location: "\(directory.appendingPathComponent("checkpoints").path)"}
            data:
              symbols: ["SPY", "QQQ"]
              start_date: "2018-01-01"
              end_date: "2024-12-31"
              path: "\(RepositoryPaths.data.path)"
            phases:
              - name: gate
                type: comprehensive_validation
                config:
                  strategy_config: "\(RepositoryPaths.root.appendingPathComponent("examples/seed/golden_cross_configuration.yaml").path)"
                  validation_tests: [out_of_sample_performance]
              - name: paper
                type: live_simulation
                inputs: ["gate.validated_strategy"]
                config:
                  duration_days: 150
                  on_stop: \(onStop)
            reporting: {output_path: "\(directory.appendingPathComponent("reports").path)"}
            """
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The paper phase's outputs, with the run-specific prefix of client order ids (a hash of
    /// the run id, which differs between the two temporary configurations) removed.
    func outputs(_ config: String) throws -> String {
        let result = try CLIRunner.run(["outputs", config, "paper", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.replacingOccurrences(of: #"admf[0-9a-f]{12}-"#, with: "admf-", options: .regularExpression)
    }

    func status(_ config: String) throws -> [String: Any] {
        let result = try CLIRunner.run(["live", "status", config, "--json"])
        guard result.status == 0, let data = result.stdout.data(using: .utf8),
              let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return json["paper"] as? [String: Any] ?? [:]
    }

    func start(_ config: String, speed: String) throws -> Process {
        try CLIRunner.start(["run", config, "--quiet", "--speed", speed]).process
    }

    /// Starts `admf run` with its standard error captured, for a test that reports it on failure.
    func startCapturing(_ config: String, speed: String) throws -> (process: Process, stderr: Pipe?) {
        let started = try CLIRunner.start(["run", config, "--quiet", "--speed", speed], stderr: true)
        return (started.process, started.stderr)
    }

    /// Polls `condition` every 50 ms for up to `seconds`.
    func wait(_ seconds: Double, until condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    @Test("a session killed with SIGKILL resumes from its journal: same outputs, no order sent twice")
    func killAndResume() throws {
        let reference = try Self.config(in: try RepositoryPaths.temporaryDirectory("admf-live-reference"))
        let clean = try CLIRunner.run(["run", reference, "--quiet", "--speed", "max"])
        #expect(clean.status == 0, "\(clean.stderr)")
        let expected = try outputs(reference)
        #expect(expected.contains("\"ending\": \"completed\""))

        let config = try Self.config(in: try RepositoryPaths.temporaryDirectory("admf-live-kill"))
        var kills = 0
        for _ in 0..<3 {
            let process = try start(config, speed: "3000000")  // 150 days ≈ 4.3 s
            // kill once the session has journaled bars beyond what earlier attempts reached
            let before = (try status(config)["steps"] as? Int) ?? 0
            _ = try wait(60) { ((try status(config)["steps"] as? Int) ?? 0) > before + 3 || !process.isRunning }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
        }
        #expect(kills >= 2)
        let final = try CLIRunner.run(["run", config, "--quiet", "--speed", "max"])
        #expect(final.status == 0, "\(final.stderr)")
        #expect(try outputs(config) == expected)
        let after = try status(config)
        #expect(after["state"] as? String == "completed")
        #expect((after["orders_recognised_on_restart"] as? Int ?? 0) > 0, "the replayed steps re-submitted their orders under the same ids")
        let sent = after["orders_sent"] as? Int ?? -1
        let listed = try JSONSerialization.jsonObject(with: Data(expected.utf8)) as? [String: Any]
        let phases = listed?["phases"] as? [String: Any]
        let paper = ((phases?["paper"] as? [String: Any])?["outputs"] as? [String: Any])?["performance_validation"] as? [String: Any]
        #expect(sent == (paper?["orders"] as? [String: Any])?["sent"] as? Int, "each order journaled once")
    }

    @Test("admf live pause, resume and stop steer a running session; stop flattens with on_stop: flatten")
    func operatorCommands() throws {
        let config = try Self.config(in: try RepositoryPaths.temporaryDirectory("admf-live-commands"), onStop: "flatten")
        let process = try start(config, speed: "1000000")  // 150 days ≈ 13 s
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        #expect(wait(60) { (try? status(config)["state"] as? String) == "running" && ((try? status(config)["steps"] as? Int) ?? 0) >= 3 })
        #expect(try CLIRunner.run(["live", "pause", config]).status == 0)
        #expect(wait(30) { (try? status(config)["state"] as? String) == "paused" })
        let held = try status(config)["steps"] as? Int
        Thread.sleep(forTimeInterval: 0.6)
        #expect(try status(config)["steps"] as? Int == held, "a paused session processes no bars")
        #expect(try CLIRunner.run(["live", "resume", config, "--phase", "paper"]).status == 0)
        #expect(wait(30) { ((try? status(config)["steps"] as? Int) ?? 0) > (held ?? 0) })
        #expect(try CLIRunner.run(["live", "stop", config]).status == 0)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let final = try status(config)
        #expect(final["state"] as? String == "stopped")
        let out = try outputs(config)
        #expect(out.contains("\"ending\": \"stopped\""))
        #expect(out.contains("\"reason\": \"flatten\""))
        let text = try CLIRunner.run(["live", "status", config])
        #expect(text.stdout.contains("paper: stopped"))
        // a command for a phase that is not live is refused with the list of live phases
        let wrong = try CLIRunner.run(["live", "stop", config, "--phase", "gate"])
        #expect(wrong.status != 0 && wrong.stderr.contains("live phases: paper"))
    }

    @Test("SIGTERM ends a session cleanly at a bar boundary (exit 143) and a rerun continues it")
    func terminateAndContinue() throws {
        let config = try Self.config(in: try RepositoryPaths.temporaryDirectory("admf-live-term"))
        let (process, stderr) = try startCapturing(config, speed: "1000000")
        #expect(wait(60) { ((try? status(config)["steps"] as? Int) ?? 0) >= 3 })
        kill(process.processIdentifier, SIGTERM)
        let message = stderr.map { String(decoding: $0.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) } ?? ""
        process.waitUntilExit()
        #expect(process.terminationStatus == 143, "\(message)")
        #expect(try status(config)["state"] as? String == "terminated")
        let rerun = try CLIRunner.run(["run", config, "--quiet", "--speed", "max"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try status(config)["state"] as? String == "completed")
        #expect(try outputs(config).contains("\"command\": \"terminate\""))
    }

    @Test("a real broker is inert without credentials: one line naming the environment variables, nothing sent")
    func realBrokerNeedsCredentials() throws {
        let directory = try RepositoryPaths.temporaryDirectory("admf-live-alpaca")
        var yaml = try String(contentsOfFile: try Self.config(in: directory), encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "duration_days: 150", with: "duration_days: 150\n      paper_trading_only: false\n      broker: {type: alpaca, url: \"http://127.0.0.1:9\"}")
        let path = directory.appendingPathComponent("alpaca.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        // Whatever this machine's environment holds, the variables are empty for this run.
        let result = try CLIRunner.run(["run", path, "--quiet", "--speed", "max"],
                                       environment: ["APCA_API_KEY_ID": "", "APCA_API_SECRET_KEY": ""])
        #expect(result.status != 0)
        #expect(result.stderr.contains("APCA_API_KEY_ID") && result.stderr.contains("APCA_API_SECRET_KEY"), "\(result.stderr)")
    }
}
