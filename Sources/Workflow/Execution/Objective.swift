import Metrics

/// The metric an optimisation ranks by (`objective:`), and its direction.
///
/// All are maximised except `max_drawdown` (a positive fraction), which is minimised.
/// Trials whose objective is not finite (e.g. no trades, so no Sharpe ratio) rank last.
public enum Objective: String, Sendable, CaseIterable {
    case sharpeRatio = "sharpe_ratio"
    case sortinoRatio = "sortino_ratio"
    case calmarRatio = "calmar_ratio"
    case totalReturn = "total_return"
    case cagr
    case maxDrawdown = "max_drawdown"
    case profitFactor = "profit_factor"
    case winRate = "win_rate"

    /// The metric's value in a summary.
    public func value(_ summary: PerformanceSummary) -> Double {
        switch self {
        case .sharpeRatio: summary.sharpeRatio
        case .sortinoRatio: summary.sortinoRatio
        case .calmarRatio: summary.calmarRatio
        case .totalReturn: summary.totalReturn
        case .cagr: summary.cagr
        case .maxDrawdown: summary.maxDrawdown
        case .profitFactor: summary.profitFactor
        case .winRate: summary.winRate
        }
    }

    /// Whether smaller values are better.
    public var minimises: Bool { self == .maxDrawdown }

    /// A score where larger is always better; −∞ for non-finite values.
    public func score(_ value: Double) -> Double {
        guard value.isFinite else { return -.infinity }
        return minimises ? -value : value
    }

    /// Ranks `(index, value)` pairs: best score first, ties by lower index.
    public func rank<T>(_ items: [T], value: (T) -> Double, index: (T) -> Int) -> [T] {
        items.sorted { a, b in
            let sa = score(value(a)), sb = score(value(b))
            if sa != sb { return sa > sb }
            return index(a) < index(b)
        }
    }
}
