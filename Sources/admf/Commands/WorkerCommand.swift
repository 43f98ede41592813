import ArgumentParser
import Workflow

/// `admf worker`: a worker process of the processes executor (started by `admf run`, not by
/// users): evaluates shards of one search, requests on standard input, replies on standard output.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "A worker process of `admf run --executor processes` (internal).", shouldDisplay: false)

    @Option(help: "The workflow YAML file.") var config: String
    @Option(help: "The phase whose search to evaluate.") var phase: String
    @Option(help: "The phase's search.") var search: String
    @Option(help: "The coordinator's data fingerprint.") var dataFingerprint: String
    @Option(help: "The worker's address-space limit in bytes.") var memoryLimit: Int64?
    @Option(help: "The phase's input artifacts (a file the coordinator staged).") var inputs: String?
    @Flag(help: "The phase runs on its reduced parameter space.") var reducedSpace = false
    @Option(help: "The run's signal store directory.") var signals: String?
    @Option(help: "Batch mode: the directory of shard-K.json files (a Slurm array task).") var shardDir: String?
    @Option(help: "Batch mode: this task's number.") var task: Int?
    @Option(help: "Batch mode: shards per task.") var shardsPerTask: Int = 1
    @Option(help: "Batch mode: shards in the directory.") var shardCount: Int?

    func run() throws {
        var batch: TrialWorker.Batch?
        if let shardDir {
            guard let task, let shardCount else { throw ValidationError("--shard-dir needs --task and --shard-count") }
            batch = TrialWorker.Batch(directory: shardDir, task: task, perTask: shardsPerTask, count: shardCount)
        }
        let staged = try inputs.map { try String(contentsOfFile: $0, encoding: .utf8) } ?? ""
        try TrialWorker.serve(job: SearchJob(configPath: config, phase: phase, search: search, dataFingerprint: dataFingerprint,
                                             inputs: staged, reducedSpace: reducedSpace, signalDirectory: signals),
                              dataFingerprint: dataFingerprint, memoryLimitBytes: memoryLimit, batch: batch)
    }
}
