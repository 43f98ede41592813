import Foundation

/// Writes files so that readers see either the old content or the whole new one.
///
/// The data goes to a temporary name in the same directory, is flushed, and is
/// then renamed over the destination (rename is atomic on POSIX file systems), so
/// a crash never leaves a half-written file behind.
public enum AtomicFile {
    /// An output file that could not be written, with the path and the reason.
    public struct WriteError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// Writes `contents` to `path`, creating missing parent directories.
    public static func write(_ contents: String, to path: String) throws {
        try write(Data(contents.utf8), to: path)
    }

    /// Writes `data` to `path`, creating missing parent directories.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try data.write(to: temporary)
            if rename(temporary.path, url.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                throw WriteError(path: path, reason: reason)
            }
        } catch let error as WriteError {
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw WriteError(path: path, reason: error.localizedDescription)
        }
    }

    /// Removes temporary files (`.NAME.tmp-PID`) left under `directory` (recursively) by a
    /// writer that was killed before its rename, when process PID no longer runs.
    public static func removeStale(in directory: String) {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return }
        let me = getpid()
        for case let relative as String in walker {
            let name = (relative as NSString).lastPathComponent
            guard name.hasPrefix("."), let marker = name.range(of: ".tmp-", options: .backwards),
                  let pid = Int32(name[marker.upperBound...]) else { continue }
            guard pid != me, kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(relative))
        }
    }
}
