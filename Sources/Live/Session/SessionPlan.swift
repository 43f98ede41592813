import Backtest

/// Everything a live session is told: what to trade, how to size it, how long, at what
/// allocation, and the limits that protect it.
public struct SessionPlan: Sendable {
    /// The symbols traded, in the strategy's order.
    public var symbols: [String]
    /// Fill timing (next open), delay, costs (the paper broker's), sizing, shorting, leverage cap.
    public var backtest: BacktestConfig
    public var periodsPerYear: Double
    /// The session's first bar may be no earlier than this (epoch seconds), and it ends before
    /// `start + duration` (market time). `nil` duration: until the feed ends.
    public var start: Int64
    public var durationSeconds: Int64?
    public var schedule: AllocationSchedule = .full
    public var limits: RiskLimits?
    public var rollback: RollbackRules?
    public var monitoring: MonitoringRules = MonitoringRules()
    /// What `admf live stop` and SIGTERM do with open positions.
    public var onStop: StopPolicy = .keep

    public init(symbols: [String], backtest: BacktestConfig, periodsPerYear: Double, start: Int64, durationSeconds: Int64?) {
        self.symbols = symbols
        self.backtest = backtest
        self.periodsPerYear = periodsPerYear
        self.start = start
        self.durationSeconds = durationSeconds
    }

    /// The first timestamp after the session (nil: none).
    public var end: Int64? { durationSeconds.map { start + $0 } }
}

public enum StopPolicy: String, Sendable, CaseIterable {
    /// Leave positions as they are.
    case keep
    /// Send orders that close every position at the next open.
    case flatten
}

/// The share of the strategy's sizing traded, by time since the session began: `week_1: 0.1`,
/// `week_2: 0.25` … — the allocation of stage k holds from the start of its week on.
public struct AllocationSchedule: Sendable, Equatable {
    public struct Stage: Sendable, Equatable {
        /// Seconds after the session's first bar at which the stage begins.
        public var from: Int64
        public var allocation: Double
        public var label: String

        public init(from: Int64, allocation: Double, label: String) {
            self.from = from
            self.allocation = allocation
            self.label = label
        }
    }

    /// Sorted by `from`; the first begins at 0.
    public var stages: [Stage]

    public init(stages: [Stage]) { self.stages = stages.sorted { $0.from < $1.from } }

    public static let full = AllocationSchedule(stages: [Stage(from: 0, allocation: 1, label: "full")])

    /// The stage in force `elapsed` seconds after the first bar.
    public func stage(at elapsed: Int64) -> Int {
        var k = 0
        for (i, stage) in stages.enumerated() where stage.from <= elapsed { k = i }
        return k
    }
}

/// Pre-trade limits: an order that would breach one is rejected, logged, and never sent.
public struct RiskLimits: Sendable, Equatable {
    /// Largest absolute weight of equity per symbol (after the allocation).
    public var positionLimits: [String: Double] = [:]
    /// Largest gross exposure (Σ |weight|) the orders may build.
    public var maxLeverage: Double?
    /// A bar that loses more than this share of equity halts new exposure for the session
    /// (reducing orders still go out).
    public var maxDailyLoss: Double?
    /// Where the limits came from (a risk_recommendations artifact, the configuration file, config).
    public var source: String = ""

    public init() {}
}

/// Automatic rollback during a rollout: any breach steps the allocation back one stage — or to
/// zero, flattening every position, when ``toZero`` or already at the first stage — and holds
/// it there for the rest of the session. The reason is recorded.
public struct RollbackRules: Sendable, Equatable {
    /// Drawdown of the account from its session peak.
    public var maxDrawdown: Double?
    /// Loss of a single bar, as a share of equity.
    public var maxBarLoss: Double?
    /// Annualised tracking error of live returns against the expected ones.
    public var maxTrackingError: Double?
    public var toZero = false

    public init() {}
}

/// Alert thresholds. Drift compares the session's mean per-bar return with what validation
/// measured: `z = (mean − μ) / (σ / √n)`, alerting when `|z| > driftZ` after `minBars` bars.
public struct MonitoringRules: Sendable, Equatable {
    public var realTimeAlerts = true
    public var performanceTracking = true
    public var deviationAlerts = true
    /// Validation's mean and standard deviation of per-bar returns (NaN: unknown, no drift test).
    public var expectedMean = Double.nan
    public var expectedStd = Double.nan
    public var driftZ = 2.0
    public var minBars = 10
    /// Annualised tracking error against the expected path that raises an alert.
    public var trackingErrorAlert = 0.02
    /// A drawdown beyond this raises an alert (NaN: none).
    public var drawdownAlert = Double.nan

    public init() {}
}
