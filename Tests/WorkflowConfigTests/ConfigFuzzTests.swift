import ADMFTestSupport
import Foundation
import Market
import Testing
import Workflow

/// A seeded mutation fuzz of the YAML front end (loader + planner) over every example and seed
/// configuration: no crash (a trap would end the test process), no hang, and every refusal one
/// line naming the file. Fixed seed and case count, so CI spends the same few seconds each run.
@Suite("Fuzz: mutated workflow files never crash, hang or refuse vaguely")
struct ConfigFuzzTests {
    static let casesPerFile = 150

    static var corpus: [(name: String, text: String)] {
        var files: [URL] = []
        let fm = FileManager.default
        for folder in [RepositoryPaths.root.appendingPathComponent("examples"),
                       RepositoryPaths.root.deletingLastPathComponent().appendingPathComponent("shared/seed/configs")] {
            let names = (try? fm.contentsOfDirectory(atPath: folder.path)) ?? []
            files += names.filter { $0.hasSuffix(".yaml") }.sorted().map { folder.appendingPathComponent($0) }
        }
        return files.compactMap { url in
            (try? String(contentsOf: url, encoding: .utf8)).map {
                (url.lastPathComponent, $0.replacingOccurrences(of: "path: data", with: "path: \(RepositoryPaths.data.path)"))
            }
        }
    }

    static let hostileScalars = ["-1", "0", "1e308", "-1e308", "9223372036854775807", "-9223372036854775808", ".nan", ".inf",
                                 "1000000000", "\"\"", "null", "[]", "{}", "~", "yes", "2013-02-30", "\"abc\"", "0.0000001"]

    /// One random edit of `text`.
    static func mutate(_ text: String, using g: inout SeededGenerator) -> String {
        var lines = text.components(separatedBy: "\n")
        guard !lines.isEmpty else { return text }
        let i = Int(g.next() % UInt64(lines.count))
        switch g.next() % 9 {
        case 0:  // replace a scalar value with a hostile one
            if let colon = lines[i].firstIndex(of: ":") {
                lines[i] = String(lines[i][...colon]) + " " + hostileScalars[Int(g.next() % UInt64(hostileScalars.count))]
            }
        case 1: lines.remove(at: i)
        case 2: lines.insert(lines[i], at: i)
        case 3: lines[i] = "  " + lines[i]
        case 4: lines[i] = String(lines[i].drop { $0 == " " })
        case 5:  // flip a byte to a random printable or structural character
            var bytes = Array(lines[i].utf8)
            if !bytes.isEmpty {
                let symbols = Array("[]{}:,-&*!|>'\"#%@`\t ?xX0".utf8)
                bytes[Int(g.next() % UInt64(bytes.count))] = symbols[Int(g.next() % UInt64(symbols.count))]
                lines[i] = String(decoding: bytes, as: UTF8.self)
            }
        case 6:  // truncate the file
            lines = Array(lines.prefix(i))
        case 7:  // an anchor and alias pair
            if let colon = lines[i].firstIndex(of: ":") {
                lines[i] = String(lines[i][...colon]) + " &x " + String(lines[i][lines[i].index(after: colon)...])
                lines.insert(String(repeating: " ", count: lines[i].prefix { $0 == " " }.count) + "copy_of_x: *x", at: i + 1)
            }
        default:  // swap two lines
            let j = Int(g.next() % UInt64(lines.count))
            lines.swapAt(i, j)
        }
        return lines.joined(separator: "\n")
    }

    @Test("seeded mutations of every example and seed config")
    func mutations() throws {
        let corpus = Self.corpus
        #expect(corpus.count >= 10)
        var generator = SeededGenerator(seed: 2026, stream: "config-fuzz")
        var accepted = 0, refused = 0
        var slowest = 0.0
        for (name, original) in corpus {
            for _ in 0..<Self.casesPerFile {
                var text = original
                for _ in 0..<(1 + Int(generator.next() % 3)) { text = Self.mutate(text, using: &generator) }
                let started = Date()
                do {
                    let document = try WorkflowLoader.load(yaml: text, file: "fuzz-\(name)")
                    _ = try WorkflowPlanner.plan(document)
                    accepted += 1
                } catch {
                    refused += 1
                    let message = "\(error)"
                    #expect(!message.contains("\n"), "multi-line refusal for a mutation of \(name): \(message)")
                    #expect(message.contains("fuzz-\(name)") || message.hasPrefix("data") || message.contains("run store"),
                            "refusal without the file for a mutation of \(name): \(message)")
                }
                slowest = max(slowest, Date().timeIntervalSince(started))
            }
        }
        #expect(slowest < 5, "slowest case took \(slowest) s")
        #expect(refused > 0 && accepted > 0)
    }
}
