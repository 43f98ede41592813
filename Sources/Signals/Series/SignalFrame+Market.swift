import Market

extension SignalFrame {
    /// A frame holding `series`' values as the `"signal"` column, followed by `context` columns.
    public init(_ series: SignalSeries, context: [SignalColumn] = []) throws {
        try self.init(timestamps: series.timestamps, columns: [.float64(SignalFrame.signalColumn, series.values)] + context)
    }

    /// The `"signal"` column (or `column`) as a ``Market/SignalSeries`` for `symbol`;
    /// `nil` when there is no such `float64` column.
    public func signalSeries(symbol: String, column: String = SignalFrame.signalColumn) -> SignalSeries? {
        guard let values = doubles(column) else { return nil }
        return SignalSeries(symbol: symbol, timestamps: timestamps, values: values)
    }
}
