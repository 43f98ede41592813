import Analysis
import Metrics
import Reports

/// Value at risk and conditional value at risk of one return series, by method and level.
///
/// Every figure is a per-bar RETURN (a loss is negative), computed by the Metrics statistic
/// of the same name on exactly these returns (non-finite returns dropped):
/// - `historical`: ``ValueAtRisk`` (numpy-linear empirical quantile at `1 − c`) and
///   ``ConditionalValueAtRisk`` (mean of the `⌊(N−1)(1−c)⌋ + 1` worst returns);
/// - `gaussian`: ``GaussianValueAtRisk`` `μ + σΦ⁻¹(1−c)` and ``GaussianConditionalValueAtRisk``
///   `μ − σφ(Φ⁻¹(α))/α` (σ ddof 1);
/// - `cornish_fisher`: ``CornishFisherValueAtRisk`` (Zangari 1996) and
///   ``CornishFisherConditionalValueAtRisk`` (Boudt, Peterson & Croux 2008);
/// - `gpd` (with a fitted tail, see ``TailModel``): `−VaR_c` and `−ES_c` of the
///   peaks-over-threshold model (McNeil & Frey 2000), NaN below the threshold's level.
enum RiskMeasures {
    enum Method: String, CaseIterable {
        case historical
        case gaussian
        case cornishFisher = "cornish_fisher"
    }

    static func valueAtRisk(_ r: [Double], _ method: Method, _ c: Double) -> Double {
        switch method {
        case .historical: return ValueAtRisk.compute(r, confidence: c)
        case .gaussian: return GaussianValueAtRisk.compute(r, confidence: c)
        case .cornishFisher: return CornishFisherValueAtRisk.compute(r, confidence: c)
        }
    }

    static func conditionalValueAtRisk(_ r: [Double], _ method: Method, _ c: Double) -> Double {
        switch method {
        case .historical: return ConditionalValueAtRisk.compute(r, confidence: c)
        case .gaussian: return GaussianConditionalValueAtRisk.compute(r, confidence: c)
        case .cornishFisher: return CornishFisherConditionalValueAtRisk.compute(r, confidence: c)
        }
    }

    /// One row per method: `{series, method, var_<level>, cvar_<level>, …}` (levels in percent).
    static func table(series name: String, returns: [Double], levels: [Double], tail: GeneralizedParetoFit?) -> [JSONValue] {
        let r = returns.filter(\.isFinite)
        var rows: [JSONValue] = Method.allCases.map { method in
            var pairs: [(String, JSONValue)] = [("series", .string(name)), ("method", .string(method.rawValue))]
            for c in levels {
                let key = RiskSettings.levelKey(c)
                pairs.append(("var_\(key)", .number(valueAtRisk(r, method, c))))
                pairs.append(("cvar_\(key)", .number(conditionalValueAtRisk(r, method, c))))
            }
            return .object(pairs)
        }
        if let tail, tail.status == .fitted {
            var pairs: [(String, JSONValue)] = [("series", .string(name)), ("method", .string("gpd"))]
            for c in levels {
                let key = RiskSettings.levelKey(c)
                pairs.append(("var_\(key)", .number(-tail.quantile(c))))
                pairs.append(("cvar_\(key)", .number(-tail.expectedShortfall(c))))
            }
            rows.append(.object(pairs))
        }
        return rows
    }

    /// The distribution summary of a return series: observations, mean, annualised
    /// volatility, skewness, excess kurtosis, worst and best return, max drawdown.
    static func summary(_ returns: [Double], periodsPerYear: Double) -> JSONValue {
        let r = returns.filter(\.isFinite)
        let mean = r.isEmpty ? Double.nan : r.reduce(0, +) / Double(r.count)
        return .object([
            ("observations", .integer(r.count)), ("mean_return", .number(mean)),
            ("annual_volatility", .number(AnnualVolatility.compute(r, periodsPerYear: periodsPerYear))),
            ("skewness", .number(Skewness.compute(r))), ("excess_kurtosis", .number(Kurtosis.compute(r))),
            ("worst_return", .number(r.min())), ("best_return", .number(r.max())),
            ("max_drawdown", .number(MaxDrawdown.compute(r))),
        ])
    }
}
