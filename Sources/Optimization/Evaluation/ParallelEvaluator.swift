import Dispatch
import Foundation
import Market

/// Evaluates trials on several threads in deterministic batches.
///
/// Trials are taken in index order, `batchSize` at a time; a batch is spread over
/// `workers` threads, each result written to its own slot, and handed to
/// `onBatch` in index order once the whole batch is done (that is where callers
/// checkpoint). Results therefore never depend on the worker count or on thread
/// timing. Before each batch `shouldStop` is asked whether to stop early (time
/// budget, cancellation); `workersForNextBatch` may lower the worker count
/// between batches (graceful degradation under memory pressure).
///
/// ```swift
/// let evaluator = ParallelEvaluator(workers: 2, batchSize: 64)
/// try evaluator.run(trials, evaluate: { trial in score(trial) }, onBatch: { try store.save($0) })
/// ```
public struct ParallelEvaluator: Sendable {
    public var workers: Int
    public var batchSize: Int
    /// Where worker CPU time is recorded (see ``WorkMeter``), if anywhere.
    public var meter: WorkMeter?

    public init(workers: Int, batchSize: Int = 64, meter: WorkMeter? = nil) {
        self.workers = max(1, workers)
        self.batchSize = max(1, batchSize)
        self.meter = meter
    }

    /// How a run of the evaluator ended.
    public enum Outcome: Sendable, Equatable {
        case completed
        case stopped(remaining: Int)
    }

    /// Evaluates `trials` (already-completed ones should be filtered out by the caller).
    public func run<Result: Sendable>(
        _ trials: [TrialSpec],
        evaluate: @Sendable (TrialSpec) -> Result,
        onBatch: ([Result]) throws -> Void,
        shouldStop: () -> Bool = { false },
        workersForNextBatch: () -> Int? = { nil }
    ) throws -> Outcome {
        let callerStart = meter == nil ? 0 : WorkMeter.threadCPUSeconds()
        defer { meter?.addCallerInside(WorkMeter.threadCPUSeconds() - callerStart) }
        var start = 0
        var threads = workers
        while start < trials.count {
            if shouldStop() { return .stopped(remaining: trials.count - start) }
            if let limit = workersForNextBatch() { threads = max(1, min(threads, limit)) }
            let end = min(trials.count, start + batchSize)
            let batch = Array(trials[start..<end])
            var slots = [Result?](repeating: nil, count: batch.count)
            let chunks = min(threads, batch.count)
            // Workers pull the next trial from a shared counter, so slow trials (e.g. a pairs
            // strategy next to a crossover) do not leave the other workers idle.
            let counter = TrialCounter()
            let meter = self.meter
            slots.withDisjointWrites { out in
                DispatchQueue.concurrentPerform(iterations: chunks) { _ in
                    let begin = meter == nil ? 0 : WorkMeter.threadCPUSeconds()
                    while let i = counter.next(below: batch.count) {
                        out[i] = evaluate(batch[i])
                    }
                    meter?.addWorker(WorkMeter.threadCPUSeconds() - begin)
                }
            }
            try onBatch(slots.compactMap { $0 })
            start = end
        }
        return .completed
    }
}

/// A shared "next index" for workers of one batch.
final class TrialCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}
