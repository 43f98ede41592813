/// "Did you mean …?" suggestions for misspelled keys and enum values, by edit distance.
///
/// ```swift
/// Suggestions.closest(to: "methd", among: ["method", "objective"])   // "method"
/// Suggestions.closest(to: "retyr", among: ["retry", "abort_workflow"]) // "retry" (a transposition counts as one edit)
/// ```
public enum Suggestions {
    /// The candidate nearest to `word`, or `nil` when none is near enough to be a plausible typo.
    ///
    /// Comparison ignores case. A candidate qualifies when its edit distance is at most
    /// `max(1, word.count / 3)`, or when one is a prefix of the other and the shorter has at
    /// least 3 characters. Ties go to the candidate listed first, so the answer never depends
    /// on hashing order.
    public static func closest(to word: String, among candidates: [String]) -> String? {
        let target = word.lowercased()
        guard !target.isEmpty else { return nil }
        let limit = max(1, target.count / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let lowered = candidate.lowercased()
            var distance = editDistance(target, lowered)
            if distance > limit {
                let shorter = min(target.count, lowered.count)
                let prefixed = shorter >= 3 && (lowered.hasPrefix(target) || target.hasPrefix(lowered))
                guard prefixed else { continue }
                distance = limit
            }
            if best == nil || distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// The optimal-string-alignment distance: insertions, deletions, substitutions and
    /// transpositions of adjacent characters each cost 1.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a)
        let y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        let width = y.count + 1
        var table = [Int](repeating: 0, count: (x.count + 1) * width)
        for i in 0...x.count { table[i * width] = i }
        for j in 0...y.count { table[j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var value = min(table[(i - 1) * width + j] + 1,
                                table[i * width + j - 1] + 1,
                                table[(i - 1) * width + j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    value = min(value, table[(i - 2) * width + j - 2] + 1)
                }
                table[i * width + j] = value
            }
        }
        return table[x.count * width + y.count]
    }

    /// `did you mean 'x'? ` when a suggestion exists, otherwise an empty string.
    static func didYouMean(_ word: String, among candidates: [String]) -> String? {
        closest(to: word, among: candidates).map { "did you mean '\($0)'?" }
    }
}
