#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Natural logarithm (the C library's, to keep Foundation out of hot code).
@inline(__always)
func naturalLog(_ x: Double) -> Double { log(x) }
