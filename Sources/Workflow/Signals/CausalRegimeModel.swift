import Market
import Regimes
import Reports

/// A fitted regime model in a form that travels with its results (the `model` of
/// `regime_classifications`, the `regime_model` of a deployment configuration), so causal
/// labels can be computed on bars the fit never saw.
///
/// Labels are computed as when fitting: the regime features (`features`, `window`) of the bars,
/// standardised with the fit's means and deviations; then the HMM forward filter's most
/// probable state (with its filtered probability), or the nearest centroid (probability NaN).
/// Bars before every feature is defined are unlabelled (−1, NaN). The forward filter starts at
/// the first complete row of the bars given, so labels near the start can differ from those of
/// a longer history.
public struct CausalRegimeModel: Sendable {
    public enum Kind: Sendable {
        case hmm(GaussianHMMModel)
        case centroids([[Double]])
    }

    public var method: String
    public var names: [String]
    public var features: [RegimeFeature]
    public var window: Int
    public var scaler: FeatureScaler
    public var kind: Kind

    public var json: JSONValue {
        func matrix(_ m: [[Double]]) -> JSONValue { .array(m.map { .array($0.map { .number($0) }) }) }
        var pairs: [(String, JSONValue)] = [
            ("method", .string(method)), ("names", .array(names.map { .string($0) })),
            ("features", .array(features.map { .string($0.rawValue) })), ("window", .integer(window)),
            ("scaler_means", .array(scaler.means.map { .number($0) })),
            ("scaler_deviations", .array(scaler.deviations.map { .number($0) })),
        ]
        switch kind {
        case .hmm(let model):
            pairs += [("start_probabilities", .array(model.startProbabilities.map { .number($0) })),
                      ("transitions", matrix(model.transitions)), ("means", matrix(model.means)), ("variances", matrix(model.variances))]
        case .centroids(let centroids):
            pairs.append(("centroids", matrix(centroids)))
        }
        return .object(pairs)
    }

    init(method: String, names: [String], features: [RegimeFeature], window: Int, scaler: FeatureScaler, kind: Kind) {
        self.method = method
        self.names = names
        self.features = features
        self.window = window
        self.scaler = scaler
        self.kind = kind
    }

    public init(json value: JSONValue) throws {
        func fail(_ what: String) -> WorkflowError { WorkflowError("a regime model \(what)") }
        func numbers(_ v: JSONValue?) -> [Double]? { v?.arrayValue?.map { $0.finiteNumber ?? .nan } }
        func matrix(_ v: JSONValue?) -> [[Double]]? { v?.arrayValue?.compactMap { numbers($0) } }
        guard let method = value["method"]?.stringValue, let names = value["names"]?.arrayValue?.compactMap(\.stringValue),
              let features = value["features"]?.arrayValue?.compactMap({ $0.stringValue.flatMap(RegimeFeature.init(rawValue:)) }),
              let window = value["window"]?.wholeNumber, window >= 5,
              let means = numbers(value["scaler_means"]), let deviations = numbers(value["scaler_deviations"]),
              means.count == features.count, deviations.count == features.count, !names.isEmpty else {
            throw fail("lacks its method, regime names, features, window or scaler")
        }
        self.method = method
        self.names = names
        self.features = features
        self.window = window
        scaler = FeatureScaler(means: means, deviations: deviations)
        if let start = numbers(value["start_probabilities"]), let transitions = matrix(value["transitions"]),
           let hmmMeans = matrix(value["means"]), let variances = matrix(value["variances"]) {
            kind = .hmm(GaussianHMMModel(
                parameters: GaussianHMMParameters(startProbabilities: start, transitions: transitions, means: hmmMeans, variances: variances),
                logLikelihood: .nan, iterations: 0, converged: true))
        } else if let centroids = matrix(value["centroids"]), !centroids.isEmpty {
            kind = .centroids(centroids)
        } else {
            throw fail("has neither HMM parameters nor centroids")
        }
    }

    /// The causal label (−1 where undefined) and its probability (NaN where none) of every bar.
    public func labels(bars: [BarSeries], periodsPerYear: Double) throws -> (labels: [Int64], probabilities: [Double]) {
        let n = bars.first?.count ?? 0
        var labels = [Int64](repeating: -1, count: n), probabilities = [Double](repeating: .nan, count: n)
        let matrix = RegimeFeatures.matrix(bars: bars, features: features, window: window, periodsPerYear: periodsPerYear)
        guard !matrix.rows.isEmpty else { return (labels, probabilities) }
        let z = try scaler.transform(matrix.rows)
        switch kind {
        case .hmm(let model):
            let filtered = try model.filtered(z)
            for (r, row) in filtered.enumerated() where matrix.firstRow + r < n {
                let state = GaussianHMMModel.argmax(row)
                labels[matrix.firstRow + r] = Int64(state)
                probabilities[matrix.firstRow + r] = row[state]
            }
        case .centroids(let centroids):
            for (r, state) in try CentroidAssignment.labels(z, centroids: centroids).enumerated() where matrix.firstRow + r < n {
                labels[matrix.firstRow + r] = Int64(state)
            }
        }
        return (labels, probabilities)
    }

    /// ``labels(bars:periodsPerYear:)`` bar by bar (see ``Labeller``).
    public func labeller(periodsPerYear: Double) -> Labeller {
        Labeller(model: self, periodsPerYear: periodsPerYear)
    }

    /// The causal labels one bar at a time: each ``next(close:volume:otherClose:)`` consumes the
    /// next bar (of the first symbol, and the second's close) and returns the label and
    /// probability ``labels(bars:periodsPerYear:)`` gives that bar over the same bars, bit for
    /// bit (tested): the features streamed, each row scaled, then one step of the HMM forward
    /// filter or the nearest centroid.
    public struct Labeller: Sendable {
        private let model: CausalRegimeModel
        private var features: RegimeFeatures.Stream
        private var filter: GaussianHMMModel.ForwardFilter?

        init(model: CausalRegimeModel, periodsPerYear: Double) {
            self.model = model
            features = RegimeFeatures.Stream(features: model.features, window: model.window, periodsPerYear: periodsPerYear)
            if case .hmm(let hmm) = model.kind { filter = GaussianHMMModel.ForwardFilter(hmm) }
        }

        public mutating func next(close: Double, volume: Double, otherClose: Double?) throws -> (label: Int64, probability: Double) {
            guard let row = features.update(close: close, volume: volume, otherClose: otherClose) else { return (-1, .nan) }
            let z = try model.scaler.transform([row])
            switch model.kind {
            case .hmm:
                guard var step = filter else { return (-1, .nan) }
                let probabilities = try step.next(z[0])
                filter = step
                let state = GaussianHMMModel.argmax(probabilities)
                return (Int64(state), probabilities[state])
            case .centroids(let centroids):
                let state = try CentroidAssignment.labels(z, centroids: centroids)[0]
                return (Int64(state), .nan)
            }
        }
    }
}
