/// The model a ``CausalRegimeLabeller`` fitted on the fit rows (in standardised units).
public enum FittedRegimeModel: Sendable, Equatable {
    /// The Gaussian HMM of the chosen number of states (canonical: state 0 has the lowest mean of feature 0).
    case hmm(GaussianHMMModel)
    /// The k-means clustering of the fit rows (canonical order; `labels` are the fit rows').
    case kMeans(KMeansResult)
    /// PELT on the fit rows and its segments grouped into regimes. `breakpoints` are segment
    /// ends counted from the first fit row; `penalty` is the β used.
    case changePoint(SegmentRegimes, breakpoints: [Int], penalty: Double)

    /// One centre per regime (k × d, standardised units): the HMM emission means, the k-means
    /// centroids, or the change-point regime centroids (mean of each regime's fit rows).
    public var centroids: [[Double]] {
        switch self {
        case .hmm(let model): return model.means
        case .kMeans(let result): return result.centroids
        case .changePoint(let mapping, _, _): return mapping.regimeCentroids
        }
    }

    /// The fitted transition matrix (HMM only).
    public var transitions: [[Double]]? {
        if case .hmm(let model) = self { return model.transitions }
        return nil
    }
}

/// The outcome of ``CausalRegimeLabeller/label(_:fitRows:method:candidates:seed:stream:hmmConfig:penalty:)``.
///
/// `causalLabels[t]` depends on rows 0…t and on the model and scaler fitted on `fitRows`
/// only: for every row at or after `fitRows.upperBound` it is what a trader could have
/// computed at bar t. Inside the fit range the model has seen later fit rows (in-sample),
/// so those labels are causal in the assignment rule but not in the parameters.
///
/// `exPostLabels` use every row, later ones included (Viterbi, PELT segments): for
/// describing history, never for a decision at bar t.
public struct RegimeLabelling: Sendable, Equatable {
    /// The method used.
    public var method: RegimeMethod
    /// The rows the scaler and the model were fitted on.
    public var fitRows: Range<Int>
    /// The chosen number of regimes.
    public var regimes: Int
    /// Every candidate's score on the fit rows (BIC for the HMM, silhouette otherwise; see
    /// ``RegimeMethod/selectionCriterion``).
    public var scores: [RegimeCandidateScore]
    /// Column statistics of the fit rows; every row was standardised with them.
    public var scaler: FeatureScaler
    /// The fitted model.
    public var model: FittedRegimeModel
    /// Per-bar causal regime of every row: the HMM forward-filter argmax, or the nearest centroid.
    public var causalLabels: [Int]
    /// Ex-post regime of every row: the HMM Viterbi path over all rows, the k-means labels
    /// (fit rows) and nearest centroid (other rows), or PELT segments of all rows each given the
    /// regime whose centroid is nearest its mean.
    public var exPostLabels: [Int]
    /// P(regime i at t | rows 0…t) for every row (HMM only; n × k).
    public var filteredProbabilities: [[Double]]?

    public init(
        method: RegimeMethod, fitRows: Range<Int>, regimes: Int, scores: [RegimeCandidateScore], scaler: FeatureScaler,
        model: FittedRegimeModel, causalLabels: [Int], exPostLabels: [Int], filteredProbabilities: [[Double]]? = nil
    ) {
        self.method = method
        self.fitRows = fitRows
        self.regimes = regimes
        self.scores = scores
        self.scaler = scaler
        self.model = model
        self.causalLabels = causalLabels
        self.exPostLabels = exPostLabels
        self.filteredProbabilities = filteredProbabilities
    }
}
