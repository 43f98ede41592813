#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Market

/// Settings of a ``DifferentialEvolution``; the defaults are SciPy's `differential_evolution`.
public struct DEConfig: Sendable {
    /// Population = `popsize × number of parameters` (at least 5), unless `populationSize` is set.
    public var popsize: Int = 15
    /// The total population size, overriding `popsize` (the seed YAML's `population_size: 50`).
    public var populationSize: Int?
    /// The differential weight F: a range is dithered (a new uniform F each generation).
    public var mutation: ClosedRange<Double> = 0.5...1.0
    /// The crossover probability CR.
    public var recombination: Double = 0.7
    /// The maximum number of generations after the initial population (SciPy's `maxiter`).
    public var generations: Int = 1000
    /// Convergence: `std(energies) ≤ atol + tol · |mean(energies)|`.
    public var tol: Double = 0.01
    public var atol: Double = 0

    public init(populationSize: Int? = nil, generations: Int = 1000) {
        self.populationSize = populationSize
        self.generations = generations
    }
}

/// Differential evolution (Storn & Price 1997, J. Global Optimization 11:341–359) as SciPy's
/// `differential_evolution` runs it with `strategy='best1bin'`, `init='latinhypercube'` and
/// `updating='deferred'` (the mode SciPy uses for parallel workers: a whole generation of
/// trial vectors is made from the same population, then evaluated, then selected), driven by
/// ask/tell one generation at a time. Scores are MAXIMISED: internally the energy is −score
/// (SciPy minimises); a NaN or −∞ score is a failed evaluation with energy +∞.
///
/// - Population: `populationSize ?? max(5, popsize · d)` members kept in the unit cube.
///   Latin hypercube: member i of parameter j is `(π_j(i) + u)/N` for a random permutation π_j.
/// - Generation g (from 1): F ~ U(mutation) once; for each member i, `r0 ≠ r1` drawn from the
///   members other than i, mutant `b = x_best + F (x_r0 − x_r1)`; binomial crossover with CR and
///   one forced component; components outside `[0, 1]` are re-drawn uniformly (SciPy's
///   `_ensure_constraint`). A trial replaces its member when its energy is ≤ the member's.
/// - Scaling: `x = (lb + ub)/2 + (u − ½)·(ub − lb)`; integer parameters use SciPy's
///   `integrality` bounds `[nextafter(ceil(lb) − ½, +∞), nextafter(floor(ub) + ½, −∞)]` and are
///   rounded half-to-even, so each whole number is equally likely. Log-scale parameters evolve
///   in log space (SciPy has no log option; this is the natural extension).
/// - Convergence (`isConverged`): every energy finite and `std ≤ atol + tol · |mean|`
///   (population std, ddof 0), checked after each generation, as SciPy.
/// - Feasibility (Deb's rule / SciPy's `_accept_trial`): an infeasible vector has energy +∞ and is
///   worse than any feasible one; of two infeasible ones the trial wins (SciPy compares
///   constraint violations; ours is a boolean, violation 1). Infeasible vectors are still
///   returned by `ask` (so indices line up) but their scores are ignored: pass NaN without
///   evaluating them (see `pendingFeasibility`).
/// - No polishing: SciPy's default `polish=True` ends with L-BFGS-B from the best member, which
///   is meaningless for integer trading parameters (period lengths, thresholds on a grid) and
///   for noisy backtest scores, and SciPy itself skips it when every parameter is integral.
///
/// Draws: the initial population uses `SeededGenerator(seed:, stream: "<stream>/generation/0")`,
/// generation g `"<stream>/generation/<g>"`, so results depend only on the seed and the scores.
public struct DifferentialEvolution: Sendable {
    public let parameters: [SamplerParameter]
    public let config: DEConfig
    public let seed: UInt64
    public let stream: String
    public let feasible: SamplerFeasibility?
    public let populationSize: Int

    private var population: [[Double]] = []
    private var energies: [Double] = []
    private var feasibleMembers: [Bool] = []
    private var trials: [[Double]]?
    private var trialFeasible: [Bool] = []
    private var initialised = false
    private let lower: [Double]
    private let upper: [Double]

    /// Completed generations after the initial population (SciPy's `nit`).
    public private(set) var generation = 0
    /// Objective evaluations told so far (feasible vectors only, as SciPy's `nfev`).
    public private(set) var evaluations = 0

    public init(parameters: [SamplerParameter], config: DEConfig = .init(), seed: UInt64, stream: String,
                feasible: SamplerFeasibility? = nil) {
        SamplerParameter.validate(parameters)
        precondition(config.mutation.lowerBound >= 0 && config.mutation.upperBound <= 2, "mutation must lie in [0, 2]")
        precondition((0...1).contains(config.recombination), "recombination must lie in [0, 1]")
        self.parameters = parameters
        self.config = config
        self.seed = seed
        self.stream = stream
        self.feasible = feasible
        populationSize = config.populationSize ?? max(5, config.popsize * parameters.count)
        precondition(populationSize >= 3, "best1bin needs at least 3 members")
        var lo: [Double] = [], hi: [Double] = []
        for p in parameters {
            var a = p.lowerBound, b = p.upperBound
            if p.kind == .integer { a = (a - 0.5).nextUp; b = (b + 0.5).nextDown }
            if p.log { a = log(a); b = log(b) }
            lo.append(a); hi.append(b)
        }
        lower = lo
        upper = hi
    }

    /// Whether the population's scores have converged (SciPy's `tol`/`atol` test).
    public var isConverged: Bool {
        guard initialised, energies.allSatisfy({ $0.isFinite }) else { return false }
        let n = Double(energies.count)
        let mean = energies.reduce(0, +) / n
        let variance = energies.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        return variance.squareRoot() <= config.atol + config.tol * abs(mean)
    }

    /// Converged, or `generations` generations done: `ask` then returns nothing.
    public var isFinished: Bool { initialised && (isConverged || generation >= config.generations) }

    /// The best member: its parameters and score (nil before the first tell or while no member is feasible).
    public var best: (parameters: [String: Double], score: Double)? {
        guard initialised, feasibleMembers[0], energies[0].isFinite else { return nil }
        return (scaled(population[0]), -energies[0])
    }

    /// For the pending vectors, whether each satisfies the feasibility predicate.
    public var pendingFeasibility: [Bool] { trials == nil ? [] : trialFeasible }

    /// The initial population first, then one trial vector per member per generation; the same
    /// vectors again if asked twice without a tell; empty once finished.
    public mutating func ask() -> [[String: Double]] {
        if let trials { return trials.map(scaled) }
        if isFinished { return [] }
        let n = populationSize, d = parameters.count
        var generator = SeededGenerator(seed: seed, stream: "\(stream)/generation/\(initialised ? generation + 1 : 0)")
        var made: [[Double]]
        if !initialised {
            made = [[Double]](repeating: [Double](repeating: 0, count: d), count: n)
            let segment = 1.0 / Double(n)
            for j in 0..<d {
                var order = Array(0..<n)
                order.shuffle(using: &generator)
                for i in 0..<n {
                    made[i][j] = (Double(order[i]) + generator.nextDouble()) * segment
                }
            }
        } else {
            let lo = config.mutation.lowerBound, hi = config.mutation.upperBound
            let f = lo == hi ? lo : lo + generator.nextDouble() * (hi - lo)
            made = []
            made.reserveCapacity(n)
            for i in 0..<n {
                var r0 = Int.random(in: 0..<n, using: &generator)
                while r0 == i { r0 = Int.random(in: 0..<n, using: &generator) }
                var r1 = Int.random(in: 0..<n, using: &generator)
                while r1 == i || r1 == r0 { r1 = Int.random(in: 0..<n, using: &generator) }
                let fill = Int.random(in: 0..<d, using: &generator)
                var trial = population[i]
                for j in 0..<d where j == fill || generator.nextDouble() < config.recombination {
                    trial[j] = population[0][j] + f * (population[r0][j] - population[r1][j])
                }
                for j in 0..<d where trial[j] < 0 || trial[j] > 1 {
                    trial[j] = generator.nextDouble()
                }
                made.append(trial)
            }
        }
        trials = made
        trialFeasible = made.map { feasible?(scaled($0)) ?? true }
        return made.map(scaled)
    }

    /// The scores of the vectors of the last `ask`, in the same order.
    public mutating func tell(_ scores: [Double]) {
        guard let made = trials else { preconditionFailure("tell without a pending ask") }
        precondition(scores.count == made.count, "expected \(made.count) scores, got \(scores.count)")
        let trialEnergies = zip(scores, trialFeasible).map { score, ok -> Double in
            guard ok, !score.isNaN, score != -.infinity else { return .infinity }
            return -score
        }
        evaluations += trialFeasible.filter { $0 }.count
        if !initialised {
            population = made
            energies = trialEnergies
            feasibleMembers = trialFeasible
            initialised = true
        } else {
            for i in 0..<made.count {
                let accept: Bool
                switch (trialFeasible[i], feasibleMembers[i]) {
                case (true, true): accept = trialEnergies[i] <= energies[i]
                case (true, false): accept = true
                case (false, true): accept = false
                case (false, false): accept = true
                }
                if accept {
                    population[i] = made[i]
                    energies[i] = trialEnergies[i]
                    feasibleMembers[i] = trialFeasible[i]
                }
            }
            generation += 1
        }
        trials = nil
        trialFeasible = []
        promoteBest()
    }

    /// Moves the lowest-energy feasible member (the first on ties) to position 0.
    private mutating func promoteBest() {
        var bestIndex: Int?
        for i in energies.indices where feasibleMembers[i] {
            if bestIndex == nil || energies[i] < energies[bestIndex!] { bestIndex = i }
        }
        guard let b = bestIndex, b != 0 else { return }
        population.swapAt(0, b)
        energies.swapAt(0, b)
        feasibleMembers.swapAt(0, b)
    }

    private func scaled(_ unit: [Double]) -> [String: Double] {
        var out: [String: Double] = [:]
        for (j, p) in parameters.enumerated() {
            var x = 0.5 * (lower[j] + upper[j]) + (unit[j] - 0.5) * abs(upper[j] - lower[j])
            if p.log { x = exp(x) }
            if p.kind == .integer { x = x.rounded(.toNearestOrEven) }
            out[p.name] = min(max(x, p.lowerBound), p.upperBound)
        }
        return out
    }
}
