/// The JSON document of `admf bench ma-grid`, in the schema `../shared/bench/compare.py` reads.
///
/// `{"impl": "admf", "data": …, "bars": …, "combos": …, "wall_s": …, "bar_evals_per_s": …,
///   "workers": …, "walls_s": […], "phase_walls_s": […], "results": {"f,s": [total_return, sharpe], …}}`
public enum GridBenchmarkDocument {
    /// One combination's result.
    public struct Entry: Sendable, Equatable {
        public var fast: Int
        public var slow: Int
        public var totalReturn: Double
        public var sharpeRatio: Double

        public init(fast: Int, slow: Int, totalReturn: Double, sharpeRatio: Double) {
            self.fast = fast
            self.slow = slow
            self.totalReturn = totalReturn
            self.sharpeRatio = sharpeRatio
        }
    }

    /// The median of `values` (NaN when empty).
    public static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    public static func make(
        data: String, bars: Int, workers: Int, walls: [Double], phaseWalls: [Double], results: [Entry],
        machine: [(String, JSONValue)]
    ) -> JSONValue {
        let wall = median(walls)
        let evaluations = Double(bars) * Double(results.count)
        return .object([
            ("impl", .string("admf")),
            ("path", .string("workflow optimization phase (strategy signals → engine → metrics → run store)")),
            ("data", .string(data)),
            ("bars", .integer(bars)),
            ("combos", .integer(results.count)),
            ("workers", .integer(workers)),
            ("wall_s", .number(wall)),
            ("walls_s", .array(walls.map { .number($0) })),
            ("phase_wall_s", .number(median(phaseWalls))),
            ("phase_walls_s", .array(phaseWalls.map { .number($0) })),
            ("bar_evals_per_s", .number(evaluations / wall)),
            ("machine", .object(machine)),
            ("results", .object(results.map {
                ("\($0.fast),\($0.slow)", .array([.number($0.totalReturn), .number($0.sharpeRatio)]))
            })),
        ])
    }
}
