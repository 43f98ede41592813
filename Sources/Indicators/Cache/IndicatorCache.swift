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
/// Nothing iterates the dictionary, so results never depend on insertion or hash order.
///
/// ```swift
/// let cache = IndicatorCache()
/// let key = IndicatorKey(name: "sma", source: "close", parameters: [20])
/// let sma20 = cache.value(for: key) { Indicators.sma(closes, period: 20) }
/// ```
public final class IndicatorCache: @unchecked Sendable {
    // Guarded by `mutex`.
    private var storage: [IndicatorKey: [Double]] = [:]
    private var hitCount = 0
    private var missCount = 0
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    public init() {
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

    /// The series stored under `key`, computing and storing it first if absent.
    public func value(for key: IndicatorKey, compute: () -> [Double]) -> [Double] {
        if let found = locked({ () -> [Double]? in
            let found = storage[key]
            if found != nil { hitCount += 1 }
            return found
        }) {
            return found
        }
        let computed = compute()
        return locked {
            if let existing = storage[key] {
                hitCount += 1
                return existing
            }
            missCount += 1
            storage[key] = computed
            return computed
        }
    }

    /// The series stored under `key`, if any (does not compute).
    public func cachedValue(for key: IndicatorKey) -> [Double]? {
        locked { storage[key] }
    }

    /// How many series are stored.
    public var count: Int { locked { storage.count } }

    /// Lookups answered from the store, and lookups that stored a newly computed series.
    public var statistics: (hits: Int, misses: Int) { locked { (hitCount, missCount) } }

    /// Forgets every stored series (e.g. when the underlying data changes).
    public func removeAll() {
        locked {
            storage.removeAll()
            hitCount = 0
            missCount = 0
        }
    }
}
