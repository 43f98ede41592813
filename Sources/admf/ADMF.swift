import ArgumentParser
import Foundation
import Workflow

/// `admf`: the command-line entry point. Argument parsing and wiring only; the
/// work happens in the library modules.
@main
struct ADMF: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admf",
        abstract: "Adaptive Decision Making Framework: multi-phase systematic-trading research.",
        subcommands: [RunCommand.self, PlanCommand.self, ValidateCommand.self, OutputsCommand.self, StoreCommand.self, BacktestCommand.self, DataCommand.self,
                      BenchCommand.self, StrategiesCommand.self, LiveCommand.self, ServeCommand.self, WorkerCommand.self])

    /// Parses and runs a command; every failure becomes one `admf: …` line on standard
    /// error with a non-zero exit status (1 for failures, 64 for usage errors).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let interrupted as Interrupted {
            FileHandle.standardError.write(Data("admf: \(interrupted)\n".utf8))
            Foundation.exit(interrupted.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help, --version: ArgumentParser's full text on standard output.
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let message = (error is ExitCode) ? "" : oneLine(error)
            if !message.isEmpty {
                FileHandle.standardError.write(Data("admf: \(message)\n".utf8))
            }
            Foundation.exit(code.rawValue == 0 ? 1 : code.rawValue)
        }
    }

    /// The error's message on a single line (ArgumentParser's wording for usage errors).
    private static func oneLine(_ error: Error) -> String {
        let text: String
        if error is LocalizedError || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
            text = message(for: error)
        } else {
            text = String(describing: error)
        }
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " — ")
    }
}
