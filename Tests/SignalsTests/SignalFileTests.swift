import Market
@testable import Signals
import Testing

/// `bytes` edited, with a fresh (valid) checksum: a forged or carefully damaged file.
private func resigned(_ bytes: [UInt8], _ edit: (inout [UInt8]) -> Void) -> [UInt8] {
    var body = Array(bytes.dropLast(4))
    edit(&body)
    let crc = CRC32.checksum(body)
    return body + [UInt8(crc & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 24)]
}

@Suite("Signal files: exact round trips, per-column encodings, determinism, damage detection")
struct SignalFileTests {
    func roundTrip(_ frame: SignalFrame, key: String = "k") throws {
        let bytes = SignalFile.encode(frame, key: key)
        let decoded = try SignalFile.decode(bytes, file: "mem")
        #expect(decoded.key == key)
        #expect(decoded.frame == frame)
        #expect(decoded.frame.timestamps == frame.timestamps)
        // Bitwise: NaN payloads and signed zeros included.
        for (a, b) in zip(decoded.frame.columns, frame.columns) {
            a.withBitPatterns { x in b.withBitPatterns { y in #expect(Array(x) == Array(y)) } }
        }
    }

    @Test("random bit patterns, sparse signals with NaN/−0/±inf, integer columns, odd timestamps")
    func roundTrips() throws {
        var rng = SeededGenerator(seed: 11)
        for trial in 0..<60 {
            let n = trial < 10 ? trial : Int(rng.next() % 5000)
            var timestamps = SignalsTestSupport.weekdays(n)
            if trial % 7 == 3 { timestamps = (0..<n).map { _ in Int64(bitPattern: rng.next()) } }  // unsorted, extreme
            if trial % 7 == 4, n > 2 { timestamps[1] = .min; timestamps[n - 1] = .max }
            let signal = trial % 3 == 0 ? SignalsTestSupport.randomBits(n, using: &rng)
                : SignalsTestSupport.sparse(n, changeRate: [0.001, 0.05, 0.5][trial % 3], using: &rng)
            let regime = (0..<n).map { Int64($0 / max(1, n / 4)) - (trial % 2 == 0 ? 0 : Int64.min / 2) }
            let probability = (0..<n).map { _ in (rng.nextDouble() * 8).rounded() / 8 }
            try roundTrip(try SignalFrame(timestamps: timestamps, columns: [
                .float64("signal", signal), .int64("regime", regime), .float64("regime_probability", probability),
            ]), key: "trial \(trial)")
        }
    }

    @Test("every special value, alone and in runs; empty frames and frames without columns")
    func edges() throws {
        for special in SignalsTestSupport.specials {
            try roundTrip(try SignalFrame(timestamps: [5], columns: [.float64("signal", [special])]))
            try roundTrip(try SignalFrame(timestamps: Array(0..<300), columns: [.float64("signal", Array(repeating: special, count: 300))]))
        }
        let mixed = SignalsTestSupport.specials.flatMap { Array(repeating: $0, count: 40) }
        try roundTrip(try SignalFrame(timestamps: Array(0..<Int64(mixed.count)), columns: [.float64("signal", mixed)]))
        try roundTrip(try SignalFrame(timestamps: [], columns: [.float64("signal", []), .int64("regime", [])]))
        try roundTrip(try SignalFrame(timestamps: [1, 2, 3], columns: []))
        try roundTrip(try SignalFrame(timestamps: [], columns: []), key: "")
        // More than 256 distinct values in runs (palette does not fit) and more than 65,536 rows (4-byte run starts).
        let many = (0..<70_000).map { Double($0 / 100) }
        try roundTrip(try SignalFrame(timestamps: Array(0..<70_000), columns: [.float64("signal", many)]))
        let column = SignalColumn.float64("signal", many)
        let plan = column.withBitPatterns { SignalEncoding.plan($0) }
        #expect(plan.encoding.layout == .runs && plan.encoding.paletteCount == 0 && plan.encoding.indexWidth == 4)
    }

    @Test("timestamps: bitmap for regular grids, delta runs otherwise; both round-trip exactly")
    func timestampModes() throws {
        func section(_ timestamps: [Int64]) throws -> (mode: UInt8?, bytes: Int) {
            var writer = ByteWriter()
            TimestampEncoding.encode(timestamps, into: &writer)
            let decoded = try writer.bytes.withUnsafeBytes { try TimestampEncoding.decode($0, rows: timestamps.count, file: "t") }
            #expect(decoded == timestamps)
            return (timestamps.count >= 2 ? writer.bytes[8] : nil, writer.bytes.count)
        }
        let daily = SignalsTestSupport.weekdays(3000)
        #expect(try section(daily).mode == 1)
        #expect(try section(daily).bytes < 600)
        // Minute bars of 390-bar sessions: runs (a bitmap would need a bit per minute of the night).
        var minutes: [Int64] = []
        for day in 0..<Int64(20) {
            for minute in 0..<Int64(390) { minutes.append(day * 86_400 + 34_200 + minute * 60) }
        }
        let minuteSection = try section(minutes)
        #expect(minuteSection.mode == 0 && minuteSection.bytes < 150)
        #expect(try section([7]).bytes == 8)
        #expect(try section([]).bytes == 0)
        #expect(try section([5, 5, 5, 4, .max, .min, 0]).mode == 0)
        #expect(try section([.min, .max]).mode == 0)
        #expect(try section([-10, -7, -1, 2]).mode == 1)
        var rng = SeededGenerator(seed: 17)
        for _ in 0..<200 {
            var t = Int64(bitPattern: rng.next()) >> Int64(rng.next() % 64)
            var series: [Int64] = []
            for _ in 0..<Int(rng.next() % 50) {
                series.append(t)
                t &+= Int64(rng.next() % 4) * [1, 60, 86_400][Int(rng.next() % 3)]
            }
            _ = try section(series)
        }
    }

    @Test("frames refuse ragged, unnamed or repeated columns")
    func invalidFrames() {
        #expect(throws: SignalStoreError.self) { try SignalFrame(timestamps: [1, 2], columns: [.float64("signal", [1])]) }
        #expect(throws: SignalStoreError.self) { try SignalFrame(timestamps: [1], columns: [.float64("", [1])]) }
        #expect(throws: SignalStoreError.self) {
            try SignalFrame(timestamps: [1], columns: [.float64("a", [1]), .int64("a", [1])])
        }
    }

    @Test("the smallest layout is chosen per column")
    func layouts() {
        func plan(_ values: [Double]) -> SignalEncoding {
            SignalColumn.float64("x", values).withBitPatterns { SignalEncoding.plan($0).encoding }
        }
        var rng = SeededGenerator(seed: 3)
        let random = SignalsTestSupport.randomBits(1000, using: &rng)
        #expect(plan(random) == SignalEncoding(layout: .dense, paletteCount: 0, runCount: 1000, rows: 1000))
        // Few distinct values changing every bar: dense with a one-byte palette index.
        let flipping = (0..<1000).map { Double($0 % 3) - 1 }
        #expect(plan(flipping) == SignalEncoding(layout: .dense, paletteCount: 3, runCount: 1000, rows: 1000))
        // A position held for stretches of 25 bars: runs with palette indices.
        let held = (0..<1000).map { Double($0 / 25 % 3) - 1 }
        let encoding = plan(held)
        #expect(encoding == SignalEncoding(layout: .runs, paletteCount: 3, runCount: 40, rows: 1000))
        #expect(encoding.payloadBytes == 3 * 8 + 40 * 2 + 40)
        // Three long runs: raw values (30 bytes) beat a palette (33).
        #expect(plan((0..<1000).map { $0 < 300 ? 0.0 : $0 < 700 ? 1.0 : -1.0 })
                == SignalEncoding(layout: .runs, paletteCount: 0, runCount: 3, rows: 1000))
        // Many distinct values in long runs: runs with raw values.
        let steps = (0..<1000).map { Double($0 / 2) + 0.5 }
        #expect(plan(steps) == SignalEncoding(layout: .runs, paletteCount: 0, runCount: 500, rows: 1000))
        #expect(plan([]) == SignalEncoding(layout: .dense, paletteCount: 0, runCount: 0, rows: 0))
    }

    @Test("identical input gives identical bytes; the layout is as documented")
    func determinism() throws {
        var rng = SeededGenerator(seed: 5)
        let timestamps = SignalsTestSupport.weekdays(2000)
        let values = SignalsTestSupport.sparse(2000, changeRate: 0.02, using: &rng)
        let a = SignalFile.encode(try SignalFrame(timestamps: timestamps, columns: [.float64("signal", values)]), key: "abc")
        let b = SignalFile.encode(try SignalFrame(timestamps: Array(timestamps), columns: [.float64("signal", values.map { $0 })]), key: "abc")
        #expect(a == b)
        #expect(Array(a[0..<8]) == SignalFile.magic)
        #expect(Array(a[8..<12]) == [1, 0, 0, 0])  // version
        #expect(Array(a[12..<16]) == [1, 0, 0, 0])  // one column
        #expect(Array(a[16..<24]) == [0xD0, 0x07, 0, 0, 0, 0, 0, 0])  // 2,000 rows
        #expect(Array(a[24..<31]) == [3, 0, 0, 0, 0x61, 0x62, 0x63])  // key
        let stored = a.suffix(4).reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        #expect(stored == CRC32.checksum(Array(a.dropLast(4))))
        let summary = try SignalFile.summary(a)
        #expect(summary.fileBytes == a.count && summary.rows == 2000 && summary.key == "abc")
        // Weekday timestamps as a bitmap: first (8), mode, scale (3), span (2), one bit per calendar day.
        let days = Int((timestamps[1999] - timestamps[0]) / 86_400)
        #expect(summary.timestampBytes == 8 + 1 + 3 + 2 + days / 8 + 1)
        #expect(a != SignalFile.encode(try SignalFrame(timestamps: timestamps, columns: [.float64("signal", values)]), key: "abd"))
    }

    @Test("every flipped byte and every truncation is reported as damage, naming the file")
    func damage() throws {
        var rng = SeededGenerator(seed: 9)
        let n = 300
        let frame = try SignalFrame(timestamps: SignalsTestSupport.weekdays(n), columns: [
            .float64("signal", SignalsTestSupport.sparse(n, changeRate: 0.05, using: &rng)),
            .int64("regime", (0..<n).map { Int64($0 / 100) }),
            .float64("noise", SignalsTestSupport.randomBits(n, using: &rng)),
        ])
        let bytes = SignalFile.encode(frame, key: "k")
        for position in 0..<bytes.count {
            for mask: UInt8 in [0x01, 0x80, 0xFF] {
                var damaged = bytes
                damaged[position] ^= mask
                do {
                    _ = try SignalFile.decode(damaged, file: "/x/y.sig")
                    Issue.record("flip of byte \(position) by \(mask) went unnoticed")
                } catch {
                    #expect(error.kind == .damaged && error.file == "/x/y.sig")
                    #expect(error.description.hasPrefix("/x/y.sig: "))
                    #expect(error.hint != nil)
                }
            }
        }
        for length in 0..<bytes.count {
            #expect(throws: SignalStoreError.self) { try SignalFile.decode(Array(bytes[0..<length]), file: "t") }
        }
        #expect(throws: SignalStoreError.self) { try SignalFile.decode(bytes + [0], file: "t") }
    }

    @Test("files with a valid checksum but inconsistent contents are refused, not trusted")
    func craftedFiles() throws {
        /// Re-signs `bytes` after `edit`, so only the structural checks can catch the problem.
        let held = (0..<100).map { $0 < 40 ? 0.0 : 1.0 }
        let bytes = SignalFile.encode(try SignalFrame(timestamps: Array(0..<100), columns: [.float64("signal", held)]), key: "")
        #expect(try SignalFile.decode(resigned(bytes) { _ in }).frame.doubles() == held)
        var failures = 0
        for position in 8..<(bytes.count - 4) {
            for value: UInt8 in [0, 1, 2, 0x7F, 0xFF] where bytes[position] != value {
                let edited = resigned(bytes) { $0[position] = value }
                do {
                    let decoded = try SignalFile.decode(edited)
                    // Some edits give another valid file (a different palette value, say); it must then be self-consistent.
                    #expect(decoded.frame.count == decoded.frame.timestamps.count)
                    #expect(decoded.frame.columns.allSatisfy { $0.count == decoded.frame.count })
                } catch {
                    failures += 1
                    #expect(error.kind == .damaged)
                }
            }
        }
        #expect(failures > 0)
        // A version this build does not read.
        let future = resigned(bytes) { $0[8] = 2 }
        #expect(throws: SignalStoreError.self) { try SignalFile.decode(future) }
    }

    @Test("a header declaring more rows than the limit is damaged, even with a valid checksum; frames above it are refused")
    func forgedRowCount() throws {
        let frame = try SignalFrame(timestamps: (0..<100).map { Int64($0) * 60 }, columns: [.float64("signal", [Double](repeating: 1, count: 100))])
        let bytes = SignalFile.encode(frame, key: "k")
        let forged = resigned(bytes) { b in
            let rows = UInt64(SignalFile.maxRows + 1)
            for k in 0..<8 { b[16 + k] = UInt8(truncatingIfNeeded: rows >> (8 * UInt64(k))) }
        }
        #expect(throws: SignalStoreError.self) { try SignalFile.decode(forged) }
        #expect(throws: SignalStoreError.self) {
            try SignalFrame(timestamps: [Int64](repeating: 0, count: SignalFile.maxRows + 1), columns: [])
        }
    }
}
