/// A place where captured signals are kept by ``SignalKey``.
///
/// `put` stores (or replaces) the frame for a key, `get` returns it (or `nil` when the key
/// was never stored) and throws a `damaged` ``SignalStoreError`` rather than returning
/// wrong values. Implementations are safe to call from several threads and processes.
public protocol SignalStore: Sendable {
    /// Stores `frame` under `key`, replacing what was there.
    func put(_ key: SignalKey, _ frame: SignalFrame) throws
    /// The frame stored under `key`, or `nil` when there is none.
    func get(_ key: SignalKey) throws -> SignalFrame?
    /// Whether something is stored under `key` (without reading or checking it).
    func contains(_ key: SignalKey) -> Bool
    /// Removes what is stored under `key`; returns whether there was something.
    @discardableResult func remove(_ key: SignalKey) throws -> Bool
    /// Every stored key with its size in bytes, sorted by key.
    func list() throws -> [SignalStoreEntry]
    /// The header of what is stored under `key` (rows, columns, encodings, sizes), or `nil`.
    func summary(_ key: SignalKey) throws -> SignalFileSummary?
}

extension SignalStore {
    /// Encodes the stored frame to learn its summary (stores that keep files read the header instead).
    public func summary(_ key: SignalKey) throws -> SignalFileSummary? {
        guard let frame = try get(key) else { return nil }
        return try SignalFile.summary(SignalFile.encode(frame, key: key.hex))
    }

    /// The compression statistics of every stored entry.
    public func statistics() throws -> SignalStoreStatistics {
        var entries: [SignalStoreStatistics.Entry] = []
        for item in try list() {
            if let summary = try summary(item.key) { entries.append(.init(key: item.key, summary: summary)) }
        }
        return SignalStoreStatistics(entries: entries)
    }
}

/// One stored key and the bytes it takes.
public struct SignalStoreEntry: Sendable, Equatable {
    public var key: SignalKey
    public var bytes: Int

    public init(key: SignalKey, bytes: Int) {
        self.key = key
        self.bytes = bytes
    }
}
