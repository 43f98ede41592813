#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// SIGINT / SIGTERM during `admf run`: the work in flight finishes or is rolled back, and the
/// run stops at the next checkpoint with ``Interrupted``.
///
/// The handler only records the signal (an atomic store, async-signal-safe) and restores the
/// default action, so a second Ctrl-C ends the process at once — which loses nothing either,
/// since every checkpoint is a committed transaction. Phases check ``requested`` between
/// batches of trials, walk-forward windows, regime fits and phases.
public enum Interruption {
    static let signalNumber = Atomic<Int32>(0)

    /// Installs the handlers (idempotent).
    public static func install() {
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
        // A parent may have started us with these signals blocked (the mask is inherited):
        // unblock them so they reach the handler rather than stay pending.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// The signal received, or `nil`.
    public static var requested: Int32? {
        let value = signalNumber.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }

    /// Throws ``Interrupted`` when a signal has arrived.
    public static func check() throws {
        if let signal = requested { throw Interrupted(signal: signal) }
    }

    /// For tests: as if `signal` had arrived (0 clears).
    public static func simulate(_ signal: Int32) {
        signalNumber.store(signal, ordering: .relaxed)
    }
}

private let handler: @convention(c) (Int32) -> Void = { received in
    Interruption.signalNumber.store(received, ordering: .relaxed)
    signal(received, SIG_DFL)
}

/// The run stopped on SIGINT or SIGTERM; everything committed so far is kept.
public struct Interrupted: Error, CustomStringConvertible, Sendable {
    public var signal: Int32
    public var description: String { "interrupted — run again to resume" }
    /// The shell's convention: 128 + the signal number (130 for SIGINT, 143 for SIGTERM).
    public var exitCode: Int32 { 128 + signal }
}
