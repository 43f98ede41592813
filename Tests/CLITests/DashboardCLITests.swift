import ADMFTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `admf serve` during a running workflow, looked at in headless Chromium (driven over the
/// DevTools protocol by `Support/cdp_probe.py`), and its access rule. `.ci/run` installs Chromium
/// and sets ADMF_REQUIRE_CHROMIUM=1; elsewhere the browser part is skipped when Chromium is absent.
@Suite("dashboard: admf serve", .serialized)
struct DashboardCLITests {
    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Starts `admf serve ARGS` and returns it with the URL it printed (and any token line).
    func serve(_ arguments: [String]) throws -> (process: Process, url: String, lines: [String]) {
        let (process, started, _) = try CLIRunner.start(["serve", "--port", "0"] + arguments, stdout: true)
        guard let out = started else { throw CLIError("no output pipe") }
        var lines: [String] = []
        var buffer = Data()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            lines = String(decoding: buffer, as: UTF8.self).split(separator: "\n").map(String.init)
            if let line = lines.first(where: { $0.contains("dashboard at ") }),
               let url = line.split(separator: " ").first(where: { $0.hasPrefix("http://") }) {
                return (process, String(url), lines)
            }
        }
        process.terminate()
        throw CLIError("admf serve printed no URL: \(lines)")
    }

    struct CLIError: Error, CustomStringConvertible { var description: String; init(_ d: String) { description = d } }

    func get(_ url: String, method: String = "GET", bearer: String? = nil) -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        if let bearer { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result = (0, "")
        URLSession.shared.dataTask(with: request) { data, response, _ in
            result = ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data ?? Data(), as: UTF8.self))
            done.signal()
        }.resume()
        _ = done.wait(timeout: .now() + 20)
        return result
    }

    func probe(_ chromium: String, url: String, seconds: Double, expression: String, screenshot: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", RepositoryPaths.root.appendingPathComponent("Tests/CLITests/Support/cdp_probe.py").path,
                             chromium, url, String(seconds), expression, screenshot.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static var runs: Bool { chromium != nil || ProcessInfo.processInfo.environment["ADMF_REQUIRE_CHROMIUM"] == "1" }

    @Test("the run page renders in Chromium and progress arrives by server-sent events while a workflow runs",
          .enabled(if: runs, "no Chromium on this machine (.ci/run installs it)"))
    func liveProgressInChromium() throws {
        let chromium = try #require(Self.chromium, "Chromium is required here (ADMF_REQUIRE_CHROMIUM=1) but absent")
        let directory = try RepositoryPaths.temporaryDirectory("admf-dashboard")
        let config = try SlurmExecutorTests.config(in: directory)  // the 10,000-trial search: long enough to watch
        // on worker processes: the run page shows their shards
        let run = try CLIRunner.start(["run", config, "--quiet", "--workers", "2", "--executor", "processes"]).process
        defer { if run.isRunning { run.terminate() } }
        let (server, url, _) = try serve(["--runs-dir", directory.appendingPathComponent("checkpoints").path])
        defer { server.terminate() }
        var runID = ""
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, runID.isEmpty {
            let list = get(url + "api/runs").body
            if let data = list.data(using: .utf8), let runs = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]],
               let id = runs.first?["id"] as? String { runID = id }
            Thread.sleep(forTimeInterval: 0.2)
        }
        #expect(!runID.isEmpty)
        let shots = directory.appendingPathComponent("screenshots")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        let live = try probe(chromium, url: "\(url)runs/\(runID)", seconds: 3.5, expression: """
            JSON.stringify({updates: Number(document.body.dataset.updates || 0), title: document.getElementById('title').textContent,
              trials: document.querySelector('#phases tr') ? document.querySelector('#phases tr').children[4].textContent : '',
              executor: document.querySelector('#phases tr') ? document.querySelector('#phases tr').children[9].textContent : ''})
            """, screenshot: shots.appendingPathComponent("run.png"))
        let decoded = try JSONSerialization.jsonObject(with: Data(live.utf8), options: .fragmentsAllowed) as? String ?? ""
        let state = try JSONSerialization.jsonObject(with: Data(decoded.utf8)) as? [String: Any] ?? [:]
        #expect((state["updates"] as? Int ?? 0) >= 2, "server-sent events updated the page: \(live)")
        #expect(state["title"] as? String == "slurm test")
        #expect((state["trials"] as? String ?? "").hasSuffix("/ 10000"), "\(live)")
        #expect((state["executor"] as? String ?? "").hasPrefix("processes: "), "the executor column shows the shards: \(live)")
        let runs = try probe(chromium, url: url, seconds: 1.5, expression: "document.getElementById('runs').textContent",
                             screenshot: shots.appendingPathComponent("runs.png"))
        #expect(runs.contains(runID))
        run.waitUntilExit()
        let trials = try probe(chromium, url: "\(url)runs/\(runID)/phases/broad_parameter_search", seconds: 6,
                               expression: """
                                document.getElementById('rows').children.length + ' ' + document.getElementById('sub').textContent
                                  + ' | charts ' + document.getElementById('report').contentDocument.querySelectorAll('svg').length
                                  + ' | ' + Array.from(document.getElementById('report').contentDocument.querySelectorAll('h2')).map(h => h.textContent).join(',')
                                """,
                               screenshot: shots.appendingPathComponent("trials.png"))
        #expect(trials.contains("500 of 10000 trials") || trials.contains("of 10000 trials"), "\(trials)")
        // the report's views, as the static report shows them: the heat map, importance bars, full-name tables
        #expect(trials.contains("optimization_history") && trials.contains("parameter_importance"), "\(trials)")
        #expect(!trials.contains("charts 0 "), "\(trials)")
        let report = get("\(url)runs/\(runID)/phases/broad_parameter_search/report").body
        #expect(report.contains("<svg") && report.contains("parameter_importance"))
        // the executor's last word on the phase: every shard answered
        let final = get("\(url)api/runs/\(runID)").body
        #expect(final.contains("\"executor\":\"processes\""), "\(final.prefix(2000))")
        for page in ["run.png", "runs.png", "trials.png"] {
            #expect(FileManager.default.fileExists(atPath: shots.appendingPathComponent(page).path))
        }
    }

    @Test("off loopback a token is required (printed once, compared in constant time); nothing but GET is served")
    func accessRule() throws {
        let directory = try RepositoryPaths.temporaryDirectory("admf-dashboard-token")
        let (server, url, lines) = try serve(["--host", "0.0.0.0", "--runs-dir", directory.path])
        defer { server.terminate() }
        let token = try #require(lines.first { $0.contains("token (shown once):") }?.split(separator: " ").last.map(String.init))
        #expect(token.count == 64)
        #expect(get(url + "api/runs").status == 401)
        #expect(get(url + "api/runs?token=wrong").status == 401)
        #expect(get(url + "api/runs?token=\(token)").status == 200)
        #expect(get(url + "api/runs", bearer: token).status == 200)
        #expect(get(url + "api/runs?token=\(token)", method: "POST").status == 405)
        #expect(get(url + "api/runs?token=\(token)", method: "DELETE").status == 405)
        let (local, localURL, _) = try serve(["--runs-dir", directory.path])
        defer { local.terminate() }
        #expect(localURL.hasPrefix("http://127.0.0.1:"))
        #expect(get(localURL + "api/runs").status == 200)
    }
}
