/// The last `capacity` values pushed, oldest first, contiguous — for per-bar statistics that
/// read their whole window in order (the windowed features, the pairs spread) bar by bar.
public struct TrailingWindow: Sendable {
    public let capacity: Int
    /// The values held, oldest first (at most `capacity`).
    public private(set) var values: [Double] = []

    public init(capacity: Int) {
        self.capacity = capacity
        values.reserveCapacity(capacity + 1)
    }

    /// Whether `capacity` values are held.
    public var isFull: Bool { values.count == capacity }

    /// Appends `x`, dropping the oldest value once full.
    public mutating func push(_ x: Double) {
        guard capacity > 0 else { return }
        values.append(x)
        if values.count > capacity { values.removeFirst() }
    }
}
