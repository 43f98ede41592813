/// A regime-detection method of ``CausalRegimeLabeller``.
///
/// Raw values are the workflow configuration's names (`methods: [hmm, k_means, change_point]`).
public enum RegimeMethod: String, CaseIterable, Sendable {
    /// Gaussian HMM (diagonal covariances); the number of states minimises BIC.
    case hmm
    /// k-means; the number of clusters maximises the mean silhouette.
    case kMeans = "k_means"
    /// PELT segments grouped by k-means on their means; the number maximises the silhouette.
    case changePoint = "change_point"

    /// How the number of regimes is chosen: `"bic"` (lower is better) or `"silhouette"` (higher).
    public var selectionCriterion: String {
        switch self {
        case .hmm: return "bic"
        case .kMeans, .changePoint: return "silhouette"
        }
    }
}
