/// The parameter grid of a fast/slow moving-average crossover sweep.
///
/// The default is the peer benchmark's grid (`../shared/bench/README.md`): fast
/// period 2…50, slow period 10…200 step 2, only fast < slow — 4,263 combinations,
/// ordered slow-major as the peers order them.
public struct CrossoverGrid: Sendable, Equatable {
    public var fastPeriods: [Int]
    public var slowPeriods: [Int]

    public init(fastPeriods: [Int], slowPeriods: [Int]) {
        self.fastPeriods = fastPeriods
        self.slowPeriods = slowPeriods
    }

    /// The peer benchmark's grid.
    public static let benchmark = CrossoverGrid(
        fastPeriods: Array(2...50), slowPeriods: Array(stride(from: 10, through: 200, by: 2)))

    /// Every `(fast, slow)` pair with `fast < slow`, slow-major.
    public var combinations: [(fast: Int, slow: Int)] {
        var result: [(fast: Int, slow: Int)] = []
        for slow in slowPeriods {
            for fast in fastPeriods where fast < slow { result.append((fast, slow)) }
        }
        return result
    }
}
