import ArgumentParser
import Dispatch
import Foundation
import Market
import Reports
import Store
import Workflow

/// `admf bench …`: the benchmarks compared against the peer libraries.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Run a benchmark.", subcommands: [MAGrid.self])

    /// `admf bench ma-grid`: the moving-average grid of `../shared/bench/README.md`, run as a workflow.
    struct MAGrid: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ma-grid",
            abstract: "Long/flat SMA crossover over the 4,263-combination grid, through the workflow path; writes the peer-comparison JSON.",
            discussion: """
                Fast 2…50 × slow 10…200 step 2 (fast < slow), decided and filled at the close, no \
                costs — run as a workflow optimisation phase (strategy signals → engine → metrics \
                → run store), the path every trial takes; no benchmark-only kernel. wall_s is the \
                median of --repeats whole runs (data loading, planning, the phase, the store); \
                phase_wall_s the phase alone. Compare with: python3 ../shared/bench/compare.py OUT vbt.json
                """)

        @Option(help: "CSV file of bars (e.g. ../shared/data/sp500_daily.csv).")
        var csv: String

        @Option(help: "Where to write the JSON result document.")
        var out: String

        @Option(help: "Worker threads (default: all cores).")
        var workers: Int = ProcessInfo.processInfo.activeProcessorCount

        @Option(help: "Timed repetitions; the median is reported.")
        var repeats: Int = 5

        func validate() throws {
            guard workers >= 1 else { throw ValidationError("--workers must be at least 1, got \(workers)") }
            guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
        }

        /// The peers' grid as a workflow on `csv`, with its store under `directory`.
        static func workflow(csv: String, directory: URL) -> String {
            let fast = (2...50).map(String.init).joined(separator: ", ")
            let slow = stride(from: 10, through: 200, by: 2).map(String.init).joined(separator: ", ")
            return """
                workflow:
                  name: "ma grid benchmark"
                  checkpointing: {checkpoint_location: "\(directory.appendingPathComponent("store").path)"}
                data:
                  symbols: ["BENCH"]
                  source: csv
                  files: {BENCH: "\(csv)"}
                phases:
                  - name: grid
                    type: optimization
                    config:
                      strategies: [sma_crossover]
                      data_split: full
                      fill: close
                      optimization:
                        method: grid
                        parameters: {fast_period: [\(fast)], slow_period: [\(slow)]}
                        objective: sharpe_ratio
                    outputs: [best_parameters]
                reporting: {output_path: "\(directory.appendingPathComponent("reports").path)", include_phase_reports: false, generate_summary_report: false}
                """
        }

        func run() throws {
            var walls: [Double] = [], phaseWalls: [Double] = []
            var results: [GridBenchmarkDocument.Entry] = []
            var bars = 0
            for _ in 0..<repeats {
                let directory = FileManager.default.temporaryDirectory.appendingPathComponent("admf-bench-\(getpid())-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: directory) }
                let config = directory.appendingPathComponent("ma_grid.yaml").path
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try Self.workflow(csv: csv, directory: directory).write(toFile: config, atomically: true, encoding: .utf8)
                let start = DispatchTime.now().uptimeNanoseconds
                let plan = try WorkflowPlanner.plan(try WorkflowLoader.load(path: config), options: .init(workers: workers))
                _ = try WorkflowRunner(plan: plan, options: RunOptions(workers: workers, quiet: true)).run()
                walls.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                let (store, runID, data, _) = try WorkflowRunner.open(plan: plan, create: false)
                bars = data.full.first?.count ?? 0
                if let phase = try store.phase(run: runID, name: "grid"), let begin = phase.startedAt, let end = phase.finishedAt {
                    phaseWalls.append(end - begin)
                }
                results = try store.trials(run: runID, phase: "grid").map { record in
                    let parameters = try JSONValue.parse(record.parameters)["parameters"]
                    let metrics = try JSONValue.parse(record.metrics)
                    return GridBenchmarkDocument.Entry(
                        fast: parameters?["fast_period"]?.intValue ?? 0, slow: parameters?["slow_period"]?.intValue ?? 0,
                        totalReturn: metrics["total_return"]?.doubleValue ?? .nan, sharpeRatio: metrics["sharpe_ratio"]?.doubleValue ?? .nan)
                }
            }
            let document = GridBenchmarkDocument.make(
                data: URL(fileURLWithPath: csv).lastPathComponent, bars: bars, workers: workers,
                walls: walls, phaseWalls: phaseWalls, results: results,
                machine: [("cpus", .integer(ProcessInfo.processInfo.activeProcessorCount))])
            try AtomicFile.write(document.serialized(), to: out)
            let median = GridBenchmarkDocument.median(walls)
            let rate = Double(bars * results.count) / median
            emit("admf: \(results.count) combos x \(bars) bars in \(String(format: "%.4f", median))s whole run "
                 + "(phase \(String(format: "%.4f", GridBenchmarkDocument.median(phaseWalls)))s) "
                 + "= \(String(format: "%.3e", rate)) bar-evals/s (\(workers) worker(s)) -> \(out)")
        }
    }
}
