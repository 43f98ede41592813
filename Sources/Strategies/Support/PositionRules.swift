/// Small stateful rules shared by the strategy definitions.
enum PositionRules {
    /// Enter/exit with hysteresis: at each bar, `enterLong`/`enterShort` open a position
    /// when flat (or reverse it), `exitLong`/`exitShort` close an open one; otherwise
    /// the previous position is held. Bars where `defined` is false are flat.
    static func hysteresis(
        count n: Int, defined: (Int) -> Bool, enterLong: (Int) -> Bool, enterShort: (Int) -> Bool,
        exitLong: (Int) -> Bool, exitShort: (Int) -> Bool
    ) -> [Double] {
        var out = [Double](repeating: 0, count: n)
        var rule = Hysteresis()
        for t in 0..<n {
            out[t] = rule.step(defined: defined(t), enterLong: { enterLong(t) }, enterShort: { enterShort(t) },
                               exitLong: { exitLong(t) }, exitShort: { exitShort(t) })
        }
        return out
    }

    /// The state of ``hysteresis(count:defined:enterLong:enterShort:exitLong:exitShort:)``:
    /// the position held, advanced one bar at a time (batch and streamed rules share it).
    struct Hysteresis {
        private(set) var position = 0.0

        /// The position at this bar; an undefined bar is flat and forgets the position.
        @inline(__always)
        mutating func step(defined: Bool, enterLong: () -> Bool, enterShort: () -> Bool,
                           exitLong: () -> Bool, exitShort: () -> Bool) -> Double {
            guard defined else {
                position = 0
                return 0
            }
            if position > 0 && exitLong() { position = 0 }
            if position < 0 && exitShort() { position = 0 }
            if enterLong() {
                position = 1
            } else if enterShort() {
                position = -1
            }
            return position
        }
    }

    /// Long where `a > b`, short (if `allowShort`) or flat where `a < b`; flat while either is NaN.
    static func crossover(_ a: [Double], _ b: [Double], allowShort: Bool) -> [Double] {
        var out = [Double](repeating: 0, count: a.count)
        for t in a.indices { out[t] = crossover(a[t], b[t], allowShort: allowShort) }
        return out
    }

    /// One bar of ``crossover(_:_:allowShort:)-([Double],_,_)``.
    @inline(__always)
    static func crossover(_ a: Double, _ b: Double, allowShort: Bool) -> Double {
        guard !a.isNaN, !b.isNaN else { return 0 }
        if a > b { return 1 }
        return a < b && allowShort ? -1 : 0
    }

    /// The `allow_short` switch shared by the crossover strategies.
    static let allowShortSpec = ParameterSpec(
        "allow_short", .integer, default: 0, range: 0...1, "1: go short when the rule is bearish; 0: stay flat")
}
