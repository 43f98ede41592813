import Backtest
import Live

/// The configuration every live phase shares (`live_simulation`, `live_trading`):
///
/// ```yaml
/// config:
///   duration_days: 30              # market days of calendar time from the session's first bar
///   start_date: "2024-01-02"       # default: the bar after the input's session, or after its research period
///   real_time_data: true           # a replayed feed paces bars on the clock (default: unpaced)
///   clock: {speed: 1000}           # replay speed, multiples of real time ("max": unpaced); admf run --speed overrides
///   feed: {type: replay}           # replay (the workflow's bars) | stdin (JSON lines) | alpaca {url, feed}
///   broker: {type: paper}          # paper (default) | alpaca {url} — only with paper_trading_only: false
///   paper_trading_only: true       # refuse any broker but the paper broker (default true)
///   monitoring: {real_time_alerts: true, performance_tracking: true, deviation_alerts: true,
///                tracking_error_alert: 0.02, drift_z: 2.0, drawdown_alert: 0.1}
///   on_stop: keep                  # keep | flatten: positions when `admf live stop` or SIGTERM ends the session
///   initial_capital: 100000
///   risk_limits: {position_limits: {SPY: 0.2}, max_leverage: 1.0, max_daily_loss: 0.03}
///   include_transaction_costs: true  # and the other backtest switches: override the validated execution
/// ```
struct LiveConfig: Sendable {
    enum Feed: Sendable, Equatable {
        case replay
        case stdin
        case connector(type: String, settings: [String: String])
    }

    var feed: Feed = .replay
    var realTime = false
    var clockSpeed: Double?
    var brokerType = "paper"
    var brokerSettings: [String: String] = [:]
    var paperOnly = true
    var durationDays: Int?
    var startDate: String?
    var realTimeAlerts = true
    var performanceTracking = true
    var deviationAlerts = true
    var trackingErrorAlert: Double?
    var driftZ: Double?
    var drawdownAlert: Double?
    var onStop: StopPolicy = .keep
    /// The backtest switches given in the phase's config (overriding the validated execution).
    var backtest: BacktestConfig?
    var initialCapital: Double?
    var riskLimits: RiskLimits?

    static let keys = ["duration_days", "start_date", "real_time_data", "clock", "feed", "broker", "paper_trading_only",
                       "monitoring", "on_stop", "initial_capital", "risk_limits"] + PhaseConfig.backtestKeys
    static let feedTypes = ["replay", "stdin", "alpaca"]
    static let brokerTypes = ["paper", "alpaca"]

    static func parse(_ config: ConfigNode?) throws -> LiveConfig {
        var live = LiveConfig()
        guard let config else { return live }
        live.durationDays = try config.optInt("duration_days", atLeast: 1)
        if let node = config.child("start_date") { live.startDate = try node.date().text }
        live.realTime = try config.optBool("real_time_data") ?? false
        if let clock = config.child("clock") {
            try clock.checkKeys(allowed: ["speed"])
            if let speed = clock.child("speed") {
                if (try? speed.string()) == "max" {
                    live.clockSpeed = .infinity
                } else {
                    let value = try speed.double()
                    try speed.ensure(value.isFinite && value > 0, "clock.speed is a multiple of real time: a positive number, or \"max\" for no pacing")
                    live.clockSpeed = value
                }
            }
        }
        if let feed = config.child("feed") {
            try feed.checkKeys(allowed: ["type", "url", "feed", "idle_timeout"])
            let type = try feed.require("type").oneOf(feedTypes)
            switch type {
            case "replay": live.feed = .replay
            case "stdin": live.feed = .stdin
            default: live.feed = .connector(type: type, settings: try scalars(feed, except: ["type"]))
            }
        }
        live.paperOnly = try config.optBool("paper_trading_only") ?? true
        if let broker = config.child("broker") {
            try broker.checkKeys(allowed: ["type", "url"])
            live.brokerType = try broker.require("type").oneOf(brokerTypes)
            live.brokerSettings = try scalars(broker, except: ["type"])
            if live.brokerType != "paper", live.paperOnly {
                throw broker.error("broker \(live.brokerType) with paper_trading_only: true (the default)",
                                   hint: "set paper_trading_only: false to send orders to \(live.brokerType), or remove broker to trade on paper")
            }
        }
        if let monitoring = config.child("monitoring") {
            try monitoring.checkKeys(allowed: ["real_time_alerts", "performance_tracking", "deviation_alerts",
                                               "tracking_error_alert", "drift_z", "drawdown_alert"])
            live.realTimeAlerts = try monitoring.optBool("real_time_alerts") ?? true
            live.performanceTracking = try monitoring.optBool("performance_tracking") ?? true
            live.deviationAlerts = try monitoring.optBool("deviation_alerts") ?? true
            live.trackingErrorAlert = try monitoring.optPositiveDouble("tracking_error_alert")
            live.driftZ = try monitoring.optPositiveDouble("drift_z")
            live.drawdownAlert = try share(monitoring, "drawdown_alert")
        }
        live.onStop = try config.optional("on_stop") { try $0.enumeration(StopPolicy.self) } ?? .keep
        live.initialCapital = try config.optPositiveDouble("initial_capital")
        if PhaseConfig.backtestKeys.contains(where: config.has) { live.backtest = try PhaseConfig.backtestConfig(config) }
        if let node = config.child("risk_limits") { live.riskLimits = try riskLimits(node) }
        return live
    }

    /// `{position_limits: {SYMBOL: share}, max_leverage, max_daily_loss}`.
    static func riskLimits(_ node: ConfigNode) throws -> RiskLimits {
        try node.checkKeys(allowed: ["position_limits", "max_leverage", "max_daily_loss"])
        var limits = RiskLimits()
        limits.source = "config"
        if let positions = node.child("position_limits") {
            for entry in try positions.entries() {
                let value = try entry.value.double()
                try entry.value.ensure(value.isFinite && value >= 0, "a position limit is a share of equity ≥ 0")
                limits.positionLimits[entry.key] = value
            }
        }
        limits.maxLeverage = try node.optPositiveDouble("max_leverage")
        limits.maxDailyLoss = try share(node, "max_daily_loss")
        return limits
    }

    /// A share in (0, 1).
    static func share(_ node: ConfigNode, _ key: String) throws -> Double? {
        try node.optional(key) { value in
            let x = try value.double()
            try value.ensure(x > 0 && x < 1, "\(key) is a share: between 0 and 1 (exclusive), e.g. 0.1 for 10 %")
            return x
        }
    }

    private static func scalars(_ node: ConfigNode, except: [String]) throws -> [String: String] {
        var out: [String: String] = [:]
        for entry in try node.entries() where !except.contains(entry.key) { out[entry.key] = try entry.value.string() }
        return out
    }
}
