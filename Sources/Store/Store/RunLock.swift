#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// One `admf run` at a time per store: an exclusive `flock` on `<store>.lock`, which the
/// operating system releases when the process ends however it ends (even SIGKILL).
///
/// A second process finds the lock held, is told the holder's process id (written into the
/// file) and waits for it; it then resumes from what the first one stored, never repeating
/// completed work.
public final class RunLock: @unchecked Sendable {
    public let path: String
    private let descriptor: Int32

    /// Takes the lock for the store at `storePath`; calls `waiting(pid)` once if another process
    /// holds it (pid 0 when unknown), then blocks until it is free.
    public init(storePath: String, waiting: (Int32) -> Void) throws {
        path = storePath + ".lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StoreError(path: storePath, operation: "lock", reason: String(cString: strerror(errno)),
                             hint: "choose a writable checkpoint_location")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw StoreError(path: storePath, operation: "lock", reason: reason)
            }
            var buffer = [UInt8](repeating: 0, count: 32)
            let count = pread(descriptor, &buffer, 31, 0)
            let holder = count > 0 ? Int32(String(decoding: buffer[0..<count], as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 : 0
            waiting(holder)
            while flock(descriptor, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    let reason = String(cString: strerror(errno))
                    close(descriptor)
                    throw StoreError(path: storePath, operation: "lock", reason: reason)
                }
            }
        }
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, text, text.count, 0)
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
