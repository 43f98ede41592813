/// Grows ``RegressionTree``s depth first, as scikit-learn's `DepthFirstTreeBuilder` with a
/// `BestSplitter` and the squared-error criterion does (see ``RegressionTree`` for the rules).
///
/// **Layout.** Instead of sorting every feature at every node, each feature keeps its rows in
/// sorted order once (``SinglePrecisionColumns/presorted()``); a node is the same slice
/// `[start, end)` of every feature's ordering, and a split stably partitions each slice into
/// its left and right rows. Growing a tree of depth D then costs O(D · n · d) after one
/// O(d · n log n) presort shared by every tree of a boosted model. The buffers live in the
/// grower and are reused from tree to tree; nothing is allocated per row.
struct TreeGrower {
    let columns: SinglePrecisionColumns
    let config: RegressionTreeConfig
    /// Rows of each feature in sorted order, feature j at `[j * m, (j + 1) * m)`, m = rows in the tree.
    private var order: [Int32] = []
    private var scratch: [Int32] = []
    private var goesLeft: [Bool] = []

    /// sklearn's `FEATURE_THRESHOLD`: values within this (in single precision) are one value.
    static let featureThreshold: Float = 1e-7
    /// sklearn's `EPSILON` in the tree builder: a node this pure is a leaf.
    static let pureImpurity = Double.ulpOfOne

    init(columns: SinglePrecisionColumns, config: RegressionTreeConfig) {
        self.columns = columns
        self.config = config
    }

    private struct Pending {
        var start: Int
        var end: Int
        var depth: Int
        var parent: Int
        var isLeft: Bool
        var impurity: Double
    }

    private struct Split {
        var feature: Int
        var position: Int
        var threshold: Double
    }

    /// Grows one tree on `rows` (ascending row indices with positive weight; `nil` = all rows).
    mutating func grow(presorted: [Int32], rows: [Int32]?, targets: [Double], weights: [Double]) -> RegressionTree {
        let n = columns.rows
        let d = columns.columns
        let m = rows?.count ?? n
        if order.count != m * d { order = [Int32](repeating: 0, count: m * d) }
        if scratch.count != m { scratch = [Int32](repeating: 0, count: m) }
        if goesLeft.count != n { goesLeft = [Bool](repeating: false, count: n) }
        if let rows {
            for i in 0..<n { goesLeft[i] = false }
            for r in rows { goesLeft[Int(r)] = true }  // in-bag mask, reset below
            order.withUnsafeMutableBufferPointer { ob in
                presorted.withUnsafeBufferPointer { pb in
                    for j in 0..<d {
                        var k = j * m
                        for q in (j * n)..<((j + 1) * n) where goesLeft[Int(pb[q])] {
                            ob[k] = pb[q]
                            k += 1
                        }
                    }
                }
            }
        } else {
            order = presorted
        }
        for i in 0..<n { goesLeft[i] = false }

        var nodes: [TreeNode] = []
        var stack = [Pending(start: 0, end: m, depth: 0, parent: -1, isLeft: false, impurity: .infinity)]
        while let record = stack.popLast() {
            let (s, w, q) = sums(start: record.start, end: record.end, m: m, targets: targets, weights: weights)
            let count = record.end - record.start
            let impurity = record.parent < 0 ? q / w - (s / w) * (s / w) : record.impurity
            var split: Split?
            let leafByRule =
                record.depth >= config.maxDepth || count < config.minSamplesSplit || count < 2 * config.minSamplesLeaf
                || impurity <= Self.pureImpurity
            if !leafByRule {
                split = bestSplit(start: record.start, end: record.end, m: m, s: s, w: w, targets: targets, weights: weights)
            }
            let id = nodes.count
            nodes.append(
                TreeNode(
                    feature: split?.feature ?? -1, threshold: split?.threshold ?? -2, left: -1, right: -1, value: s / w,
                    impurity: impurity, sampleCount: count, weightedSampleCount: w))
            if record.parent >= 0 {
                if record.isLeft { nodes[record.parent].left = id } else { nodes[record.parent].right = id }
            }
            guard let split else { continue }
            let (impurityLeft, impurityRight) = childImpurities(
                split, start: record.start, m: m, s: s, w: w, q: q, targets: targets, weights: weights)
            partition(split, start: record.start, end: record.end, m: m)
            stack.append(
                Pending(
                    start: split.position, end: record.end, depth: record.depth + 1, parent: id, isLeft: false,
                    impurity: impurityRight))
            stack.append(
                Pending(
                    start: record.start, end: split.position, depth: record.depth + 1, parent: id, isLeft: true,
                    impurity: impurityLeft))
        }
        return RegressionTree(nodes: nodes, featureCount: d)
    }

    /// (Σ sᵢrᵢ, Σ sᵢ, Σ sᵢrᵢ²) over the node's rows.
    private func sums(start: Int, end: Int, m: Int, targets: [Double], weights: [Double]) -> (Double, Double, Double) {
        order.withUnsafeBufferPointer { ob in
            targets.withUnsafeBufferPointer { tb in
                weights.withUnsafeBufferPointer { wb in
                    var s = 0.0
                    var w = 0.0
                    var q = 0.0
                    for k in start..<end {
                        let i = Int(ob[k])
                        let wr = wb[i] * tb[i]
                        s += wr
                        w += wb[i]
                        q += wr * tb[i]
                    }
                    return (s, w, q)
                }
            }
        }
    }

    /// The cut maximising S_L²/W_L + S_R²/W_R over every feature (first best in feature order).
    private func bestSplit(
        start: Int, end: Int, m: Int, s: Double, w: Double, targets: [Double], weights: [Double]
    ) -> Split? {
        let n = columns.rows
        let minLeaf = config.minSamplesLeaf
        let eps = Self.featureThreshold
        var best: Split?
        var bestProxy = -Double.infinity
        order.withUnsafeBufferPointer { ob in
            columns.values.withUnsafeBufferPointer { vb in
                targets.withUnsafeBufferPointer { tb in
                    weights.withUnsafeBufferPointer { wb in
                        for f in 0..<columns.columns {
                            let seg = f * m
                            let col = f * n
                            @inline(__always) func value(_ k: Int) -> Float { vb[col + Int(ob[seg + k])] }
                            if value(end - 1) <= value(start) + eps { continue }  // constant here
                            var wl = 0.0
                            var sl = 0.0
                            var accumulated = start
                            var p = start
                            while p < end {
                                p += 1
                                while p < end && value(p) <= value(p - 1) + eps { p += 1 }
                                if p >= end { break }
                                if p - start < minLeaf { continue }
                                if end - p < minLeaf { break }
                                while accumulated < p {
                                    let i = Int(ob[seg + accumulated])
                                    wl += wb[i]
                                    sl += wb[i] * tb[i]
                                    accumulated += 1
                                }
                                let wr = w - wl
                                let sr = s - sl
                                let proxy = sl * sl / wl + sr * sr / wr
                                if proxy > bestProxy {
                                    bestProxy = proxy
                                    let lo = Double(value(p - 1))
                                    let hi = Double(value(p))
                                    var threshold = lo / 2 + hi / 2
                                    if threshold == hi || threshold.isInfinite { threshold = lo }
                                    best = Split(feature: f, position: p, threshold: threshold)
                                }
                            }
                        }
                    }
                }
            }
        }
        return best
    }

    /// The weighted variances of the two children (sklearn `MSE.children_impurity`).
    private func childImpurities(
        _ split: Split, start: Int, m: Int, s: Double, w: Double, q: Double, targets: [Double], weights: [Double]
    ) -> (Double, Double) {
        let (sl, wl, ql) = sums(
            start: split.feature * m + start, end: split.feature * m + split.position, m: m, targets: targets,
            weights: weights)
        let sr = s - sl
        let wr = w - wl
        let qr = q - ql
        return (ql / wl - (sl / wl) * (sl / wl), qr / wr - (sr / wr) * (sr / wr))
    }

    /// Stably reorders every feature's slice `[start, end)` into the left rows, then the right rows.
    private mutating func partition(_ split: Split, start: Int, end: Int, m: Int) {
        let chosen = split.feature
        order.withUnsafeMutableBufferPointer { ob in
            goesLeft.withUnsafeMutableBufferPointer { left in
                scratch.withUnsafeMutableBufferPointer { tmp in
                    for k in start..<split.position { left[Int(ob[chosen * m + k])] = true }
                    for f in 0..<columns.columns where f != chosen {
                        let seg = f * m
                        var l = seg + start
                        var r = 0
                        for k in (seg + start)..<(seg + end) {
                            let i = ob[k]
                            if left[Int(i)] {
                                ob[l] = i
                                l += 1
                            } else {
                                tmp[r] = i
                                r += 1
                            }
                        }
                        for k in 0..<r { ob[l + k] = tmp[k] }
                    }
                    for k in start..<split.position { left[Int(ob[chosen * m + k])] = false }
                }
            }
        }
    }
}
