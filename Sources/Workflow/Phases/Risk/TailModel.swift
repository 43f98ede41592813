import Analysis
import Foundation
import Reports

/// The extreme-value model of a strategy's loss tail (`extreme_scenario_modeling`).
///
/// Losses `x = −r` of the per-bar returns; a generalized Pareto distribution is fitted by
/// maximum likelihood to the excesses over the threshold `u`, the `tail_threshold_quantile`
/// (default 0.95) of the losses (``GeneralizedParetoFit``, peaks over threshold). Reported:
/// ξ, β with standard errors `√diag(Σ)`, `N_u`, `n`, the tail quantile and expected shortfall
/// at each confidence level at or above the threshold's level `1 − N_u/n`, and the 0.999
/// quantile with its 95 % delta-method interval.
///
/// The plot compares, on 40 evenly spaced loss levels `x` from the threshold `u` up to (not
/// including) the largest loss, the empirical exceedance probability `#{loss > x}/n` with the
/// fitted one `(N_u/n)(1 + ξ(x − u)/β)^(−1/ξ)` (`(N_u/n)e^{−(x−u)/β}` at ξ = 0), on a log scale.
///
/// Reference: McNeil & Frey, J. Empirical Finance 7, 2000; Coles, "An Introduction to
/// Statistical Modeling of Extreme Values", 2001, §4.3.
enum TailModel {
    static func fit(_ returns: [Double], thresholdQuantile q: Double) -> GeneralizedParetoFit {
        GeneralizedParetoFit.fit(losses: returns.filter(\.isFinite).map { -$0 }, thresholdQuantile: q)
    }

    static func json(_ fit: GeneralizedParetoFit, thresholdQuantile q: Double, levels: [Double]) -> JSONValue {
        let se = fit.covariance.count == 3 ? [fit.covariance[0].squareRoot(), fit.covariance[2].squareRoot()] : [Double.nan, .nan]
        let interval = fit.quantileInterval(0.999, level: 0.95)
        var pairs: [(String, JSONValue)] = [
            ("status", .string(fit.status.rawValue)), ("loss_sign", .string("losses positive (−return)")),
            ("threshold_quantile", .number(q)), ("threshold", .number(fit.threshold)),
            ("exceedances", .integer(fit.exceedances)), ("observations", .integer(fit.observations)),
            ("shape_xi", .number(fit.shape)), ("shape_standard_error", .number(se[0])),
            ("scale_beta", .number(fit.scale)), ("scale_standard_error", .number(se[1])),
            ("log_likelihood", .number(fit.logLikelihood)),
            ("quantile_999", .number(fit.quantile(0.999))),
            ("quantile_999_lower_95", .number(interval.lower)), ("quantile_999_upper_95", .number(interval.upper)),
            ("expected_shortfall_999", .number(fit.expectedShortfall(0.999))),
        ]
        pairs.append(("levels", .array(levels.map { c in
            .object([("confidence", .number(c)), ("quantile", .number(fit.quantile(c))),
                     ("expected_shortfall", .number(fit.expectedShortfall(c)))])
        })))
        return .object(pairs)
    }

    /// `{losses, empirical, fitted}` for the exceedance plot (see the type's documentation).
    static func plot(_ returns: [Double], fit: GeneralizedParetoFit) -> JSONValue? {
        guard fit.status == .fitted else { return nil }
        let losses = returns.filter(\.isFinite).map { -$0 }.sorted()
        let n = Double(losses.count)
        guard let largest = losses.last, largest > fit.threshold else { return nil }
        let share = Double(losses.filter { $0 > fit.threshold }.count) / n
        let points = 40
        let levels = (0..<points).map { k in fit.threshold + (largest - fit.threshold) * Double(k) / Double(points) }
        let empirical = levels.map { x -> Double in
            // losses are sorted: count those above x
            var low = 0, high = losses.count
            while low < high {
                let mid = (low + high) / 2
                if losses[mid] > x { high = mid } else { low = mid + 1 }
            }
            return Double(losses.count - low) / n
        }
        let fitted = levels.map { x -> Double in
            let y = x - fit.threshold
            if abs(fit.shape) < 1e-12 { return share * exp(-y / fit.scale) }
            let base = 1 + fit.shape * y / fit.scale
            return base > 0 ? share * pow(base, -1 / fit.shape) : 0
        }
        return .object([("losses", .array(levels.map { .number($0) })), ("empirical", .array(empirical.map { .number($0) })),
                        ("fitted", .array(fitted.map { .number($0) }))])
    }
}
