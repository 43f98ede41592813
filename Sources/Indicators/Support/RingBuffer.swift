/// A fixed-capacity circular buffer of the most recent values.
///
/// Writes start at slot 0 and wrap (TA-Lib's `CIRCBUF_NEXT` order), so code that sums the
/// storage slot by slot reproduces TA-Lib's summation order. Storage is allocated once.
struct RingBuffer: Sendable {
    private(set) var storage: [Double]
    /// The slot the next value goes to; once full, also the slot of the oldest value.
    private(set) var head = 0
    /// How many values are held (at most `capacity`).
    private(set) var count = 0

    init(capacity: Int) {
        storage = [Double](repeating: 0, count: capacity)
    }

    var capacity: Int { storage.count }
    var isFull: Bool { count == storage.count }

    /// Appends `value`, overwriting the oldest value once full.
    @inline(__always)
    mutating func push(_ value: Double) {
        storage[head] = value
        head += 1
        if head == storage.count { head = 0 }
        if count < storage.count { count += 1 }
    }

    /// The oldest value held (the first pushed until the buffer is full).
    @inline(__always)
    var oldest: Double {
        count < storage.count ? storage[0] : storage[head]
    }

    /// The value `age` pushes ago (0 = the newest). Requires `age < count`.
    @inline(__always)
    func value(age: Int) -> Double {
        var slot = head - 1 - age
        if slot < 0 { slot += storage.count }
        return storage[slot]
    }

    /// Calls `body` with each held value, oldest first.
    @inline(__always)
    func forEachChronological(_ body: (Double) -> Void) {
        let start = count < storage.count ? 0 : head
        var slot = start
        for _ in 0..<count {
            body(storage[slot])
            slot += 1
            if slot == storage.count { slot = 0 }
        }
    }
}
