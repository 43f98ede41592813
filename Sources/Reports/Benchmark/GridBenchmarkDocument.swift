import Backtest

/// The JSON document of `admf bench ma-grid`, in the schema `../shared/bench/compare.py` reads.
///
/// `{"impl": "admf", "data": …, "bars": …, "combos": …, "wall_s": …, "bar_evals_per_s": …,
///   "workers": …, "walls_s": […], "results": {"f,s": [total_return, sharpe], …}}`
public enum GridBenchmarkDocument {
    public static func make(
        data: String, bars: Int, workers: Int, walls: [Double], results: [CrossoverSweep.Result],
        machine: [(String, JSONValue)]
    ) -> JSONValue {
        let sorted = walls.sorted()
        let median = sorted.isEmpty ? Double.nan
            : (sorted.count % 2 == 1 ? sorted[sorted.count / 2]
               : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2)
        let evaluations = Double(bars) * Double(results.count)
        return .object([
            ("impl", .string("admf")),
            ("data", .string(data)),
            ("bars", .integer(bars)),
            ("combos", .integer(results.count)),
            ("workers", .integer(workers)),
            ("wall_s", .number(median)),
            ("walls_s", .array(walls.map { .number($0) })),
            ("bar_evals_per_s", .number(evaluations / median)),
            ("machine", .object(machine)),
            ("results", .object(results.map {
                ("\($0.fast),\($0.slow)", .array([.number($0.totalReturn), .number($0.sharpeRatio)]))
            })),
        ])
    }
}
