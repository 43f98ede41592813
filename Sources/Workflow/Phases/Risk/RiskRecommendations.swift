import Analysis
import Market
import Metrics
import Reports

/// `risk_recommendations`: limits derived from the measured tail, by stated rules.
///
/// With the risk budget `B` (`risk_budget.daily_loss`, default 0.02 of equity per bar) at
/// confidence `c` (`risk_budget.confidence`, default 0.99), and losses as positive numbers:
/// - **tail loss** `L_c = max(−VaR_hist,c, −VaR_CF,c, q̂_GPD,c)`, the most conservative of the
///   historical, Cornish–Fisher and (when fitted and `c` is at or above its threshold level)
///   GPD estimates of the strategy's per-bar loss at `c`;
/// - **max leverage** `B / L_c`: returns scale linearly with exposure (before costs and
///   financing), so at this multiple of the analysed exposure the `c`-tail loss equals the
///   budget; null when `L_c ≤ 0` (no loss at `c`);
/// - **stop loss** `k · CVaR_c`, `k` = `risk_budget.stop_cvar_multiple` (default 3),
///   `CVaR_c = max(−CVaR_hist,c, ES_GPD,c)`: a per-position protective stop as a fraction of the
///   entry price (what ``BacktestPhase`` applies with `dynamic_risk_management`);
/// - **position limits** per data symbol `s`: `B / (−VaR_hist,c(r_s))` on its close-to-close
///   returns over the analysed bars — the largest weight (position value / equity) whose
///   `c`-tail loss stays within the budget.
enum RiskRecommendations {
    static func make(_ series: RiskSeries, settings: RiskSettings, tail: GeneralizedParetoFit?, data: WorkflowData) -> JSONValue {
        let r = series.returns.filter(\.isFinite)
        let c = settings.budgetConfidence
        let historical = -ValueAtRisk.compute(r, confidence: c)
        let cornishFisher = -CornishFisherValueAtRisk.compute(r, confidence: c)
        let gpd = tail.map { $0.status == .fitted ? $0.quantile(c) : .nan } ?? .nan
        let candidates = [("historical", historical), ("cornish_fisher", cornishFisher), ("gpd", gpd)].filter { $0.1.isFinite }
        let worst = candidates.max { $0.1 < $1.1 }
        let tailLoss = worst?.1 ?? .nan
        let leverage = tailLoss > 0 ? settings.budgetLoss / tailLoss : Double.nan
        let historicalCVaR = -ConditionalValueAtRisk.compute(r, confidence: c)
        let gpdES = tail.map { $0.status == .fitted ? $0.expectedShortfall(c) : .nan } ?? .nan
        let cvar = [historicalCVaR, gpdES].filter(\.isFinite).max() ?? .nan
        let stop = cvar > 0 ? min(1, settings.stopMultiple * cvar) : Double.nan
        let limits: [JSONValue] = data.full.map { bars in
            let symbolReturns = series.holdReturns(bars).filter(\.isFinite)
            let loss = -ValueAtRisk.compute(symbolReturns, confidence: c)
            return .object([("symbol", .string(bars.symbol)), ("var_loss", .number(loss)),
                            ("max_weight", .number(loss > 0 ? settings.budgetLoss / loss : .nan))])
        }
        let level = RiskSettings.levelKey(c)
        return .object(series.identity + [
            ("sample", .string(series.sample)),
            ("risk_budget", .object([("daily_loss", .number(settings.budgetLoss)), ("confidence", .number(c)),
                                     ("stop_cvar_multiple", .number(settings.stopMultiple))])),
            ("tail_loss", .number(tailLoss)),
            ("tail_loss_estimates", .object([("historical", .number(historical)), ("cornish_fisher", .number(cornishFisher)),
                                             ("gpd", .number(gpd))])),
            ("tail_loss_basis", .string(worst?.0 ?? "none")),
            ("max_leverage", .number(leverage)),
            ("cvar_loss", .number(cvar)),
            ("stop_loss", .number(stop)),
            ("position_limits", .array(limits)),
            ("rules", .array([
                .string("max_leverage = daily_loss / tail_loss, tail_loss = max(historical, Cornish-Fisher, GPD) \(level) % per-bar loss"),
                .string("stop_loss = stop_cvar_multiple × max(historical CVaR, GPD ES) at \(level) %, per position, fraction of entry price"),
                .string("position_limits.max_weight = daily_loss / historical \(level) % loss of the symbol's close-to-close returns"),
            ])),
        ])
    }
}
