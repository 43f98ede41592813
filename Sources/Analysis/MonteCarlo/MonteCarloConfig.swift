/// Settings of a bootstrap Monte Carlo run (``MonteCarloSimulation``).
///
/// - `paths`: number of simulated return paths (default 1000);
/// - `horizon`: returns per path (nil = as many as the input series);
/// - `blockSize`: length of each circular block (1 = iid bootstrap; longer blocks
///   keep short-range autocorrelation and volatility clustering);
/// - `seed`, `stream`: path p draws from `SeededGenerator(seed: seed,
///   stream: "\(stream)/path/\(p)")`, so each path's draws are independent of the
///   others and of evaluation order.
///
/// ```swift
/// let config = MonteCarloConfig(paths: 2000, blockSize: 5, seed: 42, stream: "wfo/oos")
/// ```
public struct MonteCarloConfig: Sendable, Equatable {
    /// Number of simulated paths.
    public var paths: Int
    /// Returns per path; nil means the input series' length.
    public var horizon: Int?
    /// Circular block length; 1 is the iid bootstrap.
    public var blockSize: Int
    /// The root seed.
    public var seed: UInt64
    /// The stream label under which per-path generators are derived.
    public var stream: String

    /// A configuration; `seed` has no default so every run states its seed.
    public init(
        paths: Int = 1000, horizon: Int? = nil, blockSize: Int = 1, seed: UInt64,
        stream: String = "monte_carlo"
    ) {
        self.paths = paths
        self.horizon = horizon
        self.blockSize = blockSize
        self.seed = seed
        self.stream = stream
    }
}
