extension PerformanceSummary {
    /// Decodes the snake_case keys; null reads back as NaN, every key is required.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            totalReturn: try c.decodeNullableDouble(forKey: .totalReturn),
            cagr: try c.decodeNullableDouble(forKey: .cagr),
            annualVolatility: try c.decodeNullableDouble(forKey: .annualVolatility),
            sharpeRatio: try c.decodeNullableDouble(forKey: .sharpeRatio),
            sortinoRatio: try c.decodeNullableDouble(forKey: .sortinoRatio),
            calmarRatio: try c.decodeNullableDouble(forKey: .calmarRatio),
            maxDrawdown: try c.decodeNullableDouble(forKey: .maxDrawdown),
            maxDrawdownDurationBars: try c.decode(Int.self, forKey: .maxDrawdownDurationBars),
            winRate: try c.decodeNullableDouble(forKey: .winRate),
            profitFactor: try c.decodeNullableDouble(forKey: .profitFactor),
            averageTrade: try c.decodeNullableDouble(forKey: .averageTrade),
            numTrades: try c.decodeIfPresent(Int.self, forKey: .numTrades) ?? 0,  // null: not counted
            exposure: try c.decodeNullableDouble(forKey: .exposure),
            turnover: try c.decodeNullableDouble(forKey: .turnover),
            bars: try c.decode(Int.self, forKey: .bars),
            periodsPerYear: try c.decodeNullableDouble(forKey: .periodsPerYear))
    }

    /// Encodes the snake_case keys in ``fieldKeys`` order; non-finite values as null.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        for key in CodingKeys.allCases {
            switch key {
            case .maxDrawdownDurationBars: try c.encode(maxDrawdownDurationBars, forKey: key)
            case .numTrades: tradesMeasured ? try c.encode(numTrades, forKey: key) : try c.encodeNil(forKey: key)
            case .bars: try c.encode(bars, forKey: key)
            default: try c.encodeFiniteOrNull(value(for: key), forKey: key)
            }
        }
    }
}
