import Backtest
import Reports
import Strategies

/// Readers shared by the phase types' configurations.
enum PhaseConfig {
    /// Refuses keys that ADMF recognises from the specification but cannot honour yet,
    /// naming the key and its line.
    static func refuseUnsupported(_ node: ConfigNode, _ keys: [String: String]) throws {
        for key in node.keys.sorted() {
            if let why = keys[key], let located = node.keyNode(key) {
                throw located.error("'\(key)' is not supported yet", hint: why)
            }
        }
    }

    /// `data_split: train | test | full`.
    static func segment(_ node: ConfigNode?, default fallback: DataSegment) throws -> DataSegment {
        guard let value = node?.child("data_split") else { return fallback }
        return try value.enumeration(DataSegment.self)
    }

    /// The cost, impact and delay switches of the specification:
    /// `include_transaction_costs` (1 bp commission + 2 bp slippage), `include_market_impact`
    /// (square-root impact, η = 1) and `realistic_execution_delays` (one extra bar); and the
    /// account's `max_leverage` (default 1, > 0), `financing_rate` and `borrow_rate`
    /// (annual fractions ≥ 0, e.g. `0.05`; default 0), see ``BacktestConfig``.
    static func backtestConfig(_ node: ConfigNode?, fill: FillTiming = .nextOpen) throws -> BacktestConfig {
        var config = BacktestConfig()
        config.fill = fill
        if let node {
            if try node.optional("include_transaction_costs", { try $0.bool() }) == true { config.costs = .standard }
            if try node.optional("include_market_impact", { try $0.bool() }) == true {
                config.costs.marketImpact = MarketImpact()
            }
            if try node.optional("realistic_execution_delays", { try $0.bool() }) == true { config.delayBars = 1 }
            if let fillNode = node.child("fill") { config.fill = try fillNode.enumeration(FillTiming.self) }
            if let leverage = node.child("max_leverage") {
                config.maxLeverage = try leverage.double()
                guard config.maxLeverage > 0, config.maxLeverage <= 100 else {
                    throw leverage.error("max_leverage must be above 0 and at most 100, got \(JSONValue.format(config.maxLeverage))",
                                         hint: "1 means no borrowing; 2 allows gross exposure of twice equity; at 100 a 1 % move wipes out the account")
                }
            }
            config.financingRate = try annualRate(node, "financing_rate") ?? 0
            config.borrowRate = try annualRate(node, "borrow_rate") ?? 0
        }
        return config
    }

    /// An optional annual rate: a finite number ≥ 0.
    private static func annualRate(_ node: ConfigNode, _ key: String) throws -> Double? {
        guard let child = node.child(key) else { return nil }
        let rate = try child.double()
        guard rate >= 0, rate <= 10 else {
            throw child.error("\(key) must be between 0 and 10, got \(JSONValue.format(rate))", hint: "an annual fraction, e.g. 0.05 for 5 %")
        }
        return rate
    }

    static let backtestKeys = [
        "include_transaction_costs", "include_market_impact", "realistic_execution_delays", "fill",
        "max_leverage", "financing_rate", "borrow_rate",
    ]

    /// A `strategies:` list: names, or mappings `{type, optimization_target, parameters}`;
    /// `lookup` finds a name's definition (the strategy registry, or the ``MLModel`` catalogue).
    static func strategies(_ node: ConfigNode, lookup: (String) throws -> StrategyDefinition = StrategyRegistry.strategy(named:))
        throws -> [(definition: StrategyDefinition, target: Bool, fixed: [String: Double], node: ConfigNode)] {
        var result: [(StrategyDefinition, Bool, [String: Double], ConfigNode)] = []
        for item in try node.sequence() {
            var name: String
            var target = true
            var fixed: [String: Double] = [:]
            if item.isMapping {
                try item.checkKeys(allowed: ["type", "optimization_target", "parameters"])
                name = try item.require("type").string()
                target = try item.optional("optimization_target") { try $0.bool() } ?? true
                if let parameters = item.child("parameters") {
                    for (key, value) in try parameters.mapping() { fixed[key] = try value.double() }
                }
            } else {
                name = try item.string()
            }
            let nameNode = item.child("type") ?? item
            let definition: StrategyDefinition
            do {
                definition = try lookup(name)
            } catch {
                throw nameNode.error("\(error)")
            }
            if !fixed.isEmpty {
                do {
                    _ = try definition.resolve(fixed)
                } catch {
                    throw (item.child("parameters") ?? item).error("\(error)")
                }
            }
            result.append((definition, target, fixed, item))
        }
        guard !result.isEmpty else { throw node.error("the strategies list is empty") }
        return result
    }
}
