#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Indicators
import Market

/// A market feature for regime detection; see ``RegimeFeatures`` for the definitions.
public enum RegimeFeature: String, CaseIterable, Sendable {
    case volatility, trend, volume, correlation
}

/// A feature matrix: one row per bar from `firstRow` on, one column per feature.
public struct FeatureMatrix: Sendable, Equatable {
    /// Column names (the features' raw values, in the order asked).
    public var names: [String]
    /// Row-major values, n rows × names.count columns.
    public var rows: [[Double]]
    /// The index into the bars of `rows[0]`.
    public var firstRow: Int

    public init(names: [String], rows: [[Double]], firstRow: Int) {
        self.names = names
        self.rows = rows
        self.firstRow = firstRow
    }
}

/// Builds regime features from bars (each a definition of the shared registry,
/// ``Indicators/BarFeature``). With window w and log returns r_t = ln(c_t / c_{t−1}):
///
/// - **volatility**: √periodsPerYear × the sample standard deviation (ddof 1) of the last w
///   log returns of the first symbol; first defined at bar w.
/// - **trend**: ln(c_t / SMA(c, 5w)_t) of the first symbol; first defined at bar 5w − 1.
/// - **volume**: (ln v_t − mean) / std (ddof 1) of ln volume over the last 5w bars of the first
///   symbol; 0 where any volume in the window is ≤ 0 (absent) or the window is flat.
///   First defined at bar 5w − 1.
/// - **correlation**: Pearson correlation of the first two symbols' log returns over the last 3w
///   returns (0 with one symbol, or when either is flat); first defined at bar 3w. The series
///   must be aligned (same bars, e.g. `Alignment.commonTimestamps`).
///
/// Rows start at the first bar where every asked feature is defined. Standardise with
/// ``standardized(_:)`` before clustering or fitting an HMM.
///
/// ```swift
/// let f = RegimeFeatures.matrix(bars: [spy], features: [.volatility, .trend], periodsPerYear: 252)
/// let x = RegimeFeatures.standardized(f).rows
/// ```
public enum RegimeFeatures {
    public static func matrix(
        bars: [BarSeries], features: [RegimeFeature], window: Int = 20, periodsPerYear: Double
    ) -> FeatureMatrix {
        precondition(window >= 2, "RegimeFeatures.matrix: window must be ≥ 2")
        guard let first = bars.first, !features.isEmpty else {
            return FeatureMatrix(names: features.map(\.rawValue), rows: [], firstRow: 0)
        }
        let n = first.count
        let columns = features.map { column($0, bars: bars, window: window, periodsPerYear: periodsPerYear) }
        let start = features.map { firstDefined($0, window: window) }.max() ?? 0
        var rows: [[Double]] = []
        if start < n {
            rows.reserveCapacity(n - start)
            for t in start..<n { rows.append(columns.map { $0[t] }) }
        }
        return FeatureMatrix(names: features.map(\.rawValue), rows: rows, firstRow: min(start, n))
    }

    /// The first bar index where `feature` is defined.
    public static func firstDefined(_ feature: RegimeFeature, window: Int) -> Int {
        switch feature {
        case .volatility: return window
        case .trend, .volume: return 5 * window - 1
        case .correlation: return 3 * window
        }
    }

    /// Z-scores every column over the sample (mean, population std — ddof 0, as sklearn
    /// `StandardScaler`); a constant column becomes 0.
    ///
    /// Uses every row, later ones included: a look-ahead for any per-bar decision. Fit a
    /// ``FeatureScaler`` on the training rows instead when labels must be causal.
    public static func standardized(_ m: FeatureMatrix) -> FeatureMatrix {
        FeatureMatrix(names: m.names, rows: standardize(m.rows).rows, firstRow: m.firstRow)
    }

    /// Z-scored rows with the column means and standard deviations used: a ``FeatureScaler``
    /// fitted on, and applied to, all `rows`.
    public static func standardize(_ rows: [[Double]]) -> (rows: [[Double]], means: [Double], deviations: [Double]) {
        guard let d = rows.first?.count, d > 0 else { return (rows, [], []) }
        let scaler = FeatureScaler(unchecked: rows)
        return (scaler.transformUnchecked(rows), scaler.means, scaler.deviations)
    }

    /// The feature's column over the bars, from the shared registry (``Indicators/BarFeature``).
    static func column(_ f: RegimeFeature, bars: [BarSeries], window w: Int, periodsPerYear: Double) -> [Double] {
        let s = bars[0]
        let other = bars.count >= 2 ? bars[1].close : nil
        return definition(f, window: w).values(close: s.close, volume: s.volume, other: other, periodsPerYear: periodsPerYear)
    }

    /// The registry definition behind `f` with window `w`.
    static func definition(_ f: RegimeFeature, window w: Int) -> BarFeature {
        switch f {
        case .volatility: return .logVolatility(w)
        case .trend: return .logTrend(5 * w)
        case .volume: return .logVolumeZ(5 * w)
        case .correlation: return .returnCorrelation(3 * w)
        }
    }

    /// ``matrix(bars:features:window:periodsPerYear:)`` bar by bar: each ``update(close:volume:otherClose:)``
    /// consumes the next bar and returns its feature row (nil before every feature is defined),
    /// equal bit for bit to the matrix's row at that bar (tested), through the registry's
    /// streamed definitions (``Indicators/BarFeature/Stream``).
    public struct Stream: Sendable {
        private var columns: [BarFeature.Stream]
        private let start: Int
        private var bars = 0

        public init(features: [RegimeFeature], window: Int, periodsPerYear: Double) {
            precondition(window >= 2, "RegimeFeatures.Stream: window must be ≥ 2")
            columns = features.map { BarFeature.Stream(RegimeFeatures.definition($0, window: window), periodsPerYear: periodsPerYear) }
            start = features.map { RegimeFeatures.firstDefined($0, window: window) }.max() ?? 0
        }

        /// The row at the next bar of the first symbol (`close`, `volume`); `otherClose` is the
        /// second symbol's close at the same bar (nil with one symbol).
        public mutating func update(close: Double, volume: Double, otherClose: Double?) -> [Double]? {
            let t = bars
            bars += 1
            var row = [Double](repeating: 0, count: columns.count)
            for j in columns.indices { row[j] = columns[j].update(close: close, volume: volume, other: otherClose) }
            return t >= start && !columns.isEmpty ? row : nil
        }
    }
}
