#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Identifies one computed indicator series: what was computed, from which input series,
/// with which parameters. Parameters are compared exactly (`[20]` and `[20.0]` are equal;
/// `[20]` and `[20, 2]` are not).
///
/// ```swift
/// let key = IndicatorKey(name: "sma", source: "AAPL.close", parameters: [20])
/// ```
public struct IndicatorKey: Hashable, Sendable {
    public var name: String
    public var source: String
    public var parameters: [Double]

    public init(name: String, source: String, parameters: [Double]) {
        self.name = name
        self.source = source
        self.parameters = parameters
    }
}

/// A thread-safe memo of computed indicator series, shared across parameter combinations:
/// an optimiser sweeping thousands of (fast, slow) pairs computes each SMA once.
///
/// `value(for:compute:)` returns the stored array when the key is present; otherwise it runs
/// `compute` (outside the lock, so `compute` may itself use the cache) and stores the result.
/// If two threads miss on the same key at once both compute, and the first stored array is
/// the one every caller gets — indicators are deterministic, so the two are equal anyway.
/// `values(for:compute:)` does the same for indicators that come as several series from one
/// computation (MACD line and signal, Bollinger bands), so a miss computes them once.
///
/// **Bounded memory.** The store holds at most `capacityBytes` of series (default 256 MiB):
/// storing beyond it evicts the least recently used series first, so a random search over
/// real-valued parameters — every trial a new key — keeps memory flat. An evicted series is
/// recomputed on its next use, with identical values. Nothing iterates the dictionary in an
/// order that reaches results, so results never depend on insertion, hash order or eviction.
///
/// ```swift
/// let cache = IndicatorCache()
/// let key = IndicatorKey(name: "sma", source: "close", parameters: [20])
/// let sma20 = cache.value(for: key) { Indicators.sma(closes, period: 20) }
/// ```
public final class IndicatorCache: @unchecked Sendable {
    private struct Entry {
        var values: [Double]
        var lastUse: UInt64
    }

    /// The default byte budget.
    public static let defaultCapacityBytes = 256 << 20

    public let capacityBytes: Int
    // Guarded by `mutex`.
    private var storage: [IndicatorKey: Entry] = [:]
    private var storedBytes = 0
    private var clock: UInt64 = 0
    private var hitCount = 0
    private var missCount = 0
    private var evictionCount = 0
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    public init(capacityBytes: Int = IndicatorCache.defaultCapacityBytes) {
        self.capacityBytes = max(0, capacityBytes)
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        let status = pthread_mutex_init(mutex, nil)
        precondition(status == 0, "IndicatorCache: pthread_mutex_init failed (\(status))")
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    @inline(__always)
    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// The series for `key`, computing and storing it on a miss.
    public func value(for key: IndicatorKey, compute: () -> [Double]) -> [Double] {
        values(for: [key]) { [compute()] }[0]
    }

    /// The series for `keys` (one computation makes them all), computing and storing them
    /// together when any is missing. `compute` must return one series per key, in order.
    public func values(for keys: [IndicatorKey], compute: () -> [[Double]]) -> [[Double]] {
        if let found = locked({ () -> [[Double]]? in lookup(keys) }) { return found }
        let computed = compute()
        precondition(computed.count == keys.count, "IndicatorCache: \(keys.count) keys but \(computed.count) series")
        return locked {
            if let existing = lookup(keys) { return existing }
            missCount += 1
            for (key, series) in zip(keys, computed) { store(series, for: key) }
            return computed
        }
    }

    /// All of `keys` if every one is stored (counting a hit and refreshing their use), else nil. Locked.
    private func lookup(_ keys: [IndicatorKey]) -> [[Double]]? {
        var found: [[Double]] = []
        found.reserveCapacity(keys.count)
        for key in keys {
            guard let entry = storage[key] else { return nil }
            found.append(entry.values)
        }
        clock += 1
        for key in keys { storage[key]?.lastUse = clock }
        hitCount += 1
        return found
    }

    /// Stores `series`, evicting the least recently used series while over budget. Locked.
    private func store(_ series: [Double], for key: IndicatorKey) {
        clock += 1
        if let old = storage[key] { storedBytes -= old.values.count * MemoryLayout<Double>.stride }
        storage[key] = Entry(values: series, lastUse: clock)
        storedBytes += series.count * MemoryLayout<Double>.stride
        while storedBytes > capacityBytes, storage.count > 1 {
            // The oldest use; ties cannot happen (every use takes a new tick).
            guard let victim = storage.min(by: { $0.value.lastUse < $1.value.lastUse })?.key, victim != key else { break }
            if let removed = storage.removeValue(forKey: victim) {
                storedBytes -= removed.values.count * MemoryLayout<Double>.stride
                evictionCount += 1
            }
        }
    }

    /// The series stored under `key`, if any (does not compute).
    public func cachedValue(for key: IndicatorKey) -> [Double]? {
        locked { storage[key]?.values }
    }

    /// How many series are stored.
    public var count: Int { locked { storage.count } }

    /// The bytes of series stored.
    public var bytes: Int { locked { storedBytes } }

    /// Lookups answered from the store, lookups that stored newly computed series, and series evicted.
    public var statistics: (hits: Int, misses: Int) { locked { (hitCount, missCount) } }

    /// Series evicted to stay within ``capacityBytes``.
    public var evictions: Int { locked { evictionCount } }

    /// Forgets every stored series (e.g. when the underlying data changes).
    public func removeAll() {
        locked {
            storage.removeAll()
            storedBytes = 0
            hitCount = 0
            missCount = 0
        }
    }
}
