/// When an order decided on bar `t` is filled.
///
/// - ``nextOpen`` (the default): at bar `t + 1 + delay`'s open. A signal computed
///   from bar `t`'s close can never trade at a price it has already seen.
/// - ``close``: at bar `t + delay`'s close, the convention of vectorised
///   research tools (vectorbt's `from_signals` with close prices). Use it to
///   compare against them; it assumes you can trade at the price that produced
///   the signal, which is optimistic in live trading.
public enum FillTiming: String, Sendable, Codable, CaseIterable {
    case nextOpen = "next_open"
    case close
}
