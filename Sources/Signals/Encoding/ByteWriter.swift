/// Appends little-endian fixed-width integers and LEB128 varints to a byte array.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    mutating func u8(_ value: UInt8) { bytes.append(value) }

    mutating func u16(_ value: UInt16) { fixed(value) }

    mutating func u32(_ value: UInt32) { fixed(value) }

    mutating func u64(_ value: UInt64) { fixed(value) }

    private mutating func fixed<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ raw: [UInt8]) { bytes.append(contentsOf: raw) }

    /// Unsigned LEB128: seven bits per byte, low groups first, high bit set on all but the last.
    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Appends `count` bytes and lets `body` fill them (no per-element appends in hot loops).
    mutating func fill(_ count: Int, _ body: (UnsafeMutableRawBufferPointer) -> Void) {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: count))
        bytes.withUnsafeMutableBytes { all in
            body(UnsafeMutableRawBufferPointer(rebasing: all[start..<(start + count)]))
        }
    }

    /// Overwrites eight bytes at `offset` with `value` (little-endian).
    mutating func patch(_ value: UInt64, at offset: Int) {
        bytes.withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt64.self) }
    }
}

/// Reads what ``ByteWriter`` wrote, from a borrowed buffer; every read is bounds-checked
/// and a short or malformed input throws a `damaged` ``SignalStoreError``.
struct ByteReader {
    let buffer: UnsafeRawBufferPointer
    let file: String
    private(set) var offset = 0

    init(_ buffer: UnsafeRawBufferPointer, file: String) {
        self.buffer = buffer
        self.file = file
    }

    var remaining: Int { buffer.count - offset }

    func damaged(_ reason: String) -> SignalStoreError { .damaged(file, reason) }

    /// Throws unless `count` more bytes are available (`what` names them in the error).
    func need(_ count: Int, _ what: String) throws(SignalStoreError) {
        guard count >= 0, count <= remaining else {
            throw damaged("file ends inside the \(what) (offset \(offset), needs \(count) bytes, \(remaining) left)")
        }
    }

    mutating func u8(_ what: String) throws(SignalStoreError) -> UInt8 {
        try need(1, what)
        defer { offset += 1 }
        return buffer[offset]
    }

    mutating func u16(_ what: String) throws(SignalStoreError) -> UInt16 { try fixed(what) }

    mutating func u32(_ what: String) throws(SignalStoreError) -> UInt32 { try fixed(what) }

    mutating func u64(_ what: String) throws(SignalStoreError) -> UInt64 { try fixed(what) }

    private mutating func fixed<T: FixedWidthInteger>(_ what: String) throws(SignalStoreError) -> T {
        try need(MemoryLayout<T>.size, what)
        defer { offset += MemoryLayout<T>.size }
        return T(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    /// The next `count` bytes, borrowed.
    mutating func bytes(_ count: Int, _ what: String) throws(SignalStoreError) -> UnsafeRawBufferPointer {
        try need(count, what)
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + count)])
    }

    /// An unsigned LEB128 varint of at most ten bytes that fits in 64 bits.
    mutating func varint(_ what: String) throws(SignalStoreError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try u8(what)
            let group = UInt64(byte & 0x7F)
            guard shift < 64, shift < 63 || group <= 1 else { throw damaged("a varint in the \(what) overflows 64 bits") }
            value |= group << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }
}
