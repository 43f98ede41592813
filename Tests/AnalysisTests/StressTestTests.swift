import ADMFTestSupport
import Analysis
import Metrics
import Testing

@Suite("Stress scenarios and shocks")
struct StressTestTests {
    static let day: Int64 = 86_400

    @Test("hand-checked window figures, recovery and benchmark difference")
    func handChecked() throws {
        let returns = [0.10, -0.20, 0.05, -0.10, 0.30, 0.02]
        let benchmark = [0.0, -0.05, -0.05, 0.0, 0.1, 0.0]
        let times = (0..<6).map { Int64($0) * Self.day }
        let scenario = StressScenario(name: "bars 1-3", start: Self.day, end: 3 * Self.day + 10)
        let results = try StressTest.run(
            returns: returns, timestamps: times, benchmark: benchmark, scenarios: [scenario], periodsPerYear: 252)
        let s = try #require(results.first?.strategy)
        #expect(s.bars == 3)
        #expect(Tolerance.agree(s.totalReturn, 0.8 * 1.05 * 0.9 - 1, relative: 1e-14))
        #expect(Tolerance.agree(s.maxDrawdown, 0.244, relative: 1e-12))
        // std([−0.2, 0.05, −0.1], ddof 1) = √(0.0316666…/2).
        #expect(Tolerance.agree(s.annualVolatility, (0.031666666666666667 / 2 * 252).squareRoot(), relative: 1e-12))
        #expect(s.worstReturn == -0.20 && s.worstTimestamp == Self.day)
        // Equity 1, 1.1, 0.88, 0.924, 0.8316 (trough, bar 3), 1.08108, 1.1027016 ≥ 1.1 at bar 5.
        #expect(s.troughTimestamp == 3 * Self.day)
        #expect(s.recoveryBars == 2 && s.recoveryDays == 2)

        let b = try #require(results.first?.benchmark)
        #expect(Tolerance.agree(b.totalReturn, -0.0975, relative: 1e-12))
        #expect(Tolerance.agree(b.maxDrawdown, 0.0975, relative: 1e-12))
        #expect(b.worstReturn == -0.05 && b.worstTimestamp == Self.day)
        #expect(b.troughTimestamp == 2 * Self.day)
        #expect(b.recoveryBars == nil && b.recoveryDays == nil)   // 0.99275 never regains 1
        let d = try #require(results.first?.difference)
        #expect(Tolerance.agree(d.totalReturn, s.totalReturn - b.totalReturn, relative: 1e-15))
        #expect(d.maxDrawdown == s.maxDrawdown - b.maxDrawdown)
        #expect(d.worstReturn == -0.20 - -0.05)
    }

    @Test("empty windows, no benchmark, trough above the old peak")
    func edges() throws {
        let times = (0..<4).map { Int64($0) * Self.day }
        let returns = [0.01, 0.02, -0.01, 0.03]
        let outside = StressScenario(name: "later", start: 10 * Self.day, end: 20 * Self.day)
        let between = StressScenario(name: "gap", start: Self.day + 1, end: 2 * Self.day - 1)
        let first = StressScenario(name: "first two", start: 0, end: Self.day)
        let results = try StressTest.run(
            returns: returns, timestamps: times, scenarios: [outside, between, first], periodsPerYear: 252)
        #expect(results.map(\.scenario) == [outside, between, first])
        #expect(results[0].strategy == nil && results[1].strategy == nil)
        let rising = try #require(results[2].strategy)
        #expect(rising.recoveryBars == 0 && rising.recoveryDays == 0 && rising.maxDrawdown == 0)
        #expect(results[2].benchmark == nil && results[2].difference == nil)
        // One bar: volatility undefined.
        let one = try StressTest.run(
            returns: returns, timestamps: times, scenarios: [StressScenario(name: "one", start: 0, end: 0)],
            periodsPerYear: 252)
        #expect(one[0].strategy?.annualVolatility.isNaN == true)
    }

    @Test("malformed input throws a typed failure")
    func failures() {
        #expect(throws: StressTest.Failure.timestampCount(returns: 2, timestamps: 1)) {
            try StressTest.run(returns: [0, 0], timestamps: [0], scenarios: [], periodsPerYear: 252)
        }
        #expect(throws: StressTest.Failure.benchmarkCount(returns: 2, benchmark: 3)) {
            try StressTest.run(returns: [0, 0], timestamps: [0, 1], benchmark: [0, 0, 0], scenarios: [], periodsPerYear: 252)
        }
        #expect(throws: StressTest.Failure.timestampsNotIncreasing(index: 2)) {
            try StressTest.run(returns: [0, 0, 0], timestamps: [0, 5, 5], scenarios: [], periodsPerYear: 252)
        }
    }

    @Test("calendar windows")
    func calendar() {
        let covid = StressScenario.covidCrash
        #expect(covid.start == 1_582_070_400)
        #expect(covid.end == 1_584_921_600 + 86_399)
        #expect(covid.contains(1_584_921_600) && !covid.contains(covid.end + 1) && !covid.contains(covid.start - 1))
        #expect(StressScenario.days("epoch", from: (1970, 1, 1), through: (1970, 1, 1)).end == 86_399)
        #expect(StressScenario.globalFinancialCrisis.start == 1_191_888_000)
        #expect(StressScenario.historical.count == 4)
        // 2000-03-01 (leap year) is day 11017.
        #expect(StressScenario.days("x", from: (2000, 3, 1), through: (2000, 3, 1)).start == 11_017 * 86_400)
    }

    @Test("agrees with a naive equity-curve model on random windows")
    func naiveModel() throws {
        let returns = TestData.gaussianReturns(count: 300, mean: 0.0003, deviation: 0.015, seed: 11, stream: "stress")
        let benchmark = TestData.gaussianReturns(count: 300, mean: 0.0002, deviation: 0.01, seed: 12, stream: "stress")
        // Weekdays only: timestamps skip weekends so calendar days ≠ bars.
        var times: [Int64] = []
        var dayNumber: Int64 = 0
        while times.count < 300 {
            if dayNumber % 7 < 5 { times.append(dayNumber * Self.day + 72_000) }
            dayNumber += 1
        }
        var scenarios: [StressScenario] = []
        for (a, b) in [(0, 30), (40, 45), (100, 180), (250, 299), (5, 5), (120, 260)] {
            scenarios.append(StressScenario(name: "\(a)-\(b)", start: times[a] - 1000, end: times[b] + 1000))
        }
        let results = try StressTest.run(
            returns: returns, timestamps: times, benchmark: benchmark, scenarios: scenarios, periodsPerYear: 252)
        for (result, (a, b)) in zip(results, [(0, 30), (40, 45), (100, 180), (250, 299), (5, 5), (120, 260)]) {
            for (series, figures) in [(returns, result.strategy), (benchmark, result.benchmark)] {
                let ours = try #require(figures)
                let naive = Naive.figures(series, times, a, b)
                #expect(ours.bars == b - a + 1)
                #expect(Tolerance.agree(ours.totalReturn, naive.total, relative: 1e-12))
                #expect(Tolerance.agree(ours.maxDrawdown, naive.drawdown, relative: 1e-12))
                #expect(Tolerance.agree(ours.annualVolatility, naive.volatility, relative: 1e-12))
                #expect(ours.worstReturn == naive.worst && ours.worstTimestamp == naive.worstTime)
                #expect(ours.troughTimestamp == naive.troughTime)
                #expect(ours.recoveryBars == naive.recoveryBars && ours.recoveryDays == naive.recoveryDays)
            }
        }
    }

    @Test("instant shocks: weights times shocks, unshocked holdings listed")
    func shocks() {
        let crash = ScenarioShock(name: "equity crash", shocks: ["SPY": -0.20, "VIXY": 0.30, "QQQ": -0.25])
        let result = crash.apply(weights: ["TLT": 0.1, "VIXY": 0.1, "SPY": 0.8])
        #expect(Tolerance.agree(result.portfolioReturn, 0.8 * -0.20 + 0.1 * 0.30, relative: 1e-15))
        #expect(result.contributions.map(\.symbol) == ["SPY", "VIXY"])
        #expect(result.contributions[0].contribution == 0.8 * -0.20)
        #expect(result.unshocked == ["TLT"])
        #expect(result.name == "equity crash")
        // A short position gains from the fall; leverage scales it.
        #expect(crash.apply(weights: ["SPY": -0.5]).portfolioReturn == 0.1)
        #expect(crash.apply(weights: ["SPY": 2]).portfolioReturn == -0.4)
        #expect(crash.apply(weights: [:]).portfolioReturn == 0)
        #expect(crash.apply(weights: ["SPY": .nan]).portfolioReturn.isNaN)
    }
}

/// A deliberately plain model: the whole equity curve as an array, then each figure
/// by its definition.
private enum Naive {
    struct Figures {
        var total, drawdown, volatility, worst: Double
        var worstTime, troughTime: Int64
        var recoveryBars: Int?
        var recoveryDays: Double?
    }

    static func figures(_ r: [Double], _ t: [Int64], _ a: Int, _ b: Int) -> Figures {
        var curve = [1.0]
        for value in r { curve.append(curve[curve.count - 1] * (1 + value)) }
        let window = Array(r[a...b])
        var local = [1.0]
        for value in window { local.append(local[local.count - 1] * (1 + value)) }
        var drawdown = 0.0
        for i in local.indices {
            let peak = local[0...i].max() ?? 1
            drawdown = max(drawdown, (peak - local[i]) / peak)
        }
        let mean = window.reduce(0, +) / Double(window.count)
        let variance = window.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(window.count - 1)
        var worstIndex = a
        var troughIndex = a
        for i in a...b {
            if r[i] < r[worstIndex] { worstIndex = i }
            if curve[i + 1] < curve[troughIndex + 1] { troughIndex = i }
        }
        let peak: Double = curve[0...a].max() ?? 1
        var bars: Int?
        var days: Double?
        if curve[troughIndex + 1] >= peak {
            bars = 0
            days = 0
        } else {
            for j in (troughIndex + 1)..<r.count where curve[j + 1] >= peak {
                bars = j - troughIndex
                days = Double(t[j] - t[troughIndex]) / 86_400
                break
            }
        }
        return Figures(
            total: (local.last ?? 1) - 1, drawdown: drawdown,
            volatility: window.count < 2 ? .nan : (variance * 252).squareRoot(), worst: r[worstIndex],
            worstTime: t[worstIndex], troughTime: t[troughIndex], recoveryBars: bars, recoveryDays: days)
    }
}
