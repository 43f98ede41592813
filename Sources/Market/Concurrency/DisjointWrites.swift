/// Lets concurrent workers fill one array, each writing only its own indices.
///
/// `DispatchQueue.concurrentPerform` runs a `@Sendable` closure; an
/// `UnsafeMutableBufferPointer` is not `Sendable`, although writing disjoint
/// slots from several threads is safe. This wrapper states that contract: every
/// index is written by at most one worker, and the array is read only after all
/// workers have finished.
///
/// ```swift
/// var results = [Double](repeating: 0, count: n)
/// results.withDisjointWrites { out in
///     DispatchQueue.concurrentPerform(iterations: workers) { w in
///         for i in stride(from: w, to: n, by: workers) { out[i] = work(i) }
///     }
/// }
/// ```
public struct DisjointWrites<Element>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<Element>?
    public let count: Int

    init(_ buffer: UnsafeMutableBufferPointer<Element>) {
        base = buffer.baseAddress
        count = buffer.count
    }

    /// Writes slot `index` (each slot from one worker only).
    public subscript(index: Int) -> Element {
        get {
            precondition(index >= 0 && index < count, "index out of range")
            return base.unsafelyUnwrapped[index]
        }
        nonmutating set {
            precondition(index >= 0 && index < count, "index out of range")
            base.unsafelyUnwrapped[index] = newValue
        }
    }
}

extension Array {
    /// Runs `body` with a ``DisjointWrites`` view of the array's storage.
    public mutating func withDisjointWrites<R>(_ body: (DisjointWrites<Element>) throws -> R) rethrows -> R {
        try withUnsafeMutableBufferPointer { try body(DisjointWrites($0)) }
    }
}
