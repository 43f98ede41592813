import Foundation

/// A ``SignalStore`` keeping one ``SignalFile`` per key under a directory:
///
/// ```
/// <root>/3f/3fa1c0…e9.sig     (first two hex digits of the key, then the whole key)
/// ```
///
/// Writes are atomic (temporary file, `fsync`, rename), so a reader never sees half a
/// file and concurrent `put`s of one key from threads or processes are safe: each
/// writes its own temporary file and the last rename wins (for one key and the same
/// computation that is the same bytes). `get` verifies the file's checksum and that it
/// was written for the key asked for; a damaged file is reported as a `damaged`
/// ``SignalStoreError`` naming the file, never returned as values. The store holds no
/// state besides its root path, so any number of instances may share one directory.
public struct DirectorySignalStore: SignalStore {
    /// The directory the store lives in (created on the first `put`).
    public let root: String

    /// The file name suffix of signal files.
    public static let fileExtension = "sig"

    /// Whether `put` writes each column in its smallest layout (`true`) or dense.
    public let compress: Bool

    public init(root: String, compress: Bool = true) {
        self.root = root
        self.compress = compress
    }

    /// The path of `key`'s file.
    public func path(for key: SignalKey) -> String {
        "\(root)/\(key.prefix)/\(key.hex).\(Self.fileExtension)"
    }

    public func put(_ key: SignalKey, _ frame: SignalFrame) throws {
        try DurableFile.write(SignalFile.encode(frame, key: key.hex, compress: compress), to: path(for: key))
    }

    public func get(_ key: SignalKey) throws -> SignalFrame? {
        let path = path(for: key)
        guard let bytes = try DurableFile.read(path) else { return nil }
        let (storedKey, frame) = try SignalFile.decode(bytes, file: path)
        guard storedKey == key.hex else {
            throw SignalStoreError.damaged(path, "the file holds signals for key \(storedKey.isEmpty ? "(none)" : storedKey), not \(key.hex)")
        }
        return frame
    }

    public func contains(_ key: SignalKey) -> Bool {
        FileManager.default.fileExists(atPath: path(for: key))
    }

    @discardableResult
    public func remove(_ key: SignalKey) throws -> Bool {
        let path = path(for: key)
        if unlink(path) == 0 { return true }
        if errno == ENOENT { return false }
        throw SignalStoreError(.io, file: path, reason: "cannot remove: \(String(cString: strerror(errno)))")
    }

    /// Every `<root>/xx/<key>.sig` whose name is a key under its own prefix directory,
    /// sorted by key. Temporary files and anything else in the tree are ignored.
    public func list() throws -> [SignalStoreEntry] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else { return [] }
        var entries: [SignalStoreEntry] = []
        do {
            for prefix in try manager.contentsOfDirectory(atPath: root) where Hex.isLowercaseHex(prefix, count: 2) {
                let directory = "\(root)/\(prefix)"
                guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
                for name in try manager.contentsOfDirectory(atPath: directory) where name.hasSuffix(".\(Self.fileExtension)") {
                    guard let key = SignalKey(hex: String(name.dropLast(Self.fileExtension.count + 1))), key.prefix == prefix else { continue }
                    var info = stat()
                    guard stat("\(directory)/\(name)", &info) == 0 else { continue }  // removed meanwhile
                    entries.append(SignalStoreEntry(key: key, bytes: Int(info.st_size)))
                }
            }
        } catch {
            throw SignalStoreError(.io, file: root, reason: "cannot list the signal store: \(error.localizedDescription)")
        }
        return entries.sorted { $0.key < $1.key }
    }

    /// The header of `key`'s file, read without decoding values (checksum verified).
    public func summary(_ key: SignalKey) throws -> SignalFileSummary? {
        let path = path(for: key)
        guard let bytes = try DurableFile.read(path) else { return nil }
        let summary = try SignalFile.summary(bytes, file: path)
        guard summary.key == key.hex else {
            throw SignalStoreError.damaged(path, "the file holds signals for key \(summary.key.isEmpty ? "(none)" : summary.key), not \(key.hex)")
        }
        return summary
    }
}
