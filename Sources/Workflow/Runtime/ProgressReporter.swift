import Foundation

/// Terminal progress: the current phase, trials done/total, ETA and best objective so far.
///
/// On a terminal one status line is redrawn in place (at most ten times a second);
/// otherwise plain log lines are written — one per phase event and one per ~10 % of
/// a phase's trials. Everything goes to standard error, so standard output stays clean
/// for results. Timing information appears here only, never in stored outputs.
public final class ProgressReporter: @unchecked Sendable {
    private let lock = NSLock()
    private let interactive: Bool
    private let quiet: Bool
    private let phaseProgress: Bool
    private let trialProgress: Bool
    private let showETA: Bool
    private var lastDraw = 0.0
    private var lastLoggedDecile = -1
    private var lastName = ""
    private var phaseStart = 0.0
    private var lineOpen = false

    /// - Parameters: the `monitoring.progress_tracking` switches: `phaseProgress` (a line per
    ///   phase), `trialProgress` (`container_progress`: trials done/total), `showETA`
    ///   (`estimated_completion`).
    public init(quiet: Bool = false, phaseProgress: Bool = true, trialProgress: Bool = true, showETA: Bool = true) {
        self.quiet = quiet
        self.phaseProgress = phaseProgress
        self.trialProgress = trialProgress
        self.showETA = showETA
        interactive = isatty(STDERR_FILENO) == 1
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    private static func now() -> Double { Date().timeIntervalSince1970 }

    /// A phase starts.
    public func phaseStarted(index: Int, total: Int, name: String, type: String, attempt: Int, reason: String? = nil) {
        lock.withLock {
            phaseStart = Self.now()
            lastLoggedDecile = -1
            guard !quiet, phaseProgress else { return }
            closeLine()
            let retry = attempt > 1 ? " (attempt \(attempt))" : ""
            let why = attempt == 1 ? reason.map { " — runs: \($0)" } ?? "" : ""
            write("[\(index)/\(total)] \(name) (\(type))\(retry)\(why)\n")
        }
    }

    /// A phase not run because its result is stored (the line `admf run` prints instead of
    /// running it).
    public func phaseReused(index: Int, total: Int, name: String, type: String, detail: String) {
        lock.withLock {
            guard !quiet, phaseProgress else { return }
            closeLine()
            write("[\(index)/\(total)] \(name) (\(type)) — \(detail)\n")
        }
    }

    /// Trials progress inside an optimisation phase.
    public func trials(name: String, done: Int, total: Int, bestObjective: Double?, objective: String) {
        let best = bestObjective.map { $0.isFinite ? String(format: "%.4f", $0) : "n/a" } ?? "n/a"
        progress(name: name, done: done, total: total, text: "trials, best \(objective) \(best)")
    }

    /// A live session's progress: bars processed and the account's equity.
    public func liveBars(name: String, done: Int, total: Int, equity: Double) {
        progress(name: name, done: done, total: total, text: "bars, equity \(String(format: "%.2f", equity))")
    }

    private func progress(name: String, done: Int, total: Int, text detail: String) {
        lock.withLock {
            guard !quiet, trialProgress, total > 0 else { return }
            let now = Self.now()
            let elapsed = now - phaseStart
            let eta = done > 0 ? elapsed / Double(done) * Double(total - done) : .nan
            let text = "  \(name): \(done)/\(total) \(detail)"
                + (showETA ? ", ETA \(Self.duration(eta))" : "")
            if interactive {
                guard now - lastDraw > 0.1 || done == total else { return }
                lastDraw = now
                write("\r\u{1B}[K" + text)
                lineOpen = true
                if done == total { closeLine() }
            } else {
                let decile = done * 10 / total
                if name != lastName {
                    lastName = name
                    lastLoggedDecile = -1
                }
                guard decile > lastLoggedDecile else { return }
                lastLoggedDecile = decile
                write(text + "\n")
            }
        }
    }

    /// A phase ends (completed, skipped, warned or failed).
    public func phaseFinished(name: String, status: String, detail: String?) {
        lock.withLock {
            guard !quiet, phaseProgress else { return }
            closeLine()
            let elapsed = Self.now() - phaseStart
            write("  \(name): \(status) in \(Self.duration(elapsed))\(detail.map { " — \($0)" } ?? "")\n")
        }
    }

    /// A free-form line (warnings, resume notes).
    public func note(_ text: String) {
        lock.withLock {
            guard !quiet else { return }
            closeLine()
            write(text + "\n")
        }
    }

    private func closeLine() {
        if lineOpen {
            write("\n")
            lineOpen = false
        }
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        if seconds < 3600 { return String(format: "%dm%02ds", Int(seconds) / 60, Int(seconds) % 60) }
        return String(format: "%dh%02dm", Int(seconds) / 3600, (Int(seconds) % 3600) / 60)
    }
}
