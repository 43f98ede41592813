/// Technical indicators over contiguous `[Double]` series, in batch and incremental form.
///
/// Every batch function returns an array as long as its input, with NaN during the
/// warm-up exactly where the TA-Lib Python wrapper gives NaN, and agrees with TA-Lib
/// (0.8.x) to 1e-9 relative on real data (see `Tests/Fixtures/generate_indicators.py`).
/// Each indicator also has a value type (`SMAState`, `RSIState`, ...) that consumes one
/// bar at a time; the batch function runs that same state over the series, so the two
/// cannot drift apart.
///
/// Conventions shared by all indicators:
/// - Leading NaN inputs (for instance another indicator's warm-up) are skipped, as the
///   TA-Lib wrapper skips them, so indicators chain: `Indicators.ema(Indicators.rsi(x, period: 14), period: 9)`.
///   A NaN after the first valid bar propagates through the arithmetic, as in TA-Lib.
/// - A period ≤ 0 or inputs of different lengths are caller bugs and stop with a
///   `precondition` failure; a period longer than the series gives all NaN.
///
/// ```swift
/// let closes: [Double] = [10, 11, 12, 13, 14]
/// let sma3 = Indicators.sma(closes, period: 3)   // [nan, nan, 11, 12, 13]
/// var live = SMAState(period: 3)
/// let last = closes.map { live.update($0) }.last  // 13
/// ```
public enum Indicators {}
