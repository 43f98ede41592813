import Market

/// Hand-made bars for exact, hand-checkable backtests.
enum TestBars {
    /// Bars with the given opens and closes; high/low bracket them by `spread`, volume 1,000,000.
    static func make(_ symbol: String = "TEST", open: [Double], close: [Double], high: [Double]? = nil,
                     low: [Double]? = nil, volume: Double = 1_000_000) -> BarSeries {
        let n = open.count
        let day: Int64 = 86_400
        let start: Int64 = 1_704_153_600  // 2024-01-02 (a Tuesday)
        var timestamps: [Int64] = []
        var t = start
        while timestamps.count < n {
            let weekday = (t / day + 4) % 7  // 0 = Sunday
            if weekday != 0 && weekday != 6 { timestamps.append(t) }
            t += day
        }
        let highs = high ?? zip(open, close).map { max($0, $1) * 1.01 }
        let lows = low ?? zip(open, close).map { min($0, $1) * 0.99 }
        return BarSeries(symbol: symbol, timestamps: timestamps, open: open, high: highs, low: lows, close: close,
                         volume: [Double](repeating: volume, count: n))
    }

    static func signal(_ bars: BarSeries, _ values: [Double]) -> SignalSeries {
        SignalSeries(symbol: bars.symbol, timestamps: bars.timestamps, values: values)
    }
}
