#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension BarFeature {
    /// A feature computed bar by bar: each ``update(close:volume:other:)`` consumes the next bar
    /// and returns the feature's value at it — equal bit for bit to ``BarFeature/values(close:volume:other:periodsPerYear:)``
    /// at that bar (tested for every definition), at a cost that does not grow with the history:
    /// the indicators' incremental states, or the last w values for the windowed definitions
    /// (whose arithmetic is the batch definition's own).
    public struct Stream: Sendable {
        public let feature: BarFeature
        private let periodsPerYear: Double
        private var bars = 0
        private var previousClose = Double.nan
        private var previousOther = Double.nan
        private var first: TrailingWindow
        private var second: TrailingWindow
        private var state: State = .none

        /// The incremental indicator behind the definition, if any.
        private enum State: Sendable {
            case none
            case roc(ROCState)
            case rsi(RSIState)
            case sma(SMAState)
            case smaPair(SMAState, SMAState)
            case deviation(RollingStdDevState)
            case zScore(ZScoreState)
        }

        public init(_ feature: BarFeature, periodsPerYear: Double) {
            self.feature = feature
            self.periodsPerYear = periodsPerYear
            var capacity = 0
            switch feature {
            case .returns(let k): state = .roc(ROCState(period: k))
            case .oneBarReturn: break
            case .volatility(let w), .logVolatility(let w), .volumeZ(let w), .logVolumeZ(let w), .returnCorrelation(let w):
                capacity = w
            case .sampleVolatility(let w): state = .deviation(RollingStdDevState(period: w, ddof: 1))
            case .rsi(let n): state = .rsi(RSIState(period: n))
            case .smaRatio(let a, let b): state = .smaPair(SMAState(period: a), SMAState(period: b))
            case .priceToSMA(let n), .logTrend(let n): state = .sma(SMAState(period: n))
            case .volumeZScore(let w): state = .zScore(ZScoreState(period: w))
            }
            first = TrailingWindow(capacity: capacity)
            second = TrailingWindow(capacity: capacity)
        }

        /// The value at the next bar, closing at `close` with `volume`; `other` is the second
        /// series' close at the same bar (``BarFeature/returnCorrelation(_:)``; nil: none).
        public mutating func update(close: Double, volume: Double, other: Double? = nil) -> Double {
            let t = bars
            bars += 1
            defer {
                previousClose = close
                previousOther = other ?? .nan
            }
            // The indicator's value at this bar (NaN for the windowed definitions).
            let indicator: Double
            switch state {
            case .none: indicator = .nan
            case .roc(var s): indicator = s.update(close); state = .roc(s)
            case .rsi(var s): indicator = s.update(close); state = .rsi(s)
            case .sma(var s): indicator = s.update(close); state = .sma(s)
            case .deviation(var s):
                indicator = t >= 1 ? s.update(close / previousClose - 1) : .nan
                state = .deviation(s)
            case .zScore(var s): indicator = s.update(volume); state = .zScore(s)
            case .smaPair(var a, var b):
                let fast = a.update(close), slow = b.update(close)
                state = .smaPair(a, b)
                indicator = slow > 0 ? fast / slow - 1 : .nan
            }
            switch feature {
            case .returns:
                return indicator / 100
            case .oneBarReturn:
                return t >= 1 ? close / previousClose - 1 : .nan
            case .volatility(let w):
                first.push(t >= 1 && previousClose > 0 ? close / previousClose - 1 : .nan)
                return t >= w ? BarFeature.populationVolatility(first.values[...], periodsPerYear: periodsPerYear) : .nan
            case .sampleVolatility:
                return indicator * periodsPerYear.squareRoot()
            case .logVolatility(let w):
                first.push(t >= 1 ? log(close / previousClose) : .nan)
                return t >= w ? BarFeature.sampleVolatility(first.values[...], periodsPerYear: periodsPerYear) : .nan
            case .rsi, .smaRatio, .volumeZScore:
                return indicator
            case .priceToSMA:
                return indicator.isFinite ? close / indicator - 1 : .nan
            case .logTrend(let p):
                return t >= p - 1 ? log(close / indicator) : .nan
            case .volumeZ(let k):
                first.push(volume)
                return t >= k - 1 ? BarFeature.lastZ(first.values[...]) : .nan
            case .logVolumeZ(let p):
                first.push(volume > 0 ? log(volume) : .nan)
                return t >= p - 1 ? BarFeature.lastLogVolumeZ(first.values[...]) : .nan
            case .returnCorrelation(let p):
                guard let other else { return t >= p ? 0 : .nan }
                first.push(t >= 1 ? log(close / previousClose) : .nan)
                second.push(t >= 1 ? log(other / previousOther) : .nan)
                return t >= p ? BarFeature.correlation(first.values[...], second.values[...]) : .nan
            }
        }
    }
}
