#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#elseif canImport(ucrt)
import ucrt
#endif

// The C math functions the statistics need, behind one import so the module needs
// no Foundation. (Square roots and rounding come from the standard library.)

/// `x` raised to `y` (C `pow`).
@inline(__always) func libmPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }

/// `e^x` (C `exp`).
@inline(__always) func libmExp(_ x: Double) -> Double { exp(x) }

/// The natural logarithm (C `log`).
@inline(__always) func libmLog(_ x: Double) -> Double { log(x) }

/// The error function (C `erf`).
@inline(__always) func libmErf(_ x: Double) -> Double { erf(x) }

/// The complementary error function `1 − erf(x)` without cancellation (C `erfc`).
@inline(__always) func libmErfc(_ x: Double) -> Double { erfc(x) }
