import ADMFTestSupport
import Dispatch
import Foundation
@testable import Market
import Testing

/// A seeded mutation test of the CSV front end (loader, drop mode, inspection).
///
/// The rule it checks, for every mutated input: no crash, no hang (each case finishes
/// within ``caseLimit``), and the file is either loaded — every bar finite, prices
/// positive, OHLC consistent, volume ≥ 0, timestamps strictly increasing — or refused
/// with a ``MarketDataError`` that names a line (only an empty file has none). The
/// three readers must also agree with each other (strict loading succeeds exactly when
/// inspection finds no problem; drop mode keeps exactly inspection's valid rows and
/// reports exactly its invalid lines), and with themselves when the read buffer is
/// tiny, so chunk boundaries fall everywhere.
///
/// The reason: the loader is the one place untrusted bytes enter the system; a crash
/// there takes a whole workflow down, and a silently misread row poisons every result
/// after it. A fixed seed keeps CI deterministic; a failure prints the case number and
/// its input. `ADMF_FUZZ_SEED`, `ADMF_FUZZ_CASES` and `ADMF_FUZZ_SECONDS` run it longer
/// or differently, e.g. `ADMF_FUZZ_CASES=100000 ADMF_FUZZ_SECONDS=600 swift test --filter CSVFuzzTests`.
@Suite struct CSVFuzzTests {
    static let environment = ProcessInfo.processInfo.environment
    static let seed = environment["ADMF_FUZZ_SEED"].flatMap { UInt64($0) } ?? 20_261_202
    /// Cases run in CI: about two seconds in a debug build.
    static let cases = environment["ADMF_FUZZ_CASES"].flatMap { Int($0) } ?? 1_200
    /// The whole test stops (and says so) after this long, whatever `cases` says.
    static let budgetSeconds = environment["ADMF_FUZZ_SECONDS"].flatMap { Double($0) } ?? 8
    /// One case (five reads of a file of at most a few kilobytes) taking longer than this is a hang.
    static let caseLimit = 5.0

    @Test func mutatedFilesAreLoadedCleanlyOrRefusedWithALine() throws {
        let directory = try RepositoryPaths.temporaryDirectory("csv-fuzz")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("fuzz_1m.csv").path
        let started = Date()
        var ran = 0
        var failed = 0
        for index in 0..<Self.cases {
            if Date().timeIntervalSince(started) > Self.budgetSeconds { break }
            var mutator = CSVMutator(rng: SeededGenerator(seed: Self.seed, stream: "csv-fuzz-\(index)"))
            let input = mutator.mutate(mutator.seed())
            let chunk = 1 + mutator.below(48)
            try Data(input).write(to: URL(fileURLWithPath: path))

            let result = FuzzResult()
            let done = DispatchSemaphore(value: 0)
            DispatchQueue.global().async {
                result.failures = Self.check(path: path, input: input, chunk: chunk)
                done.signal()
            }
            ran += 1
            let context = "case \(index) (ADMF_FUZZ_SEED=\(Self.seed)), input \(Self.show(input))"
            if done.wait(timeout: .now() + Self.caseLimit) == .timedOut {
                Issue.record("no answer within \(Self.caseLimit) s — a hang? \(context)")
                return  // the stuck thread still reads the file; stop here
            }
            for failure in result.failures {
                Issue.record("\(failure) — \(context)")
            }
            if !result.failures.isEmpty {
                failed += 1
                if failed >= 5 { return }  // enough to go on
            }
        }
        #expect(ran >= min(Self.cases, 200), "only \(ran) cases ran within \(Self.budgetSeconds) s")
        print("CSV fuzz: \(ran) cases, seed \(Self.seed), \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
    }

    /// Every way the readers' answers for one file break the rule; empty when they keep it.
    static func check(path: String, input: [UInt8], chunk: Int) -> [String] {
        var failures: [String] = []
        let strict = outcome { try CSVBarLoader().load(path: path) }
        let dropping = outcome { try CSVBarLoader(options: CSVLoadOptions(dropInvalidRows: true)).loadWithReport(path: path) }
        let inspection = outcome { try DataInspector.inspect(path: path) }

        for (name, error) in [("strict", strict.error), ("dropping", dropping.error), ("inspect", inspection.error)] {
            if let error { failures += refusalProblems(error, mode: name) }
        }
        if let bars = strict.value { failures += seriesProblems(bars, mode: "strict") }
        if let (bars, _) = dropping.value { failures += seriesProblems(bars, mode: "dropping") }

        if let report = inspection.value {
            if report.problems.contains(where: { $0.reason == RowState.unexplained || $0.line < 1 }) {
                failures.append("inspection has a problem without a reason or line: \(report.problems.prefix(3))")
            }
            if let long = report.problems.first(where: { $0.reason.count > 400 }) {
                failures.append("inspection has an overlong message: \(long.reason.prefix(300))…")
            }
            switch (strict.value, strict.error) {
            case (let bars?, _):
                if !report.problems.isEmpty || report.validRows != bars.count {
                    failures.append("strict loaded \(bars.count) bars but inspection found \(report.problems.prefix(2))")
                }
            case (_, let error?):
                if error.line != nil, report.problems.first?.line != error.line {
                    failures.append("strict stopped at \(error) but inspection's first problem is \(String(describing: report.problems.first))")
                }
            default: break
            }
            if let (bars, dropped) = dropping.value {
                var invalidLines: [Int] = []
                for problem in report.problems where invalidLines.last != problem.line { invalidLines.append(problem.line) }
                if bars.count != report.validRows || dropped.map(\.line) != invalidLines {
                    failures.append(
                        "dropping kept \(bars.count) and dropped lines \(dropped.map(\.line).prefix(5)); inspection: "
                            + "\(report.validRows) valid, problems on \(invalidLines.prefix(5))")
                }
                if let strictBars = strict.value, strictBars != bars {
                    failures.append("strict and dropping loaded different bars from a clean file")
                }
            }
        } else if let error = inspection.error, strict.error != error {
            failures.append("inspection refused the file (\(error)) but strict loading said \(String(describing: strict.error))")
        }

        // The same answers through a tiny buffer, unless a line is too long for it.
        let tiny = ReadBufferSizes(chunk: chunk, maxLine: 4096)
        if longestLine(input) < tiny.maxLine {
            var options = CSVLoadOptions(dropInvalidRows: true)
            options.buffer = tiny
            let small = outcome { try CSVBarLoader(options: options).loadWithReport(path: path) }
            if small.value?.bars != dropping.value?.bars || small.value?.dropped != dropping.value?.dropped
                || small.error != dropping.error
            {
                failures.append("a \(chunk)-byte buffer changed the dropping result: \(String(describing: small.error))")
            }
            let smallReport = outcome { try DataInspector.inspectTyped(path: path, buffer: tiny) }
            if smallReport.value?.problems != inspection.value?.problems || smallReport.value?.rows != inspection.value?.rows
                || smallReport.error != inspection.error
            {
                failures.append("a \(chunk)-byte buffer changed the inspection")
            }
        }
        return failures
    }

    /// An error must be a ``MarketDataError`` naming a line, except for an empty file
    /// and drop mode's "no valid rows", which names its first problem's line in the reason;
    /// and its message must stay short whatever the input.
    static func refusalProblems(_ error: MarketDataError, mode: String) -> [String] {
        if error.description.count > 800 { return ["\(mode): overlong message: \(error.description.prefix(300))…"] }
        if error.line != nil || error.reason == "file is empty" { return [] }
        if mode == "dropping", error.reason.hasPrefix("no valid rows"), error.reason.contains("; first: line ") { return [] }
        return ["\(mode): refusal without a line: \(error)"]
    }

    /// What is wrong with a loaded series, by the loader's own promises.
    static func seriesProblems(_ bars: BarSeries, mode: String) -> [String] {
        if bars.isEmpty { return ["\(mode): loaded an empty series"] }
        for i in 0..<bars.count {
            let (o, h, l, c, v) = (bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i])
            let finite = [o, h, l, c, v].allSatisfy(\.isFinite)
            let ordered = i == 0 || bars.timestamps[i] > bars.timestamps[i - 1]
            if !finite || o <= 0 || l <= 0 || h < max(o, c) || l > min(o, c) || h < l || v < 0 || !ordered {
                return ["\(mode): bar \(i) breaks the rules: t \(bars.timestamps[i]) o \(o) h \(h) l \(l) c \(c) v \(v)"]
            }
        }
        return []
    }

    static func longestLine(_ bytes: [UInt8]) -> Int {
        var longest = 0
        var current = 0
        for b in bytes {
            if b == 0x0A {
                longest = max(longest, current)
                current = 0
            } else {
                current += 1
            }
        }
        return max(longest, current)
    }

    /// The input for a failure message: escaped, and cut if long.
    static func show(_ input: [UInt8]) -> String {
        let text = String(decoding: input.prefix(1500), as: UTF8.self).debugDescription
        return input.count > 1500 ? "\(text)… (\(input.count) bytes)" : text
    }

    /// A value or the ``MarketDataError`` thrown instead; any other error is turned into one without a line (and so fails).
    static func outcome<T>(_ body: () throws -> T) -> (value: T?, error: MarketDataError?) {
        do {
            return (try body(), nil)
        } catch let error as MarketDataError {
            return (nil, error)
        } catch {
            return (nil, MarketDataError(file: "", reason: "unexpected error type: \(error)"))
        }
    }
}

/// Where a case's worker thread leaves its findings (read only after it signals).
private final class FuzzResult: @unchecked Sendable {
    var failures: [String] = []
}
