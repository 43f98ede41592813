import Ensembles

/// A dense n × d feature matrix in one contiguous row-major buffer, with a name per column:
/// feature `j` of observation `i` is `values[i * columns + j]`.
///
/// Every classifier in this module reads this flat buffer directly; nothing is copied row by
/// row. Values must be finite (a NaN feature is refused at construction, so no model has to
/// decide what a missing value means).
///
/// ```swift
/// let x = try FeatureMatrix(rows: [[0.1, 2], [0.3, -1]], columnNames: ["ret_1", "vol_20"])
/// x[1, 0]          // 0.3
/// x.columnNames    // ["ret_1", "vol_20"]
/// ```
public struct FeatureMatrix: Sendable, Equatable {
    /// n, the number of observations.
    public let rows: Int
    /// d, the number of features.
    public let columns: Int
    /// One name per column (`x0`, `x1`, … when none are given); unique.
    public let columnNames: [String]
    /// Row-major values, `rows * columns` of them.
    public let values: [Double]

    /// A matrix from a flat row-major buffer.
    ///
    /// - Throws: ``LearningError`` when `values.count != rows * columns`, a value is not finite,
    ///   or the names are not `columns` distinct strings.
    public init(rows: Int, columns: Int, values: [Double], columnNames: [String]? = nil) throws(LearningError) {
        let routine = "FeatureMatrix"
        guard rows >= 0, columns >= 0, values.count == rows * columns else {
            throw LearningError(routine: routine, reason: "\(values.count) values cannot fill \(rows) × \(columns)")
        }
        for (k, v) in values.enumerated() where !v.isFinite {
            throw LearningError(
                routine: routine, reason: "value at row \(k / columns), column \(k % columns) is not finite (\(v))")
        }
        let names = columnNames ?? (0..<columns).map { "x\($0)" }
        guard names.count == columns else {
            throw LearningError(routine: routine, reason: "\(names.count) column names for \(columns) columns")
        }
        guard Set(names).count == names.count else {
            throw LearningError(routine: routine, reason: "column names must be distinct: \(names)")
        }
        self.rows = rows
        self.columns = columns
        self.values = values
        self.columnNames = names
    }

    /// A matrix from row-major nested arrays (one inner array per observation).
    ///
    /// - Throws: ``LearningError`` for ragged rows, non-finite values or bad names. An empty
    ///   `rows` array gives a 0 × (names.count) matrix.
    public init(rows: [[Double]], columnNames: [String]? = nil) throws(LearningError) {
        let d = rows.first?.count ?? columnNames?.count ?? 0
        var flat: [Double] = []
        flat.reserveCapacity(rows.count * d)
        for (i, row) in rows.enumerated() {
            guard row.count == d else {
                throw LearningError(
                    routine: "FeatureMatrix", reason: "row \(i) has \(row.count) values, row 0 has \(d): must be rectangular")
            }
            flat.append(contentsOf: row)
        }
        try self.init(rows: rows.count, columns: d, values: flat, columnNames: columnNames)
    }

    /// The features of an `Ensembles` signal matrix (its bars become rows, its members columns).
    public init(_ matrix: SignalMatrix, columnNames: [String]? = nil) throws(LearningError) {
        try self.init(rows: matrix.bars, columns: matrix.members, values: matrix.values, columnNames: columnNames)
    }

    /// A matrix whose values, shape and names are already known to be valid.
    init(unchecked rows: Int, _ columns: Int, _ values: [Double], _ columnNames: [String]) {
        self.rows = rows
        self.columns = columns
        self.values = values
        self.columnNames = columnNames
    }

    /// The value of feature `column` for observation `row` (indices must be in range).
    public subscript(row: Int, column: Int) -> Double { values[row * columns + column] }

    /// Observation `i` as an array.
    public func row(_ i: Int) -> [Double] { Array(values[(i * columns)..<((i + 1) * columns)]) }

    /// Feature `j` of every observation.
    public func column(_ j: Int) -> [Double] {
        var out = [Double](repeating: 0, count: rows)
        for i in 0..<rows { out[i] = values[i * columns + j] }
        return out
    }

    /// The observations listed in `indices`, in that order.
    ///
    /// - Throws: ``LearningError`` when an index is outside `0 ..< rows`.
    public func selecting(rows indices: [Int]) throws(LearningError) -> FeatureMatrix {
        var flat: [Double] = []
        flat.reserveCapacity(indices.count * columns)
        for i in indices {
            guard i >= 0, i < rows else {
                throw LearningError(routine: "FeatureMatrix.selecting", reason: "row \(i) is outside 0..<\(rows)")
            }
            flat.append(contentsOf: values[(i * columns)..<((i + 1) * columns)])
        }
        return FeatureMatrix(unchecked: indices.count, columns, flat, columnNames)
    }

    /// The observations in `ranges`, concatenated in order (for the contiguous training ranges
    /// of a ``Ensembles/PurgedFold``).
    ///
    /// - Throws: ``LearningError`` when a range reaches outside `0 ..< rows`.
    public func selecting(ranges: [Range<Int>]) throws(LearningError) -> FeatureMatrix {
        let count = ranges.reduce(0) { $0 + $1.count }
        var flat: [Double] = []
        flat.reserveCapacity(count * columns)
        for r in ranges {
            guard r.lowerBound >= 0, r.upperBound <= rows else {
                throw LearningError(routine: "FeatureMatrix.selecting", reason: "rows \(r) reach outside 0..<\(rows)")
            }
            flat.append(contentsOf: values[(r.lowerBound * columns)..<(r.upperBound * columns)])
        }
        return FeatureMatrix(unchecked: count, columns, flat, columnNames)
    }

    /// The same values as an `Ensembles` signal matrix (for ``Ensembles/LogisticRegression``).
    public func signalMatrix() throws(LearningError) -> SignalMatrix {
        do {
            return try SignalMatrix(bars: rows, members: columns, values: values)
        } catch {
            throw LearningError(error)
        }
    }
}
