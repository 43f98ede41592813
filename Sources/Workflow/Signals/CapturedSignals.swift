import Reports
import Strategies

/// The `compressed_signals` artifact of a `signal_generation` phase with
/// `capture_all_signals`: which strategies were captured, and where each one's per-bar signals
/// sit in the run's signal store (one binary file per member and symbol, addressed by
/// ``Signals/SignalKey``). Replay phases read the files through it; nothing looks a member
/// up by its position in JSON.
///
/// ```json
/// {"format": "admf-signal-store-v1", "code_version": "admf-signals-1;encoding=smallest",
///  "segment": "full", "bars": 1509, "from": "2018-01-02", "to": "2023-12-29", "compressed": true,
///  "members": [{"member": "m0", "strategy": "momentum", "parameters": {…}, "regime": "regime_1",
///               "symbols": ["SPY", …], "keys": ["3fa1…", …], "encoded_bytes": 912, "dense_bytes": 12072}],
///  "regime_context": {"labels_from": "regime_analysis.regime_classifications", "names": ["regime_0", …],
///                     "key": "9c0e…", "probabilities": true} | null,
///  "encoded_bytes": …, "dense_bytes": …, "compression_ratio": …}
/// ```
public struct CapturedSignals: Sendable, Equatable {
    public struct Member: Sendable, Equatable {
        /// `m0`, `m1`, … in capture order.
        public var id: String
        public var strategy: String
        public var parameters: ParameterSet
        /// The regime the parameters were optimised for (`regime_optimized_strategies`), if any.
        public var regime: String?
        public var symbols: [String]
        /// The signal store key (hex) of each symbol's signal, aligned with `symbols`.
        public var keys: [String]
        public var encodedBytes: Int
        public var denseBytes: Int

        /// `momentum{fast_period=10,…}@regime_1`.
        public var label: String {
            let parameters = self.parameters.sortedPairs.map { "\($0.name)=\(Self.format($0.value))" }.joined(separator: ",")
            return "\(strategy){\(parameters)}" + (regime.map { "@\($0)" } ?? "")
        }

        private static func format(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
        }
    }

    /// The causal regime label (and its filtered probability) at every bar, stored beside the signals.
    public struct RegimeContext: Sendable, Equatable {
        public var labelsFrom: String
        public var names: [String]
        public var key: String
        /// Whether the labels carry probabilities (HMM forward filter); else the column is NaN.
        public var probabilities: Bool
        /// The fitted model behind the labels (``CausalRegimeModel`` JSON), to label new bars.
        public var model: JSONValue?
    }

    public static let format = "admf-signal-store-v1"

    public var codeVersion: String
    public var segment: DataSegment
    public var bars: Int
    public var from: String
    public var to: String
    public var compressed: Bool
    public var members: [Member]
    public var regimeContext: RegimeContext?

    public var encodedBytes: Int { members.reduce(0) { $0 + $1.encodedBytes } }
    public var denseBytes: Int { members.reduce(0) { $0 + $1.denseBytes } }
    /// Dense float64 bytes over stored bytes (whole files).
    public var compressionRatio: Double { encodedBytes > 0 ? Double(denseBytes) / Double(encodedBytes) : .nan }

    public var json: JSONValue {
        .object([
            ("format", .string(Self.format)),
            ("code_version", .string(codeVersion)),
            ("segment", .string(segment.rawValue)),
            ("bars", .integer(bars)),
            ("from", .string(from)),
            ("to", .string(to)),
            ("compressed", .bool(compressed)),
            ("members", .array(members.map { member in
                .object([
                    ("member", .string(member.id)),
                    ("strategy", .string(member.strategy)),
                    ("parameters", .object(member.parameters.sortedPairs.map { ($0.name, .number($0.value)) })),
                    ("regime", member.regime.map { .string($0) } ?? .null),
                    ("symbols", .array(member.symbols.map { .string($0) })),
                    ("keys", .array(member.keys.map { .string($0) })),
                    ("encoded_bytes", .integer(member.encodedBytes)),
                    ("dense_bytes", .integer(member.denseBytes)),
                ])
            })),
            ("regime_context", regimeContext.map { context in
                .object([
                    ("labels_from", .string(context.labelsFrom)),
                    ("names", .array(context.names.map { .string($0) })),
                    ("key", .string(context.key)),
                    ("probabilities", .bool(context.probabilities)),
                    ("model", context.model ?? .null),
                ])
            } ?? .null),
            ("encoded_bytes", .integer(encodedBytes)),
            ("dense_bytes", .integer(denseBytes)),
            ("compression_ratio", .number(compressionRatio)),
        ])
    }

    public init(codeVersion: String, segment: DataSegment, bars: Int, from: String, to: String, compressed: Bool,
                members: [Member], regimeContext: RegimeContext?) {
        self.codeVersion = codeVersion
        self.segment = segment
        self.bars = bars
        self.from = from
        self.to = to
        self.compressed = compressed
        self.members = members
        self.regimeContext = regimeContext
    }

    /// Reads the artifact; a malformed one is an error naming what is missing.
    public init(json value: JSONValue) throws {
        func fail(_ what: String) -> WorkflowError { WorkflowError("a captured_signals artifact \(what)") }
        guard value["format"]?.stringValue == Self.format else { throw fail("is not in format \(Self.format)") }
        guard let codeVersion = value["code_version"]?.stringValue,
              let segment = value["segment"]?.stringValue.flatMap(DataSegment.init(rawValue:)),
              let bars = value["bars"]?.doubleValue, let from = value["from"]?.stringValue, let to = value["to"]?.stringValue,
              let list = value["members"]?.arrayValue else { throw fail("lacks code_version, segment, bars or members") }
        self.codeVersion = codeVersion
        self.segment = segment
        self.bars = wholeNumber(bars) ?? 0
        self.from = from
        self.to = to
        compressed = value["compressed"]?.boolValue ?? true
        members = try list.map { item in
            guard let id = item["member"]?.stringValue, let strategy = item["strategy"]?.stringValue,
                  let parameters = item["parameters"]?.objectValue,
                  let symbols = item["symbols"]?.arrayValue?.compactMap(\.stringValue),
                  let keys = item["keys"]?.arrayValue?.compactMap(\.stringValue), keys.count == symbols.count else {
                throw fail("has a member without id, strategy, parameters, symbols or keys")
            }
            var values: [String: Double] = [:]
            for (name, number) in parameters { values[name] = number.doubleValue ?? .nan }
            return Member(id: id, strategy: strategy, parameters: ParameterSet(values), regime: item["regime"]?.stringValue,
                          symbols: symbols, keys: keys, encodedBytes: item["encoded_bytes"]?.wholeNumber ?? 0,
                          denseBytes: item["dense_bytes"]?.wholeNumber ?? 0)
        }
        if let context = value["regime_context"], context != .null {
            guard let labelsFrom = context["labels_from"]?.stringValue, let key = context["key"]?.stringValue,
                  let names = context["names"]?.arrayValue?.compactMap(\.stringValue) else { throw fail("has an incomplete regime_context") }
            let model = context["model"]
            regimeContext = RegimeContext(labelsFrom: labelsFrom, names: names, key: key,
                                          probabilities: context["probabilities"]?.boolValue ?? false,
                                          model: model == .null ? nil : model)
        }
    }
}
