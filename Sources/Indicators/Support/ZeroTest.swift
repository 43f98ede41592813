/// TA-Lib's scale-aware zero test (`TA_IS_ZERO_SCALED`, TA-Lib issue #107/#253):
/// `v` counts as zero when `|v| ≤ 1e-14 · scale`, where `scale` is the magnitude of
/// the operands whose difference `v` is (e.g. `|highest| + |lowest|`). It treats a
/// window that is flat up to rounding as flat, at any price level.
@inline(__always)
func isZeroScaled(_ value: Double, scale: Double) -> Bool {
    abs(value) <= 0.00000000000001 * scale
}
