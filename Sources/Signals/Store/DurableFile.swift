import Foundation

/// Whole-file reads and crash-safe writes with POSIX calls.
///
/// `write` puts the bytes in a temporary file in the destination's directory (named
/// `.NAME.tmp-PID-RANDOM`, so concurrent writers never share one), flushes it to disk
/// (`fsync`), renames it over the destination (atomic on POSIX file systems) and
/// flushes the directory, so readers see the old file or the whole new one, never a
/// part, and a crash leaves at worst a stray temporary file.
enum DurableFile {
    static func write(_ bytes: [UInt8], to path: String) throws(SignalStoreError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw SignalStoreError(.io, file: directory, reason: "cannot create the directory: \(error.localizedDescription)")
        }
        let temporary = (directory as NSString).appendingPathComponent(
            ".\(url.lastPathComponent).tmp-\(getpid())-\(String(UInt64.random(in: 0...UInt64.max), radix: 16))")
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(path, "cannot create a temporary file") }
        var written = 0
        let ok: Bool = bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                guard let base = buffer.baseAddress else { return true }
                let n = Foundation.write(fd, base + written, buffer.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += n
            }
            return true
        }
        guard ok, fsync(fd) == 0 else {
            let error = failure(path, "cannot write")
            close(fd)
            unlink(temporary)
            throw error
        }
        guard close(fd) == 0 else {
            let error = failure(path, "cannot close")
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let error = failure(path, "cannot rename the temporary file into place")
            unlink(temporary)
            throw error
        }
        let directoryFD = open(directory, O_RDONLY | O_CLOEXEC)
        if directoryFD >= 0 {
            _ = fsync(directoryFD)
            close(directoryFD)
        }
    }

    /// The whole file, or `nil` when it does not exist.
    static func read(_ path: String) throws(SignalStoreError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw failure(path, "cannot open")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure(path, "cannot stat") }
        let size = Int(info.st_size)
        var readError: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var total = 0
            while total < size, let base = buffer.baseAddress {
                let n = Foundation.read(fd, base + total, size - total)
                if n < 0 {
                    if errno == EINTR { continue }
                    readError = errno
                    break
                }
                if n == 0 { break }
                total += n
            }
            count = total
        }
        guard readError == 0 else {
            errno = readError
            throw failure(path, "cannot read")
        }
        // The file may have grown between fstat and read (it never does for a store file, whose
        // content is replaced by rename); read the rest so the checksum sees the whole file.
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(path, "cannot read")
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    private static func failure(_ path: String, _ what: String) -> SignalStoreError {
        SignalStoreError(.io, file: path, reason: "\(what): \(String(cString: strerror(errno)))")
    }
}
