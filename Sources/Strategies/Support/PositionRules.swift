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
        var position = 0.0
        for t in 0..<n {
            guard defined(t) else {
                position = 0
                continue
            }
            if position > 0 && exitLong(t) { position = 0 }
            if position < 0 && exitShort(t) { position = 0 }
            if enterLong(t) {
                position = 1
            } else if enterShort(t) {
                position = -1
            }
            out[t] = position
        }
        return out
    }

    /// Long where `a > b`, short (if `allowShort`) or flat where `a < b`; flat while either is NaN.
    static func crossover(_ a: [Double], _ b: [Double], allowShort: Bool) -> [Double] {
        var out = [Double](repeating: 0, count: a.count)
        for t in a.indices where !a[t].isNaN && !b[t].isNaN {
            if a[t] > b[t] {
                out[t] = 1
            } else if a[t] < b[t], allowShort {
                out[t] = -1
            }
        }
        return out
    }

    /// The `allow_short` switch shared by the crossover strategies.
    static let allowShortSpec = ParameterSpec(
        "allow_short", .integer, default: 0, range: 0...1, "1: go short when the rule is bearish; 0: stay flat")
}
