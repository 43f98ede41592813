import ArgumentParser
import Market

/// `admf data …`: look at market data files.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data", abstract: "Inspect market data.", subcommands: [Inspect.self])

    /// `admf data inspect FILE`: rows, date range, bar spacing, gaps and every problem found.
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report rows, date range, bar spacing, gaps and every problem in a CSV file.")

        @Argument(help: "CSV file with timestamp,open,high,low,close[,volume] columns.")
        var file: String

        func run() throws {
            let inspection = try DataInspector.inspect(path: file)
            emit(inspection.render())
            if !inspection.problems.isEmpty { throw ExitCode(1) }
        }
    }
}
