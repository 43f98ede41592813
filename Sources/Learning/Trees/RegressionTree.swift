/// One node of a ``RegressionTree``, laid out as scikit-learn's `tree_` arrays are.
public struct TreeNode: Sendable, Equatable {
    /// The split feature, or −1 at a leaf (sklearn `tree_.feature`, −2 there).
    public var feature: Int
    /// Rows with `Double(Float(x[feature])) <= threshold` go left (sklearn `tree_.threshold`).
    public var threshold: Double
    /// Child node indices, −1 at a leaf (sklearn `children_left` / `children_right`).
    public var left: Int
    public var right: Int
    /// The prediction: the weighted mean target for a plain tree; for a boosted tree's leaf, the
    /// Newton step that replaced it (sklearn `tree_.value[:, 0, 0]`).
    public var value: Double
    /// Weighted variance of the targets at this node (sklearn `tree_.impurity`, squared error).
    public var impurity: Double
    /// Training rows (positive weight) that reached the node (sklearn `n_node_samples`).
    public var sampleCount: Int
    /// Their total weight (sklearn `weighted_n_node_samples`).
    public var weightedSampleCount: Double

    public var isLeaf: Bool { left < 0 }

    public init(
        feature: Int, threshold: Double, left: Int, right: Int, value: Double, impurity: Double, sampleCount: Int,
        weightedSampleCount: Double
    ) {
        self.feature = feature
        self.threshold = threshold
        self.left = left
        self.right = right
        self.value = value
        self.impurity = impurity
        self.sampleCount = sampleCount
        self.weightedSampleCount = weightedSampleCount
    }
}

/// Settings of ``RegressionTree/fit(_:targets:sampleWeights:config:)`` (the
/// `DecisionTreeRegressor` parameters that gradient boosting passes on).
public struct RegressionTreeConfig: Sendable, Equatable {
    /// Nodes at this depth become leaves (≥ 1); sklearn `max_depth`.
    public var maxDepth: Int
    /// A node with fewer rows is not split (≥ 2); sklearn `min_samples_split`.
    public var minSamplesSplit: Int
    /// Each child of a split keeps at least this many rows (≥ 1); sklearn `min_samples_leaf`.
    public var minSamplesLeaf: Int

    public init(maxDepth: Int = 3, minSamplesSplit: Int = 2, minSamplesLeaf: Int = 1) {
        self.maxDepth = maxDepth
        self.minSamplesSplit = minSamplesSplit
        self.minSamplesLeaf = minSamplesLeaf
    }

    func validate(routine: String) throws(LearningError) {
        guard maxDepth >= 1 else { throw LearningError(routine: routine, reason: "maxDepth must be ≥ 1, got \(maxDepth)") }
        guard minSamplesSplit >= 2 else {
            throw LearningError(routine: routine, reason: "minSamplesSplit must be ≥ 2, got \(minSamplesSplit)")
        }
        guard minSamplesLeaf >= 1 else {
            throw LearningError(routine: routine, reason: "minSamplesLeaf must be ≥ 1, got \(minSamplesLeaf)")
        }
    }
}

/// A binary regression tree grown greedily on squared error, as scikit-learn's
/// `DecisionTreeRegressor(criterion="squared_error", splitter="best", max_features=None)` grows it
/// (Breiman, Friedman, Olshen & Stone, *Classification and Regression Trees*, 1984, ch. 8).
///
/// **Split search.** At a node holding rows R with weights sᵢ and targets rᵢ, every feature is
/// sorted and every cut between consecutive distinct values is tried (values closer than 10⁻⁷
/// in single precision count as equal, sklearn's `FEATURE_THRESHOLD`); a cut must leave
/// `minSamplesLeaf` rows on each side. The cut maximising the proxy
/// `S_L²/W_L + S_R²/W_R` (S = Σ sᵢrᵢ, W = Σ sᵢ of a side) wins — equivalently the largest
/// decrease of weighted squared error, and also the largest Friedman (2001, eq. 35) improvement
/// `W_L W_R / (W_L + W_R) · (r̄_L − r̄_R)²`, which is the same quantity times the constant W of the
/// node. The threshold is the midpoint of the two values, `x_lo/2 + x_hi/2`.
///
/// **Features in single precision.** scikit-learn's trees read X as float32; so do these:
/// `Double(Float(x))` is compared with a Double threshold, in fitting and in prediction alike.
///
/// **Ties.** sklearn visits features in a random order (its `random_state`) and keeps the first
/// best; here features are visited in index order, so an exact tie goes to the lowest index.
/// The two agree whenever no two features give exactly the same best proxy.
///
/// Nodes are numbered depth first, left child first (sklearn's order), so ``nodes`` can be
/// compared with sklearn's `tree_` arrays index by index.
public struct RegressionTree: Sendable, Equatable {
    /// The nodes, root first.
    public let nodes: [TreeNode]
    /// The number of feature columns the tree was grown on.
    public let featureCount: Int

    public init(nodes: [TreeNode], featureCount: Int) {
        self.nodes = nodes
        self.featureCount = featureCount
    }

    /// Grows a tree on `x` (n × d) and real `targets` (sklearn `DecisionTreeRegressor.fit`).
    ///
    /// Rows with zero weight take no part (as in sklearn).
    /// - Throws: ``LearningError`` on mismatched sizes, non-finite targets, negative or non-finite
    ///   weights, no row with positive weight, or an invalid config.
    public static func fit(
        _ x: FeatureMatrix, targets: [Double], sampleWeights: [Double]? = nil, config: RegressionTreeConfig = .init()
    ) throws(LearningError) -> RegressionTree {
        let routine = "RegressionTree.fit"
        try config.validate(routine: routine)
        let n = x.rows
        guard n > 0, x.columns > 0 else { throw LearningError(routine: routine, reason: "no observations or no features") }
        guard targets.count == n else {
            throw LearningError(routine: routine, reason: "\(targets.count) targets for \(n) observations")
        }
        let w = sampleWeights ?? [Double](repeating: 1, count: n)
        guard w.count == n else { throw LearningError(routine: routine, reason: "\(w.count) sample weights for \(n) observations") }
        var active: [Int32] = []
        active.reserveCapacity(n)
        for i in 0..<n {
            guard targets[i].isFinite else { throw LearningError(routine: routine, reason: "target at row \(i) is not finite") }
            guard w[i] >= 0, w[i].isFinite else {
                throw LearningError(routine: routine, reason: "sample weight \(w[i]) at row \(i) must be ≥ 0 and finite")
            }
            if w[i] > 0 { active.append(Int32(i)) }
        }
        guard !active.isEmpty else { throw LearningError(routine: routine, reason: "no row has a positive weight") }
        let columns = SinglePrecisionColumns(x)
        let sorted = columns.presorted()
        var grower = TreeGrower(columns: columns, config: config)
        return grower.grow(presorted: sorted, rows: active.count == n ? nil : active, targets: targets, weights: w)
    }

    /// The leaf each row of `x` falls in (sklearn `apply`).
    public func apply(_ x: FeatureMatrix) throws(LearningError) -> [Int] {
        try checkColumns(x, routine: "RegressionTree.apply")
        let columns = SinglePrecisionColumns(x)
        var out = [Int](repeating: 0, count: x.rows)
        for i in 0..<x.rows { out[i] = leaf(columns, row: i) }
        return out
    }

    /// The leaf value of each row of `x` (sklearn `predict`).
    public func predict(_ x: FeatureMatrix) throws(LearningError) -> [Double] {
        try checkColumns(x, routine: "RegressionTree.predict")
        let columns = SinglePrecisionColumns(x)
        var out = [Double](repeating: 0, count: x.rows)
        for i in 0..<x.rows { out[i] = nodes[leaf(columns, row: i)].value }
        return out
    }

    /// Total weighted impurity decrease per feature divided by the root's weight:
    /// Σ over splits on feature j of `W_t·i_t − W_L·i_L − W_R·i_R`, over `W_root`
    /// (sklearn `tree_.compute_feature_importances(normalize=False)`).
    public func impurityDecrease() -> [Double] {
        var out = [Double](repeating: 0, count: featureCount)
        guard let root = nodes.first else { return out }
        for node in nodes where !node.isLeaf {
            let l = nodes[node.left]
            let r = nodes[node.right]
            out[node.feature] +=
                node.weightedSampleCount * node.impurity - l.weightedSampleCount * l.impurity
                - r.weightedSampleCount * r.impurity
        }
        for j in 0..<featureCount { out[j] /= root.weightedSampleCount }
        return out
    }

    /// The leaf reached by row `i` of single-precision columns.
    @inline(__always)
    func leaf(_ columns: SinglePrecisionColumns, row i: Int) -> Int {
        columns.values.withUnsafeBufferPointer { v in
            nodes.withUnsafeBufferPointer { nb in
                var k = 0
                while nb[k].left >= 0 {
                    let node = nb[k]
                    k = Double(v[node.feature * columns.rows + i]) <= node.threshold ? node.left : node.right
                }
                return k
            }
        }
    }

    private func checkColumns(_ x: FeatureMatrix, routine: String) throws(LearningError) {
        guard x.columns == featureCount else {
            throw LearningError(routine: routine, reason: "matrix has \(x.columns) features, the tree \(featureCount)")
        }
    }
}
