/// How much of a backtest's path the result keeps.
///
/// - ``full`` (the default): equity and returns per bar, positions and weights per symbol and
///   bar, and every trade — what reports, walk-forward stitching and PBO need.
/// - ``summary``: the metrics and the trades only (per-bar arrays left empty). An optimisation
///   trial asks for this: its metrics are accumulated in the same single pass, identical to
///   the full result's, without storing a value per bar.
public enum ResultDetail: String, Sendable, Equatable {
    case full
    case summary
}
