import Dispatch
import Foundation
import Store

/// Publishes a phase's ``ShardStatus`` to the run store every second while the phase runs on
/// worker processes or Slurm (the dashboard's executor column), and once more when it ends.
/// Only a display: a failed write loses nothing of the run's results.
final class ExecutorMonitor: @unchecked Sendable {
    private let executor: any TrialExecutor
    private let phase: String
    private let store: RunStore
    private let run: String
    private let timer: DispatchSourceTimer
    private let lock = NSLock()
    private var last: ShardStatus?

    init(executor: any TrialExecutor, phase: String, store: RunStore, run: String) {
        self.executor = executor
        self.phase = phase
        self.store = store
        self.run = run
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "admf.executor-monitor"))
        timer.schedule(deadline: .now() + 1, repeating: 1)
        timer.setEventHandler { [weak self] in self?.publish() }
        timer.resume()
    }

    private func publish() {
        guard let status = executor.status(phase: phase) else { return }
        let changed: Bool = lock.withLock {
            defer { last = status }
            return status != last
        }
        guard changed else { return }
        try? store.publishExecutorStatus(run: run, phase: phase, json: status.json.serialized(), at: Date().timeIntervalSince1970)
    }

    /// Stops the timer after a last snapshot.
    func stop() {
        timer.cancel()
        publish()
    }
}
