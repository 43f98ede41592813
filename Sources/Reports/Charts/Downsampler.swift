/// Reduces long series to a bounded number of drawn points, deterministically.
///
/// Long series are cut into equal index buckets and each bucket keeps its lowest
/// and highest finite value (in index order), so peaks, troughs and drawdowns stay
/// visible; the first and last finite points are always kept. Non-finite values
/// become breaks in the line.
enum Downsampler {
    /// A point to draw at `index`, or a break (`value == nil`).
    struct Point: Equatable {
        var index: Int
        var value: Double?
    }

    static let defaultLimit = 1000

    /// At most `limit` drawn points (breaks not counted), in index order.
    static func reduce(_ values: [Double], limit: Int = defaultLimit) -> [Point] {
        var points: [Point] = []
        func append(_ point: Point) {
            if point.value == nil {
                // Collapse consecutive breaks; a leading break draws nothing.
                if points.isEmpty || points.last?.value == nil { return }
            }
            points.append(point)
        }
        if values.count <= max(limit, 4) {
            for (index, value) in values.enumerated() {
                append(Point(index: index, value: value.isFinite ? value : nil))
            }
            return trimmed(points)
        }
        let count = values.count
        let buckets = max(1, (limit - 2) / 2)
        let firstFinite = values.firstIndex { $0.isFinite }
        let lastFinite = values.lastIndex { $0.isFinite }
        if let firstFinite { append(Point(index: firstFinite, value: values[firstFinite])) }
        for bucket in 0..<buckets {
            let start = bucket * count / buckets
            let end = (bucket + 1) * count / buckets
            guard start < end else { continue }
            var minIndex = -1, maxIndex = -1, breakIndex = -1
            for index in start..<end {
                let value = values[index]
                if !value.isFinite {
                    if breakIndex < 0 { breakIndex = index }
                    continue
                }
                if minIndex < 0 || value < values[minIndex] { minIndex = index }
                if maxIndex < 0 || value > values[maxIndex] { maxIndex = index }
            }
            var chosen: [Int] = []
            for index in [minIndex, maxIndex, breakIndex] where index >= 0 && !chosen.contains(index) {
                chosen.append(index)
            }
            chosen.sort()
            for index in chosen where index != firstFinite && index != lastFinite {
                append(Point(index: index, value: values[index].isFinite ? values[index] : nil))
            }
        }
        if let lastFinite, lastFinite != firstFinite { append(Point(index: lastFinite, value: values[lastFinite])) }
        return trimmed(points)
    }

    /// Consecutive runs of drawn points between breaks.
    static func segments(_ points: [Point]) -> [[(index: Int, value: Double)]] {
        var result: [[(index: Int, value: Double)]] = []
        var current: [(index: Int, value: Double)] = []
        for point in points {
            if let value = point.value {
                current.append((point.index, value))
            } else if !current.isEmpty {
                result.append(current)
                current = []
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    private static func trimmed(_ points: [Point]) -> [Point] {
        var points = points
        while points.last?.value == nil && !points.isEmpty { points.removeLast() }
        return points
    }
}
