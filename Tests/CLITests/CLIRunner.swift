import ADMFTestSupport
import Foundation
import Testing

/// Runs the built `admf` executable and captures its output and exit status.
struct CLIRunner {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `admf` binary next to the test bundle (SwiftPM builds it because the test target depends on it).
    static var executable: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("admf")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return RepositoryPaths.root.appendingPathComponent(".build/debug/admf")
    }

    /// A started `admf ARGUMENTS` (environment additions on top of this process's); standard
    /// output and error go to pipes when asked, else nowhere.
    static func start(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil,
                      stdout: Bool = false, stderr: Bool = false) throws -> (process: Process, stdout: Pipe?, stderr: Pipe?) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let out = stdout ? Pipe() : nil, err = stderr ? Pipe() : nil
        process.standardOutput = out ?? FileHandle.nullDevice
        process.standardError = err ?? FileHandle.nullDevice
        try process.run()
        return (process, out, err)
    }

    /// `admf outputs CONFIG --json`: the run's outputs as JSON text (expects success).
    static func outputs(_ config: String) throws -> String {
        let result = try run(["outputs", config, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    /// `admf ARGUMENTS` with one planted worker crash per search (its shard 0: the first worker
    /// to receive it aborts); each search that crashed leaves a file `<phase>.<search>` in
    /// `marks` (created here), returned sorted with the output.
    static func runCrashingOncePerSearch(_ arguments: [String], marks: URL) throws -> (output: Output, crashed: [String]) {
        try FileManager.default.createDirectory(at: marks, withIntermediateDirectories: true)
        let output = try run(arguments, environment: [
            "ADMF_WORKER_CRASH": "0", "ADMF_WORKER_CRASH_MARK": marks.appendingPathComponent("{search}").path,
        ])
        return (output, try FileManager.default.contentsOfDirectory(atPath: marks.path).sorted())
    }

    /// Starts `admf ARGUMENTS` once per delay and kills it with SIGKILL after that many seconds
    /// if it is still running; returns how many runs were killed.
    static func killRuns(_ arguments: [String], after delays: [Double]) throws -> Int {
        var kills = 0
        for delay in delays {
            let (process, _, _) = try start(arguments)
            Thread.sleep(forTimeInterval: delay)
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
        }
        return kills
    }

    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Output {
        let (process, started, failed) = try start(arguments, environment: environment, in: directory, stdout: true, stderr: true)
        guard let out = started, let err = failed else { return Output(status: -1, stdout: "", stderr: "") }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}
