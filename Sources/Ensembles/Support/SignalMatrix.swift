/// A dense bars × members matrix in one contiguous row-major buffer: the value of
/// member `j` at bar `t` is `values[t * members + j]`.
///
/// Used for member signals (values in {−1, 0, 1} or real) and for feature matrices.
/// Every combination and learning loop runs over this flat buffer.
///
/// ```swift
/// let m = try SignalMatrix(rows: [[1, -1, 0], [1, 1, -1]])   // 2 bars, 3 members
/// m[1, 2]   // -1
/// ```
public struct SignalMatrix: Sendable, Equatable {
    /// Number of rows (bars or observations).
    public let bars: Int
    /// Number of columns (members or features).
    public let members: Int
    /// Row-major values, `bars * members` of them.
    public private(set) var values: [Double]

    /// A matrix from a flat row-major buffer; refuses a count that is not `bars * members`
    /// and non-finite values.
    public init(bars: Int, members: Int, values: [Double]) throws(EnsembleError) {
        guard bars >= 0, members >= 0, values.count == bars * members else {
            throw EnsembleError(
                routine: "SignalMatrix", reason: "\(values.count) values cannot fill \(bars) × \(members)")
        }
        for (k, v) in values.enumerated() where !v.isFinite {
            throw EnsembleError(
                routine: "SignalMatrix",
                reason: "value at bar \(members == 0 ? 0 : k / members), member \(members == 0 ? 0 : k % members) is not finite (\(v))")
        }
        self.bars = bars
        self.members = members
        self.values = values
    }

    /// A matrix from row-major nested arrays (one inner array per bar); refuses ragged or
    /// non-finite input.
    public init(rows: [[Double]]) throws(EnsembleError) {
        let d = rows.first?.count ?? 0
        var flat: [Double] = []
        flat.reserveCapacity(rows.count * d)
        for (t, row) in rows.enumerated() {
            guard row.count == d else {
                throw EnsembleError(
                    routine: "SignalMatrix", reason: "row \(t) has \(row.count) values, row 0 has \(d): must be rectangular")
            }
            flat.append(contentsOf: row)
        }
        try self.init(bars: rows.count, members: d, values: flat)
    }

    /// The value at bar `t`, member `j` (indices must be in range).
    public subscript(t: Int, j: Int) -> Double { values[t * members + j] }

    /// Row `t` as an array.
    public func row(_ t: Int) -> [Double] { Array(values[(t * members)..<((t + 1) * members)]) }

    /// The rows listed in `indices`, in that order, as a new matrix.
    ///
    /// - Throws: ``EnsembleError`` when an index is outside `0 ..< bars`.
    public func selecting(rows indices: [Int]) throws(EnsembleError) -> SignalMatrix {
        for t in indices where t < 0 || t >= bars {
            throw EnsembleError(routine: "SignalMatrix.selecting", reason: "row \(t) is outside 0..<\(bars)")
        }
        return rows(indices)
    }

    /// ``selecting(rows:)`` for indices already known to be in range.
    func rows(_ indices: [Int]) -> SignalMatrix {
        var flat: [Double] = []
        flat.reserveCapacity(indices.count * members)
        for t in indices { flat.append(contentsOf: values[(t * members)..<((t + 1) * members)]) }
        return SignalMatrix(unchecked: indices.count, members, flat)
    }

    /// Internal initialiser for buffers already known to be valid.
    init(unchecked bars: Int, _ members: Int, _ values: [Double]) {
        self.bars = bars
        self.members = members
        self.values = values
    }
}
