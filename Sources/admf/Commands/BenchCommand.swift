import ArgumentParser
import Backtest
import Dispatch
import Foundation
import Market
import Reports

/// `admf bench …`: the benchmarks compared against the peer libraries.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Run a benchmark.", subcommands: [MAGrid.self])

    /// `admf bench ma-grid`: the moving-average grid of `../shared/bench/README.md`.
    struct MAGrid: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ma-grid",
            abstract: "Long/flat SMA crossover over the 4,263-combination grid; writes the peer-comparison JSON.",
            discussion: """
                Fast 2…50 × slow 10…200 step 2 (fast < slow), decided and filled at the close, no \
                costs. The wall time (median of --repeats runs) includes computing the moving \
                averages. Compare with: python3 ../shared/bench/compare.py OUT vbt.json
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

        func run() throws {
            let bars = try CSVBarLoader().load(path: csv)
            let spacing = BarSpacing.infer(timestamps: bars.timestamps)
            var walls: [Double] = []
            var results: [CrossoverSweep.Result] = []
            for _ in 0..<repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                results = CrossoverSweep.run(close: bars.close, grid: .benchmark,
                                             periodsPerYear: spacing.periodsPerYear, workers: workers)
                walls.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            let document = GridBenchmarkDocument.make(
                data: URL(fileURLWithPath: csv).lastPathComponent, bars: bars.count, workers: workers,
                walls: walls, results: results,
                machine: [("cpus", .integer(ProcessInfo.processInfo.activeProcessorCount))])
            try AtomicFile.write(document.serialized(), to: out)
            let median = walls.sorted()[walls.count / 2]
            let rate = Double(bars.count * results.count) / median
            emit("admf: \(results.count) combos x \(bars.count) bars in \(String(format: "%.4f", median))s "
                 + "= \(String(format: "%.3e", rate)) bar-evals/s (\(workers) worker(s)) -> \(out)")
        }
    }
}
