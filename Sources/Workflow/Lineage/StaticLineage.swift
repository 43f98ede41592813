import Market

extension DataSegment {
    /// Which halves of the data a segment covers.
    var halves: (train: Bool, test: Bool) {
        switch self {
        case .train: return (true, false)
        case .test: return (false, true)
        case .full: return (true, true)
        }
    }
}

extension Lineage {
    /// The smallest segment covering both.
    static func union(_ a: DataSegment, _ b: DataSegment) -> DataSegment {
        let train = a.halves.train || b.halves.train, test = a.halves.test || b.halves.test
        return train && test ? .full : (test ? .test : .train)
    }
}

/// The lineage rule checked on the graph before anything runs (see ``Lineage``).
///
/// Each output's segments are the data segment its phase reads for it
/// (``WorkflowPhase/segmentSeen(by:)``) joined with everything its inputs have seen, up the
/// graph. A phase that labels results out of sample on a segment
/// (``WorkflowPhase/outOfSampleSegment``) must not take an input that has seen that segment.
/// Phases whose evaluation range depends on the data (walk-forward windows) are checked at
/// run time instead.
enum StaticLineage {
    /// - Parameter data: loads the data to name the overlapping dates (only when a violation is found).
    /// The halves of the data `output` of `phase` has seen, up the graph (which has no cycles).
    static func seen(_ phase: String, _ output: String, phases: [String: PlannedPhase], depth: Int = 0) -> (train: Bool, test: Bool) {
        guard let planned = phases[phase], depth < 1_000 else { return (false, false) }
        var result: (train: Bool, test: Bool) = planned.phase.segmentSeen(by: output)?.halves ?? (false, false)
        for input in planned.inputs {
            let upstream = seen(input.producer, input.output, phases: phases, depth: depth + 1)
            result = (result.train || upstream.train, result.test || upstream.test)
        }
        return result
    }

    static func check(phases: [String: PlannedPhase], order: [PlannedPhase], split: DataSplit?,
                      data: () -> WorkflowData?) throws {
        func seen(_ phase: String, _ output: String) -> (train: Bool, test: Bool) {
            Self.seen(phase, output, phases: phases)
        }
        for phase in order {
            guard let segment = phase.phase.outOfSampleSegment, !phase.phase.allowsInSampleInputs else { continue }
            let evaluated = segment.halves
            for input in phase.inputs {
                let upstream = seen(input.producer, input.output)
                guard (evaluated.train && upstream.train) || (evaluated.test && upstream.test) else { continue }
                let node = phase.node.child("inputs") ?? phase.node
                let producerSegment = phases[input.producer]?.phase.segmentSeen(by: input.output)
                let source = producerSegment.map { "phase '\(input.producer)' reads data_split: \($0.rawValue)" }
                    ?? "an earlier phase on its path read them"
                throw ConfigError(
                    file: node.file, line: input.reference.line ?? node.line, column: input.reference.column ?? node.column,
                    path: input.reference.path,
                    message: "phase '\(phase.name)' reports out-of-sample results on the \(describe(segment, split, data())), but its input '\(input.reference.text)' was produced from data that include those bars (\(source))",
                    hint: "choose the input on the train split (data_split: train in '\(input.producer)'), evaluate later bars, or set allow_in_sample_inputs: true in '\(phase.name)' to label its figures in sample")
            }
        }
    }

    static func describe(_ segment: DataSegment, _ split: DataSplit?, _ data: WorkflowData?) -> String {
        if let data, let n = data.full.first?.count, n > 0 {
            let range = data.range(segment)
            if !range.isEmpty {
                return "\(segment == .full ? "full data" : "\(segment.rawValue) split") (\(data.date(range.lowerBound)) … \(data.date(range.upperBound - 1)))"
            }
        }
        let boundary: String
        switch split {
        case .date(let start)?: boundary = "from \(Timestamps.format(start))"
        case .ratio(let ratio)?: boundary = "the last \(Int(((1 - ratio) * 100).rounded())) % of the bars"
        case nil: boundary = "the held-out bars"
        }
        switch segment {
        case .test: return "test split (\(boundary))"
        case .train: return "train split (the bars before the test split, \(boundary))"
        case .full: return "full data"
        }
    }
}
