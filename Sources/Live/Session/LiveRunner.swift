import Foundation

/// Drives a ``LiveSession`` from a ``BarFeed``: recovery from the journal, then bars → steps →
/// decisions until the session's duration is reached, the feed ends, the operator stops it
/// (`admf live stop`) or the process is asked to terminate.
///
/// **Recovery.** A journal that already holds records (the session ran before and was killed)
/// is replayed first: each journaled step is processed again — the same bars, the same
/// decisions, orders re-submitted under the same client ids, so none is placed twice — with
/// alerts not announced again; the feed then resumes after the last journaled bar.
///
/// **Order of writes.** A step's bars are journaled before the step is processed, and each
/// order before it is sent; a crash at any point leaves a journal whose replay reaches the
/// state the session had or was about to have.
public final class LiveRunner {
    /// The sessions fed the same steps in lockstep (a shadow run: the candidate, then its
    /// baseline); the first one's journal holds the steps and commands.
    public let sessions: [LiveSession]
    public var session: LiveSession { sessions[0] }
    let feed: BarFeed
    let journal: SessionJournal
    private var assembler: StepAssembler
    /// How often a paused session looks for `resume` or `stop` (seconds).
    public var pollInterval = 0.2
    /// Called after every processed step (progress display).
    public var onStep: ((LiveSession) -> Void)?

    public convenience init(session: LiveSession, feed: BarFeed, journal: SessionJournal) {
        self.init(sessions: [session], feed: feed, journal: journal)
    }

    public init(sessions: [LiveSession], feed: BarFeed, journal: SessionJournal) {
        precondition(!sessions.isEmpty && sessions.allSatisfy { $0.plan.symbols == sessions[0].plan.symbols })
        self.sessions = sessions
        let session = sessions[0]
        self.feed = feed
        self.journal = journal
        let history = session.history
        assembler = StepAssembler(symbols: session.plan.symbols,
                                  lastClose: history.first?.isEmpty == false ? history.map { $0.close[$0.count - 1] } : nil)
    }

    /// Runs to the end; `interrupted` is polled between steps (SIGINT/SIGTERM).
    public func run(interrupted: () -> Bool = { false }) throws -> SessionRecord {
        defer { feed.close() }
        if try recover() { return session.record }
        loop: while true {
            if interrupted() {
                try finish(with: .terminate)
                break
            }
            if let command = try journal.pendingCommand() {
                try journal.acknowledge(command, atStep: session.steps)
                switch command {
                case .pause:
                    try record(.pause, state: "paused")
                    if try waitWhilePaused(interrupted: interrupted) { break loop }
                    continue
                case .stop:
                    try finish(with: .stop)
                    break loop
                case .resume, .terminate, .flatten:
                    continue
                }
            }
            guard let bar = try feed.next() else {
                if case .step(let step)? = assembler.finish() { _ = try handle(step) }
                for session in sessions { session.record.ending = "completed" }
                break
            }
            for outcome in try assembler.add(bar) {
                switch outcome {
                case .dropped(let t, let reason):
                    session.record.dropped.append((t, reason))
                case .step(let step):
                    if try !handle(step) {
                        for session in sessions { session.record.ending = "completed" }
                        break loop
                    }
                }
            }
        }
        for session in sessions { try session.publish(state: session.record.ending) }
        return session.record
    }

    /// Journals and processes one step; false when it lies past the session's end.
    private func handle(_ step: MarketStep) throws -> Bool {
        guard step.timestamp >= session.plan.start else { return true }
        guard !session.isPastEnd(step.timestamp) else { return false }
        try journal.append(.step(step))
        for session in sessions { try session.process(step) }
        onStep?(session)
        return true
    }

    /// Replays the journal; true when it records that the session already ended (stopped).
    private func recover() throws -> Bool {
        let records = try journal.records()
        guard !records.isEmpty else { return false }
        for session in sessions { session.recovering = true }
        defer { for session in sessions { session.recovering = false } }
        var last: Int64?
        for record in records {
            if case .account(let account, let step) = record {
                for session in sessions where session.broker.isReal { session.journaledAccounts[step] = account }
            }
        }
        for record in records {
            switch record {
            case .step(let step):
                _ = try assembler.add(step.bars)
                for session in sessions { try session.process(step) }
                last = step.timestamp
            case .account:
                continue
            case .command(let command, _):
                for session in sessions { try session.apply(command) }
                if command == .stop {
                    for session in sessions { session.record.ending = "stopped" }
                    return true
                }
            }
        }
        if let last { try feed.resume(after: last) }
        return false
    }

    /// Stop or terminate: journaled, positions flattened when the policy says so.
    private func finish(with command: OperatorCommand) throws {
        try journal.append(.command(command, afterStep: session.steps))
        for session in sessions { try session.apply(command) }
        if session.plan.onStop == .flatten {
            try journal.append(.command(.flatten, afterStep: session.steps))
            for session in sessions { try session.apply(.flatten) }
        }
        for session in sessions { session.record.ending = command == .stop ? "stopped" : "terminated" }
    }

    /// Journals a pause or resume, notes it in every session's record and publishes the state.
    private func record(_ command: OperatorCommand, state: String) throws {
        try journal.append(.command(command, afterStep: session.steps))
        for session in sessions { session.record.commands.append((command, session.steps)) }
        try session.publish(state: state)
    }

    /// Blocks until `resume` (false) or `stop`/termination (true).
    private func waitWhilePaused(interrupted: () -> Bool) throws -> Bool {
        while true {
            if interrupted() {
                try finish(with: .terminate)
                return true
            }
            if let command = try journal.pendingCommand() {
                try journal.acknowledge(command, atStep: session.steps)
                switch command {
                case .resume:
                    try record(.resume, state: "running")
                    return false
                case .stop:
                    try finish(with: .stop)
                    return true
                default:
                    continue
                }
            }
            usleep(UInt32(pollInterval * 1e6))
        }
    }
}

extension StepAssembler {
    /// Feeds a whole journaled step (recovery), keeping the carried-forward closes current.
    mutating func add(_ bars: [LiveBar]) throws -> [Outcome] {
        var out: [Outcome] = []
        for bar in bars { out += try add(bar) }
        return out
    }
}
