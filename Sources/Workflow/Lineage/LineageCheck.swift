import Market

extension PhaseContext {
    /// The end (exclusive) of the bars the inputs have seen, 0 when they saw none.
    public var inputsSeenEnd: Int {
        inputs.compactMap { $0.lineage?.seen }.filter { !$0.isEmpty }.map(\.upperBound).max() ?? 0
    }

    /// The hull of the bars the inputs have seen.
    public var inputsSeen: Range<Int>? {
        inputs.compactMap { $0.lineage?.seen }.reduce(nil) { Lineage.hull($0, $1) }
    }

    /// Applies the lineage rule (see ``Lineage``) to results evaluated on `range` and labelled
    /// out of sample: returns `"out_of_sample"` when every input saw only earlier bars;
    /// otherwise `"in_sample"` when `allowInSample`, else throws naming both phases and the
    /// overlapping dates.
    public func sampleLabel(evaluating range: Range<Int>, allowInSample: Bool, what: String) throws -> String {
        for input in inputs {
            guard let seen = input.lineage?.seen, !seen.isEmpty, !range.isEmpty, seen.upperBound > range.lowerBound else { continue }
            if allowInSample { return "in_sample" }
            let overlap = max(seen.lowerBound, range.lowerBound)..<min(seen.upperBound, range.upperBound)
            let overlapText = overlap.isEmpty
                ? "bars before \(data.date(range.lowerBound))"
                : "\(data.date(overlap.lowerBound)) … \(data.date(overlap.upperBound - 1))"
            throw WorkflowError(phase: name,
                "\(what) evaluates \(data.date(range.lowerBound)) … \(data.date(range.upperBound - 1)) out of sample, but input '\(input.reference.text)' (phase '\(input.producer)') was produced from bars \(data.date(seen.lowerBound)) … \(data.date(seen.upperBound - 1)); they overlap on \(overlapText) — evaluate bars after \(data.date(seen.upperBound - 1)) (e.g. data_split: train in '\(input.producer)'), or set allow_in_sample_inputs: true to label these figures in sample")
        }
        return "out_of_sample"
    }
}
