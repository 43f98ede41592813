/// The highest (or lowest) of the last `period` values, in amortised O(1) per value.
///
/// A monotonic deque of (index, value) pairs in preallocated storage: values that can never
/// again be the extreme are dropped on arrival, and the front leaves once it falls out of the
/// window. Minima are tracked as maxima of negated values (negation is exact). The extreme of
/// a window is one of its input values, so this agrees exactly with TA-Lib's rescan.
struct RollingExtremum: Sendable {
    enum Kind: Sendable { case maximum, minimum }

    struct Entry: Sendable {
        var index: Int
        var value: Double
    }

    let period: Int
    private let sign: Double
    private var entries: [Entry]
    private var front = 0
    private var count = 0
    private var nextIndex = 0

    init(period: Int, kind: Kind) {
        self.period = period
        sign = kind == .maximum ? 1.0 : -1.0
        entries = [Entry](repeating: Entry(index: 0, value: 0), count: period)
    }

    /// How many values have been pushed so far.
    var pushed: Int { nextIndex }

    /// Adds the newest value; the window becomes the last `period` values pushed.
    @inline(__always)
    mutating func push(_ newValue: Double) {
        let value = sign * newValue
        let index = nextIndex
        nextIndex += 1
        let capacity = period
        entries.withUnsafeMutableBufferPointer { slots in
            // Drop the front once it leaves the window [index - period + 1, index].
            if count > 0 && slots[front].index <= index - capacity {
                front += 1
                if front == capacity { front = 0 }
                count -= 1
            }
            // Drop values from the back that the new one dominates.
            var back = front + count - 1
            if back >= capacity { back -= capacity }
            while count > 0 && slots[back].value <= value {
                count -= 1
                back -= 1
                if back < 0 { back += capacity }
            }
            var slot = front + count
            if slot >= capacity { slot -= capacity }
            slots[slot] = Entry(index: index, value: value)
            count += 1
        }
    }

    /// The extreme of the current window (NaN before the first push).
    @inline(__always)
    var current: Double {
        count > 0 ? sign * entries[front].value : .nan
    }
}
