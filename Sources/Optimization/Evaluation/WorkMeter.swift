#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Measures the work a phase really did: CPU time of the threads that evaluated its trials.
///
/// ``ParallelEvaluator`` records, for every worker's stretch of work, the thread's CPU time
/// (`CLOCK_THREAD_CPUTIME_ID`) spent in it, and the caller thread's CPU time for the whole
/// call. A phase's busy core-seconds are then the caller thread's CPU time over the phase,
/// minus what it spent inside evaluators, plus every worker stretch — so the utilisation
/// `busy / (wall × workers)` is measured, never assumed.
public final class WorkMeter: @unchecked Sendable {
    private let lock = NSLock()
    private var workerSeconds = 0.0
    private var callerInsideSeconds = 0.0

    public init() {}

    /// CPU time of the calling thread, in seconds.
    public static func threadCPUSeconds() -> Double {
        var spec = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec) == 0 else { return 0 }
        return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
    }

    func addWorker(_ seconds: Double) { lock.withLock { workerSeconds += seconds } }
    func addCallerInside(_ seconds: Double) { lock.withLock { callerInsideSeconds += seconds } }

    /// Busy core-seconds given the caller thread's CPU seconds over the phase.
    public func busySeconds(callerThreadSeconds: Double) -> Double {
        lock.withLock { max(0, callerThreadSeconds - callerInsideSeconds) + workerSeconds }
    }
}
