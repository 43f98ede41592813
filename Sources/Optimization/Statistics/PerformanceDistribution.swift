/// The distribution of an objective across all trials of a search.
///
/// Count, finite count, mean, standard deviation (ddof 1), and the quantiles
/// 0, 0.05, 0.25, 0.5, 0.75, 0.95, 1 (linear interpolation, as numpy). Trials
/// whose objective is not finite (e.g. a Sharpe ratio without any trade) are
/// counted but excluded from the statistics.
public struct PerformanceDistribution: Sendable, Equatable {
    public var count: Int
    public var finiteCount: Int
    public var mean: Double
    public var standardDeviation: Double
    public var quantiles: [(q: Double, value: Double)]

    public static let levels: [Double] = [0, 0.05, 0.25, 0.5, 0.75, 0.95, 1]

    public init(_ values: [Double]) {
        let finite = values.filter(\.isFinite).sorted()
        count = values.count
        finiteCount = finite.count
        let n = Double(finite.count)
        mean = finite.isEmpty ? .nan : finite.reduce(0, +) / n
        if finite.count > 1 {
            let m = mean
            standardDeviation = (finite.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)).squareRoot()
        } else {
            standardDeviation = .nan
        }
        quantiles = Self.levels.map { ($0, linearQuantile(sorted: finite, $0)) }
    }

    public static func == (lhs: PerformanceDistribution, rhs: PerformanceDistribution) -> Bool {
        lhs.count == rhs.count && lhs.finiteCount == rhs.finiteCount
            && lhs.quantiles.map(\.value).elementsEqual(rhs.quantiles.map(\.value)) { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }
}
