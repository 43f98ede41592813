import ADMFTestSupport
import Foundation
import Testing

/// Signals, concurrent runs, damaged artifacts and stale files: nothing is lost, nothing repeated,
/// nothing reported from a damaged store.
@Suite("Damaged or shared state", .serialized)
struct DamagedStateTests {
    func sqlite(_ database: String, _ sql: String) throws {
        // GRDB's SQLite through a tiny helper would need a target; the sqlite3 shell may be missing, so use python3.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()", database, sql]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test("SIGINT and SIGTERM stop at a checkpoint with 130/143 and one line; the rerun equals an uninterrupted run")
    func signals() throws {
        let reference = try KillResumeTests.config(in: try RepositoryPaths.temporaryDirectory("admf-signal-reference"))
        #expect(try CLIRunner.run(["run", reference, "--quiet", "--workers", "1"]).status == 0)
        let expected = try CLIRunner.outputs(reference)
        for (signal, code) in [(SIGINT, Int32(130)), (SIGTERM, Int32(143))] {
            let config = try KillResumeTests.config(in: try RepositoryPaths.temporaryDirectory("admf-signal"))
            let process = Process()
            process.executableURL = CLIRunner.executable
            process.arguments = ["run", config, "--quiet", "--workers", "1"]
            let err = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = err
            try process.run()
            Thread.sleep(forTimeInterval: 0.8)
            let stillRunning = process.isRunning
            kill(process.processIdentifier, signal)
            let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            if stillRunning {
                #expect(process.terminationStatus == code, "\(text)")
                #expect(text.contains("interrupted — run again to resume"))
            }
            #expect(try CLIRunner.run(["run", config, "--quiet"]).status == 0)
            #expect(try CLIRunner.outputs(config) == expected)
        }
    }

    @Test("a second admf run on the same store waits for the first, then repeats nothing")
    func concurrentRuns() throws {
        let config = try KillResumeTests.config(in: try RepositoryPaths.temporaryDirectory("admf-concurrent"))
        let first = Process()
        first.executableURL = CLIRunner.executable
        first.arguments = ["run", config, "--quiet", "--workers", "1"]
        first.standardOutput = FileHandle.nullDevice
        first.standardError = FileHandle.nullDevice
        try first.run()
        Thread.sleep(forTimeInterval: 0.4)
        let second = try CLIRunner.run(["run", config, "--workers", "1"])
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("waiting for it to finish") || !second.stderr.contains("resuming"))
        #expect(!second.stderr.contains("resuming an interrupted run"))
        #expect(second.stderr.contains("already completed"))
    }

    @Test("an edited or corrupted artifact is detected by name; run recomputes it and its dependents")
    func damagedArtifact() throws {
        let directory = try RepositoryPaths.temporaryDirectory("admf-damaged")
        let config = try KillResumeTests.config(in: directory)
        #expect(try CLIRunner.run(["run", config, "--quiet"]).status == 0)
        let expected = try CLIRunner.outputs(config)
        let store = directory.appendingPathComponent("checkpoints/run.sqlite").path
        for edit in ["UPDATE artifact SET json = '{not json' WHERE phase = 'search' AND name = 'best_parameters'",
                     "UPDATE artifact SET json = replace(json, '1', '2') WHERE phase = 'analyse' AND name = 'risk_assessment'"] {
            try sqlite(store, edit)
            let refused = try CLIRunner.run(["outputs", config, "--json"])
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("is damaged") && refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
            let rerun = try CLIRunner.run(["run", config])
            #expect(rerun.status == 0, "\(rerun.stderr)")
            #expect(rerun.stderr.contains("damaged"))
            #expect(try CLIRunner.outputs(config) == expected)
        }
    }

    @Test("report temp files left by a killed writer are removed by the next run")
    func staleTemporaryFiles() throws {
        let directory = try RepositoryPaths.temporaryDirectory("admf-stale")
        let config = try KillResumeTests.config(in: directory)
        let reports = directory.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: reports.appendingPathComponent("search"), withIntermediateDirectories: true)
        // A pid that cannot be running (above the kernel's pid_max default range).
        let stale = [reports.appendingPathComponent(".summary.html.tmp-99999999"),
                     reports.appendingPathComponent("search/.best_parameters.json.tmp-99999998")]
        for file in stale { try "half".write(to: file, atomically: false, encoding: .utf8) }
        #expect(try CLIRunner.run(["run", config, "--quiet"]).status == 0)
        for file in stale { #expect(!FileManager.default.fileExists(atPath: file.path)) }
    }

    @Test("a store location that cannot be created is one plain line, not an NSError dump")
    func unwritableLocation() throws {
        let directory = try RepositoryPaths.temporaryDirectory("admf-unwritable")
        let blocker = directory.appendingPathComponent("file")
        try "x".write(to: blocker, atomically: true, encoding: .utf8)
        let config = try KillResumeTests.config(in: directory)
        var yaml = try String(contentsOfFile: config, encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: directory.appendingPathComponent("checkpoints").path, with: blocker.appendingPathComponent("store").path)
        try yaml.write(toFile: config, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["run", config, "--quiet"])
        #expect(result.status != 0)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains(blocker.path) && !result.stderr.contains("Error Domain"), "\(result.stderr)")
    }
}
