#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole files into memory with the C library: `open`, `fstat`, a `read` loop.
enum FileBytes {
    /// The bytes of the file at `path`; throws a ``MarketDataError`` naming the OS error.
    static func read(path: String) throws(MarketDataError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            let code = errno
            throw MarketDataError(
                file: path, reason: "cannot open file: \(describe(code))",
                hint: code == ENOENT ? "check the path" : nil)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw MarketDataError(file: path, reason: "cannot read file: \(describe(errno))")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw MarketDataError(file: path, reason: "is a directory, not a data file")
        }
        // One byte more than the reported size, so a file that grew is noticed.
        var buffer = [UInt8](repeating: 0, count: max(Int(info.st_size), 0) + 1)
        var used = 0
        while true {
            if used == buffer.count {
                buffer.append(contentsOf: repeatElement(0, count: max(buffer.count, 1 << 16)))
            }
            let n = buffer.withUnsafeMutableBytes { raw in
                systemRead(fd, raw.baseAddress.map { $0 + used }, raw.count - used)
            }
            if n < 0 {
                let code = errno
                if code == EINTR { continue }
                throw MarketDataError(file: path, reason: "cannot read file: \(describe(code))")
            }
            if n == 0 { break }
            used += n
        }
        buffer.removeSubrange(used...)
        return buffer
    }

    @inline(__always)
    private static func systemRead(_ fd: Int32, _ pointer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.read(fd, pointer, count)
        #else
        return Darwin.read(fd, pointer, count)
        #endif
    }

    private static func describe(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}
