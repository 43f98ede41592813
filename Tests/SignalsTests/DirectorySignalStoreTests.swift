import Foundation
import Market
import Signals
import Testing

@Suite("Directory signal store: agrees with a dictionary, detects damage, survives concurrent writers")
struct DirectorySignalStoreTests {
    @Test("random put/get/contains/remove/list sequences agree with a dictionary model")
    func referenceModel() throws {
        let store = DirectorySignalStore(root: try SignalsTestSupport.temporaryRoot())
        var model: [SignalKey: SignalFrame] = [:]
        var rng = SeededGenerator(seed: 21)
        let keys = (0..<12).map { SignalsTestSupport.key("k\($0)") }
        #expect(try store.list().isEmpty)
        for step in 0..<400 {
            let key = keys[Int(rng.next() % UInt64(keys.count))]
            switch rng.next() % 5 {
            case 0, 1:
                let n = Int(rng.next() % 400)
                var columns: [SignalColumn] = [.float64("signal", SignalsTestSupport.sparse(n, changeRate: 0.03, using: &rng))]
                if rng.next() % 2 == 0 { columns.append(.int64("regime", (0..<n).map { Int64($0 / 50) })) }
                let frame = try SignalFrame(timestamps: SignalsTestSupport.weekdays(n), columns: columns)
                try store.put(key, frame)
                model[key] = frame
            case 2:
                #expect(try store.get(key) == model[key], "step \(step)")
            case 3:
                #expect(try store.remove(key) == (model.removeValue(forKey: key) != nil), "step \(step)")
            default:
                #expect(store.contains(key) == (model[key] != nil), "step \(step)")
            }
            if step % 50 == 0 {
                let listed = try store.list()
                #expect(listed.map(\.key) == model.keys.sorted())
                for entry in listed {
                    let model = try #require(model[entry.key])
                    #expect(entry.bytes == SignalFile.encode(model, key: entry.key.hex).count)
                }
            }
        }
        for key in keys { #expect(try store.get(key) == model[key]) }
    }

    @Test("files live at <root>/<first two hex digits>/<key>.sig; stray files are not listed")
    func layout() throws {
        let root = try SignalsTestSupport.temporaryRoot()
        let store = DirectorySignalStore(root: root)
        let key = SignalsTestSupport.key("AAPL")
        try store.put(key, try SignalFrame(timestamps: [1, 2], columns: [.float64("signal", [0, 1])]))
        let path = "\(root)/\(key.hex.prefix(2))/\(key.hex).sig"
        #expect(store.path(for: key) == path)
        #expect(FileManager.default.fileExists(atPath: path))
        // Leftovers of a killed writer, foreign files and misplaced keys are ignored.
        let directory = "\(root)/\(key.hex.prefix(2))"
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: "\(directory)/.\(key.hex).sig.tmp-1-abc"))
        try Data().write(to: URL(fileURLWithPath: "\(directory)/notes.txt"))
        let other = SignalsTestSupport.key("MSFT")
        try FileManager.default.createDirectory(atPath: "\(root)/zz", withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: "\(root)/zz/\(other.hex).sig"))
        #expect(try store.list().map(\.key) == [key])
        // A store that was never written to is empty, not an error.
        #expect(try DirectorySignalStore(root: "\(root)/missing").list().isEmpty)
        #expect(try DirectorySignalStore(root: "\(root)/missing").get(key) == nil)
    }

    @Test("a damaged or truncated file, or one written for another key, is reported on get naming the file")
    func damage() throws {
        let root = try SignalsTestSupport.temporaryRoot()
        let store = DirectorySignalStore(root: root)
        let key = SignalsTestSupport.key("IBM")
        var rng = SeededGenerator(seed: 2)
        let frame = try SignalFrame(timestamps: SignalsTestSupport.weekdays(500),
                                    columns: [.float64("signal", SignalsTestSupport.sparse(500, changeRate: 0.05, using: &rng))])
        try store.put(key, frame)
        let path = store.path(for: key)
        let good = try Data(contentsOf: URL(fileURLWithPath: path))

        func expectDamaged(_ bytes: Data, _ label: String) throws {
            try bytes.write(to: URL(fileURLWithPath: path))
            do {
                _ = try store.get(key)
                Issue.record("\(label) went unnoticed")
            } catch let error as SignalStoreError {
                #expect(error.kind == .damaged, "\(label)")
                #expect(error.file == path)
                #expect(error.description.contains(path) && error.description.contains("generate the signals again"))
            }
            #expect(throws: SignalStoreError.self) { try store.summary(key) }
        }
        var flipped = good
        flipped[flipped.count / 2] ^= 0x10
        try expectDamaged(flipped, "a flipped byte")
        try expectDamaged(good.prefix(good.count - 1), "a truncated file")
        try expectDamaged(good.prefix(good.count / 2), "half a file")
        try expectDamaged(Data(), "an empty file")
        try expectDamaged(Data("timestamp,signal\n".utf8), "a text file")
        // An intact file under the wrong name.
        let other = SignalsTestSupport.key("other")
        try store.put(other, frame)
        try expectDamaged(try Data(contentsOf: URL(fileURLWithPath: store.path(for: other))), "another key's file")
        // Removing the damaged file and writing again repairs the entry.
        #expect(try store.remove(key))
        #expect(try store.get(key) == nil)
        try store.put(key, frame)
        #expect(try store.get(key) == frame)
    }

    @Test("concurrent puts of one key (and of different keys) leave intact, identical files")
    func concurrentPuts() async throws {
        let root = try SignalsTestSupport.temporaryRoot()
        let store = DirectorySignalStore(root: root)
        var rng = SeededGenerator(seed: 8)
        let n = 20_000
        let frame = try SignalFrame(timestamps: SignalsTestSupport.weekdays(n), columns: [
            .float64("signal", SignalsTestSupport.sparse(n, changeRate: 0.01, using: &rng)),
            .float64("noise", SignalsTestSupport.randomBits(n, using: &rng)),
        ])
        let shared = SignalsTestSupport.key("shared")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<16 {
                group.addTask {
                    try store.put(shared, frame)
                    try store.put(SignalsTestSupport.key("own\(i % 4)"), frame)
                    // Readers racing the writers see nothing or a whole file.
                    if let seen = try store.get(shared) { #expect(seen == frame) }
                }
            }
            try await group.waitForAll()
        }
        #expect(try store.get(shared) == frame)
        let expected = SignalFile.encode(frame, key: shared.hex)
        #expect(try Data(contentsOf: URL(fileURLWithPath: store.path(for: shared))) == Data(expected))
        #expect(try store.list().count == 5)
        // No temporary files are left behind.
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: root).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }
}
