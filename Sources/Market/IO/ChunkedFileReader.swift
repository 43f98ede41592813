#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file front to back through one fixed buffer, so memory does not grow with the file.
///
/// The rule: at most `chunkSize + maxLineLength` bytes of the file are held at a time
/// (2 MiB by default). The caller consumes whole lines from ``bytes`` starting at
/// ``start``, marks what it used with ``consume(to:)``, and calls ``refill()``, which
/// moves the unconsumed tail (a partial line) to the front and reads more.
///
/// The reason: a CSV file read whole costs its full size in memory on top of the
/// parsed columns (a 0.9 GB, 15-million-row file peaked at 1.8 GB). Reading through
/// a buffer keeps the peak near the size of the columns. Plain `read` is used rather
/// than a memory map: mapped pages count as resident memory while they stay mapped,
/// and a file truncated while mapped would crash the process instead of ending the read.
///
/// A line longer than `maxLineLength` is not a bar row (binary data, or a file whose
/// lines end with `\r` only); the caller reports it and skips it with ``discardLine()``
/// rather than letting the buffer grow.
final class ChunkedFileReader {
    static let defaultChunkSize = ReadBufferSizes.standard.chunk
    static let defaultMaxLineLength = ReadBufferSizes.standard.maxLine

    /// The path as the caller gave it (used in messages).
    let path: String
    /// The file's size when it is a regular file (used to estimate the row count), else `nil`.
    let fileSize: Int?
    let maxLineLength: Int
    private let descriptor: Int32
    private let storage: UnsafeMutableBufferPointer<UInt8>
    /// The first byte of ``bytes`` not yet consumed.
    private(set) var start = 0
    /// The number of valid bytes in the buffer.
    private(set) var end = 0
    /// Whether a read has reached the end of the file.
    private(set) var atEOF = false
    /// The file offset of the buffer's first byte.
    private(set) var bufferOffset = 0

    /// Opens `path`; throws a ``MarketDataError`` naming the OS error for a missing, unreadable or directory path.
    init(
        path: String, chunkSize: Int = defaultChunkSize, maxLineLength: Int = defaultMaxLineLength
    ) throws(MarketDataError) {
        self.path = path
        self.maxLineLength = max(maxLineLength, 1)
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            let code = errno
            throw MarketDataError(
                file: path, reason: "cannot open file: \(Self.describe(code))",
                hint: code == ENOENT ? "check the path" : nil)
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw MarketDataError(file: path, reason: "cannot read file: \(Self.describe(code))")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw MarketDataError(file: path, reason: "is a directory, not a data file")
        }
        fileSize = (info.st_mode & S_IFMT) == S_IFREG ? max(Int(info.st_size), 0) : nil
        descriptor = fd
        storage = .allocate(capacity: max(chunkSize, 1) + self.maxLineLength)
    }

    deinit {
        close(descriptor)
        storage.deallocate()
    }

    /// The buffered bytes, `[0, end)`; unconsumed lines start at ``start``.
    var bytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: storage[0..<end])
    }

    /// Bytes buffered and not yet consumed.
    var pending: Int { end - start }

    /// Marks the bytes before `index` as used.
    func consume(to index: Int) {
        start = min(max(index, start), end)
    }

    /// Moves the unconsumed bytes to the front and reads until the buffer is full or the
    /// file ends. Call it only while ``pending`` is below ``maxLineLength``, so there is
    /// always room to read into.
    func refill() throws(MarketDataError) {
        if start > 0 {
            let count = end - start
            if count > 0, let base = storage.baseAddress {
                memmove(base, base + start, count)
            }
            bufferOffset += start
            end = count
            start = 0
        }
        while end < storage.count, !atEOF {
            let n = systemRead(descriptor, storage.baseAddress.map { $0 + end }, storage.count - end)
            if n < 0 {
                let code = errno
                if code == EINTR { continue }
                throw MarketDataError(file: path, reason: "cannot read file: \(Self.describe(code))")
            }
            if n == 0 {
                atEOF = true
            } else {
                end += n
            }
        }
    }

    /// Drops the rest of the current line — everything up to and including the next
    /// `\n`, or to the end of the file — reading on as far as that takes.
    func discardLine() throws(MarketDataError) {
        while true {
            if let base = storage.baseAddress, start < end, let hit = memchr(base + start, 0x0A, end - start) {
                start = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
                return
            }
            start = end
            if atEOF { return }
            try refill()
        }
    }

    @inline(__always)
    private func systemRead(_ fd: Int32, _ pointer: UnsafeMutablePointer<UInt8>?, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.read(fd, pointer, count)
        #else
        return Darwin.read(fd, pointer, count)
        #endif
    }

    static func describe(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}

/// The buffer sizes of a ``ChunkedFileReader``: bytes read at a time, and the longest line.
struct ReadBufferSizes: Sendable, Equatable {
    var chunk: Int
    var maxLine: Int

    /// 1 MiB reads; lines of 1 MiB or more are refused (no bar row comes near that).
    static let standard = ReadBufferSizes(chunk: 1 << 20, maxLine: 1 << 20)
}
