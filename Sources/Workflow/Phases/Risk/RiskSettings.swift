import Analysis
import Reports

/// The risk-analysis settings of an `analysis` phase (see ``AnalysisPhase`` for the YAML).
///
/// Any of the keys `risk_analysis`, `stress_scenarios`, `shock_scenarios`,
/// `tail_risk_analysis`, `benchmark`, `risk_budget` switches risk analysis on; each part of
/// `risk_analysis` (`var_analysis`, `stress_testing`, `scenario_analysis`) defaults to true.
struct RiskSettings: Sendable {
    var varAnalysis = true
    var stressTesting = true
    var scenarioAnalysis = true
    /// Historical windows; default ``StressScenario/historical`` when `stress_scenarios` is absent.
    var scenarios: [StressScenario] = StressScenario.historical
    /// The dates of each scenario as written (`YYYY-MM-DD` or date-time).
    var scenarioText: [String: (String, String)] = [:]
    /// User shocks (`shock_scenarios`), applied after ``RiskSettings/defaultShocks``.
    var shocks: [ScenarioShock] = []
    /// VaR/CVaR confidence levels, default `[0.95, 0.99]`.
    var levels: [Double] = [0.95, 0.99]
    /// `extreme_scenario_modeling`: the GPD peaks-over-threshold fit (default true).
    var extremeModelling = true
    /// `tail_threshold_quantile`: the POT threshold as a quantile of the losses (default 0.95).
    var thresholdQuantile = 0.95
    /// `benchmark`: the buy-and-hold symbol of the stress comparison (default: the first data symbol).
    var benchmark: String?
    /// `risk_budget.daily_loss` (default 0.02) at `risk_budget.confidence` (default 0.99).
    var budgetLoss = 0.02
    var budgetConfidence = 0.99
    /// `risk_budget.stop_cvar_multiple` (default 3): the stop level as a multiple of the CVaR loss.
    var stopMultiple = 3.0

    static let keys = ["risk_analysis", "stress_scenarios", "shock_scenarios", "tail_risk_analysis", "benchmark", "risk_budget"]

    /// The named default shocks (hypothetical, first-order; symbols missing from the data are
    /// skipped): `equity_crash` SPY −20 %, QQQ −25 %, IWM −25 %, VXX/VIXY +30 %, TLT +5 %,
    /// GLD +3 %; `rate_shock` TLT −10 %, SPY −5 %, QQQ −7 %, IWM −6 %, GLD −3 %, VXX/VIXY +10 %;
    /// `uniform_down_10` every data symbol −10 %.
    static func defaultShocks(symbols: [String]) -> [ScenarioShock] {
        func keep(_ shocks: [String: Double]) -> [String: Double] { shocks.filter { symbols.contains($0.key) } }
        return [
            ScenarioShock(name: "equity_crash", shocks: keep([
                "SPY": -0.20, "QQQ": -0.25, "IWM": -0.25, "VXX": 0.30, "VIXY": 0.30, "TLT": 0.05, "GLD": 0.03])),
            ScenarioShock(name: "rate_shock", shocks: keep([
                "TLT": -0.10, "SPY": -0.05, "QQQ": -0.07, "IWM": -0.06, "GLD": -0.03, "VXX": 0.10, "VIXY": 0.10])),
            ScenarioShock(name: "uniform_down_10", shocks: Dictionary(uniqueKeysWithValues: symbols.map { ($0, -0.10) })),
        ]
    }

    /// Reads the risk keys of `config`, or `nil` when none is present.
    static func parse(_ config: ConfigNode, planning: PlanningContext) throws -> RiskSettings? {
        guard keys.contains(where: config.has) else { return nil }
        var settings = RiskSettings()
        if let flags = config.child("risk_analysis") {
            try flags.checkKeys(allowed: ["var_analysis", "stress_testing", "scenario_analysis"])
            settings.varAnalysis = try flags.optional("var_analysis") { try $0.bool() } ?? true
            settings.stressTesting = try flags.optional("stress_testing") { try $0.bool() } ?? true
            settings.scenarioAnalysis = try flags.optional("scenario_analysis") { try $0.bool() } ?? true
        }
        if let list = config.child("stress_scenarios") {
            guard settings.stressTesting else {
                throw (config.keyNode("stress_scenarios") ?? list).error("stress_scenarios are given but risk_analysis.stress_testing is false")
            }
            settings.scenarios = []
            for item in try list.sequence() {
                try item.checkKeys(allowed: ["name", "date_range"])
                let name = try item.require("name").string()
                guard !settings.scenarios.contains(where: { $0.name == name }) else {
                    throw (item.child("name") ?? item).error("stress scenario '\(name)' is listed twice")
                }
                let range = try item.require("date_range")
                let ends = try range.sequence()
                guard ends.count == 2 else {
                    throw range.error("date_range needs two dates [start, end], found \(ends.count)", hint: "e.g. [\"2020-02-01\", \"2020-04-01\"]")
                }
                let start = try ends[0].date(), end = try ends[1].date()
                // A date without a time covers its whole day (to 23:59:59 UTC).
                let last = end.hasTime ? end.epochSeconds : end.epochSeconds + 86_399
                guard last >= start.epochSeconds else {
                    throw range.error("date_range of '\(name)' ends (\(end.text)) before it starts (\(start.text))")
                }
                if let dataStart = planning.dataStart, let dataEnd = planning.dataEnd {
                    let dataLast = dataEnd.hasTime ? dataEnd.epochSeconds : dataEnd.epochSeconds + 86_399
                    if last < dataStart.epochSeconds || start.epochSeconds > dataLast {
                        throw range.error("stress scenario '\(name)' (\(start.text) … \(end.text)) lies outside the data (\(dataStart.text) … \(dataEnd.text)): no bar would fall in it",
                                          hint: "move the date_range inside the data, or widen data.start_date / data.end_date")
                    }
                }
                settings.scenarios.append(StressScenario(name: name, start: start.epochSeconds, end: last))
                settings.scenarioText[name] = (start.text, end.text)
            }
            guard !settings.scenarios.isEmpty else { throw list.error("stress_scenarios is empty") }
        }
        let defaults = defaultShocks(symbols: planning.symbols)
        if let list = config.child("shock_scenarios") {
            guard settings.scenarioAnalysis else {
                throw (config.keyNode("shock_scenarios") ?? list).error("shock_scenarios are given but risk_analysis.scenario_analysis is false")
            }
            for item in try list.sequence() {
                try item.checkKeys(allowed: ["name", "shocks"])
                let nameNode = try item.require("name")
                let name = try nameNode.string()
                guard !(defaults + settings.shocks).contains(where: { $0.name == name }) else {
                    throw nameNode.error("shock scenario '\(name)' is already defined", hint: "default shocks: \(defaults.map(\.name).joined(separator: ", "))")
                }
                var shocks: [String: Double] = [:]
                for (symbol, value) in try item.require("shocks").mapping() {
                    if !planning.symbols.isEmpty, !planning.symbols.contains(symbol) {
                        throw value.error("shock on '\(symbol)', which is not a data symbol", hint: "data symbols: \(planning.symbols.joined(separator: ", "))")
                    }
                    let shock = try value.double()
                    guard shock.isFinite, shock >= -1 else {
                        throw value.error("a shock is a simple return of at least −1 (−100 %), got \(JSONValue.format(shock))")
                    }
                    shocks[symbol] = shock
                }
                settings.shocks.append(ScenarioShock(name: name, shocks: shocks))
            }
        }
        if let tail = config.child("tail_risk_analysis") {
            try tail.checkKeys(allowed: ["confidence_levels", "extreme_scenario_modeling", "tail_threshold_quantile"])
            if let levels = tail.child("confidence_levels") {
                settings.levels = []
                for item in try levels.sequence() {
                    let level = try item.double()
                    guard level > 0, level < 1 else {
                        throw item.error("a confidence level must lie strictly between 0 and 1, got \(JSONValue.format(level))", hint: "e.g. 0.95, 0.99, 0.999")
                    }
                    if !settings.levels.contains(level) { settings.levels.append(level) }
                }
                guard !settings.levels.isEmpty else { throw levels.error("confidence_levels is empty") }
            }
            settings.extremeModelling = try tail.optional("extreme_scenario_modeling") { try $0.bool() } ?? true
            if let q = tail.child("tail_threshold_quantile") {
                settings.thresholdQuantile = try q.double()
                guard settings.thresholdQuantile >= 0.5, settings.thresholdQuantile < 1 else {
                    throw q.error("tail_threshold_quantile must be in [0.5, 1), got \(JSONValue.format(settings.thresholdQuantile))")
                }
            }
        }
        if let benchmark = config.child("benchmark") {
            let symbol = try benchmark.string()
            if !planning.symbols.isEmpty, !planning.symbols.contains(symbol) {
                throw benchmark.error("benchmark '\(symbol)' is not a data symbol", hint: "data symbols: \(planning.symbols.joined(separator: ", "))")
            }
            settings.benchmark = symbol
        }
        if let budget = config.child("risk_budget") {
            try budget.checkKeys(allowed: ["daily_loss", "confidence", "stop_cvar_multiple"])
            if let loss = budget.child("daily_loss") {
                settings.budgetLoss = try loss.double()
                guard settings.budgetLoss > 0, settings.budgetLoss < 1 else {
                    throw loss.error("risk_budget.daily_loss is a fraction of equity in (0, 1), got \(JSONValue.format(settings.budgetLoss))")
                }
            }
            if let level = budget.child("confidence") {
                settings.budgetConfidence = try level.double()
                guard settings.budgetConfidence > 0, settings.budgetConfidence < 1 else {
                    throw level.error("risk_budget.confidence must lie strictly between 0 and 1, got \(JSONValue.format(settings.budgetConfidence))")
                }
            }
            if let multiple = budget.child("stop_cvar_multiple") {
                settings.stopMultiple = try multiple.double()
                guard settings.stopMultiple > 0, settings.stopMultiple <= 100 else {
                    throw multiple.error("risk_budget.stop_cvar_multiple must be in (0, 100], got \(JSONValue.format(settings.stopMultiple))")
                }
            }
        }
        return settings
    }

    /// The shocks applied: the defaults, then `shock_scenarios`.
    func allShocks(symbols: [String]) -> [ScenarioShock] { Self.defaultShocks(symbols: symbols) + shocks }

    /// `0.95 → "95"`, `0.999 → "99.9"`: the suffix of the VaR/CVaR columns.
    static func levelKey(_ level: Double) -> String { JSONValue.format((level * 1000).rounded() / 10) }
}
