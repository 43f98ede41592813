/// How one column's values are laid out in a signal file, chosen per column as the
/// smallest of four layouts (ties go to the earlier one):
///
/// | layout          | payload                                                        | bytes            |
/// |-----------------|----------------------------------------------------------------|------------------|
/// | dense           | `rows` × UInt64 bit patterns                                    | 8·N              |
/// | dense, palette  | `P` × UInt64 palette, then `rows` × UInt8 palette indices       | 8·P + N          |
/// | runs            | `R` × start index (UInt16 when N ≤ 65536, else UInt32), then `R` × UInt64 | R·w + 8·R |
/// | runs, palette   | `P` × UInt64 palette, `R` × start index, then `R` × UInt8 indices | 8·P + R·w + R  |
///
/// A *run* starts at every row whose value differs from the previous row's (the first
/// row always starts one), so a position signal that changes 150 times in 3,000 bars
/// has 150 runs. The palette lists the distinct values in order of first appearance
/// (at most 256). Values are compared and stored as 64-bit patterns (`Double.bitPattern`
/// or `Int64` bits), so `NaN`, `-0.0` and `±inf` round-trip exactly. All integers are
/// little-endian; run starts are strictly increasing from 0 and below `N`.
public struct SignalEncoding: Sendable, Equatable, CustomStringConvertible {
    /// Whether every row is stored (`dense`) or one value per run (`runs`).
    public enum Layout: UInt8, Sendable, Equatable {
        case dense = 0
        case runs = 1
    }

    public var layout: Layout
    /// Number of palette entries, 0 when values are stored as raw 64-bit patterns.
    public var paletteCount: Int
    /// Number of runs (for `dense`, the number of rows).
    public var runCount: Int
    /// Rows in the column.
    public var rows: Int

    /// Bytes of one run start: 2 when rows ≤ 65,536, else 4.
    public var indexWidth: Int { rows <= 65_536 ? 2 : 4 }

    /// Bytes of the column's payload.
    public var payloadBytes: Int {
        let values = paletteCount > 0 ? 8 * paletteCount + runCount : 8 * runCount
        return layout == .runs ? values + indexWidth * runCount : values
    }

    /// Bytes the column would take dense (8 per row).
    public var denseBytes: Int { 8 * rows }

    public var description: String {
        (layout == .dense ? "dense" : "runs(\(runCount))") + (paletteCount > 0 ? "+palette(\(paletteCount))" : "")
    }

    /// The largest palette.
    static let maxPalette = 256

    /// The layout choice for `bits`, plus the palette it would use (empty when none fits).
    static func plan(_ bits: UnsafeBufferPointer<UInt64>, compress: Bool = true) -> (encoding: SignalEncoding, palette: [UInt64]) {
        let n = bits.count
        guard compress else { return (SignalEncoding(layout: .dense, paletteCount: 0, runCount: n, rows: n), []) }
        var runs = n > 0 ? 1 : 0
        var palette: [UInt64] = []
        var seen: [UInt64: Int] = [:]
        if n > 0 {
            palette.append(bits[0])
            seen[bits[0]] = 0
            var previous = bits[0]
            for i in 1..<n {
                let value = bits[i]
                if value != previous {
                    runs += 1
                    previous = value
                    if palette.count <= maxPalette, seen[value] == nil {
                        seen[value] = palette.count
                        palette.append(value)
                    }
                }
            }
        }
        let paletteFits = palette.count <= maxPalette && n > 0
        let runsAllowed = n <= Int(UInt32.max)
        var candidates = [SignalEncoding(layout: .dense, paletteCount: 0, runCount: n, rows: n)]
        if paletteFits { candidates.append(SignalEncoding(layout: .dense, paletteCount: palette.count, runCount: n, rows: n)) }
        if runsAllowed {
            candidates.append(SignalEncoding(layout: .runs, paletteCount: 0, runCount: runs, rows: n))
            if paletteFits { candidates.append(SignalEncoding(layout: .runs, paletteCount: palette.count, runCount: runs, rows: n)) }
        }
        var best = candidates[0]
        for candidate in candidates.dropFirst() where candidate.payloadBytes < best.payloadBytes { best = candidate }
        return (best, best.paletteCount > 0 ? palette : [])
    }

    /// Appends the payload of `bits` in this encoding (`palette` as returned by ``plan(_:)``).
    func encode(_ bits: UnsafeBufferPointer<UInt64>, palette: [UInt64], into writer: inout ByteWriter) {
        let n = bits.count
        if paletteCount > 0 {
            writer.fill(8 * palette.count) { out in
                for (i, value) in palette.enumerated() {
                    out.storeBytes(of: value.littleEndian, toByteOffset: 8 * i, as: UInt64.self)
                }
            }
        }
        // Palette index lookups happen only when the value changes.
        var index: [UInt64: UInt8] = [:]
        for (i, value) in palette.enumerated() { index[value] = UInt8(truncatingIfNeeded: i) }
        switch layout {
        case .dense where paletteCount == 0:
            writer.fill(8 * n) { out in
                #if _endian(little)
                if let source = bits.baseAddress, let target = out.baseAddress {
                    target.copyMemory(from: source, byteCount: 8 * n)
                }
                #else
                for i in 0..<n { out.storeBytes(of: bits[i].littleEndian, toByteOffset: 8 * i, as: UInt64.self) }
                #endif
            }
        case .dense:
            writer.fill(n) { out in
                var previous = bits[0]
                var code = index[previous] ?? 0
                for i in 0..<n {
                    let value = bits[i]
                    if value != previous {
                        previous = value
                        code = index[value] ?? 0
                    }
                    out[i] = code
                }
            }
        case .runs:
            let width = indexWidth
            writer.fill(runCount * width) { out in
                var r = 0
                for i in 0..<n where i == 0 || bits[i] != bits[i - 1] {
                    if width == 2 {
                        out.storeBytes(of: UInt16(truncatingIfNeeded: i).littleEndian, toByteOffset: 2 * r, as: UInt16.self)
                    } else {
                        out.storeBytes(of: UInt32(truncatingIfNeeded: i).littleEndian, toByteOffset: 4 * r, as: UInt32.self)
                    }
                    r += 1
                }
            }
            if paletteCount > 0 {
                writer.fill(runCount) { out in
                    var r = 0
                    for i in 0..<n where i == 0 || bits[i] != bits[i - 1] {
                        out[r] = index[bits[i]] ?? 0
                        r += 1
                    }
                }
            } else {
                writer.fill(8 * runCount) { out in
                    var r = 0
                    for i in 0..<n where i == 0 || bits[i] != bits[i - 1] {
                        out.storeBytes(of: bits[i].littleEndian, toByteOffset: 8 * r, as: UInt64.self)
                        r += 1
                    }
                }
            }
        }
    }

    /// Throws a `damaged` error unless `payload` is exactly ``payloadBytes`` long, its
    /// palette indices are in range and its run starts increase strictly from 0 below `rows`.
    func validate(_ payload: UnsafeRawBufferPointer, column: String, file: String) throws(SignalStoreError) {
        let n = rows
        guard payload.count == payloadBytes else {
            throw .damaged(file, "column '\(column)' payload has \(payload.count) bytes, expected \(payloadBytes)")
        }
        if paletteCount > 0 {
            let codesStart = payload.count - (layout == .dense ? n : runCount)
            for i in codesStart..<payload.count where Int(payload[i]) >= paletteCount {
                throw .damaged(file, "column '\(column)' has palette index \(payload[i]) but only \(paletteCount) entries")
            }
        }
        if layout == .runs {
            guard (n == 0) == (runCount == 0), runCount <= n else {
                throw .damaged(file, "column '\(column)' has \(runCount) runs for \(n) rows")
            }
            var previous = -1
            for r in 0..<runCount {
                let s = start(payload, r)
                guard s > previous, s < n, r > 0 || s == 0 else {
                    throw .damaged(file, "column '\(column)' run \(r) starts at row \(s), after \(previous), of \(n) rows")
                }
                previous = s
            }
        }
    }

    /// The start row of run `r`.
    @inline(__always)
    private func start(_ payload: UnsafeRawBufferPointer, _ r: Int) -> Int {
        let offset = 8 * paletteCount
        return indexWidth == 2
            ? Int(UInt16(littleEndian: payload.loadUnaligned(fromByteOffset: offset + 2 * r, as: UInt16.self)))
            : Int(UInt32(littleEndian: payload.loadUnaligned(fromByteOffset: offset + 4 * r, as: UInt32.self)))
    }

    /// Writes the `rows` values of a payload that passed ``validate(_:column:file:)`` to
    /// `target` as 64-bit patterns.
    func fill(_ payload: UnsafeRawBufferPointer, into target: UnsafeMutableRawPointer) {
        let n = rows
        let paletteBytes = 8 * paletteCount
        @inline(__always) func paletteValue(_ code: UInt8) -> UInt64 {
            UInt64(littleEndian: payload.loadUnaligned(fromByteOffset: 8 * Int(code), as: UInt64.self))
        }
        switch layout {
        case .dense where paletteCount == 0:
            #if _endian(little)
            if let source = payload.baseAddress { target.copyMemory(from: source, byteCount: 8 * n) }
            #else
            for i in 0..<n {
                target.storeBytes(of: UInt64(littleEndian: payload.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)),
                                  toByteOffset: 8 * i, as: UInt64.self)
            }
            #endif
        case .dense:
            for i in 0..<n {
                target.storeBytes(of: paletteValue(payload[paletteBytes + i]), toByteOffset: 8 * i, as: UInt64.self)
            }
        case .runs:
            let valuesStart = paletteBytes + indexWidth * runCount
            var begin = runCount > 0 ? start(payload, 0) : 0
            for r in 0..<runCount {
                let value = paletteCount > 0
                    ? paletteValue(payload[valuesStart + r])
                    : UInt64(littleEndian: payload.loadUnaligned(fromByteOffset: valuesStart + 8 * r, as: UInt64.self))
                let end = r + 1 < runCount ? start(payload, r + 1) : n
                for i in begin..<end { target.storeBytes(of: value, toByteOffset: 8 * i, as: UInt64.self) }
                begin = end
            }
        }
    }
}
