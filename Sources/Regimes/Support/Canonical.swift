/// Canonical state order: states sorted by the mean of feature 0, ascending (ties by old index).
///
/// Returns `order` with `order[new] = old`, and `rank` with `rank[old] = new`.
enum Canonical {
    static func order(byFirstFeatureOf means: [[Double]]) -> (order: [Int], rank: [Int]) {
        let order = means.indices.sorted { a, b in
            let ma = means[a].first ?? 0
            let mb = means[b].first ?? 0
            return ma != mb ? ma < mb : a < b
        }
        var rank = [Int](repeating: 0, count: order.count)
        for (new, old) in order.enumerated() { rank[old] = new }
        return (order, rank)
    }
}
