/// Symbols whose data is often missing, with a close substitute and why it stands in.
///
/// Used only to write a better hint when a symbol has no file: ADMF never substitutes a symbol
/// on its own — the workflow says so with `data.aliases` (e.g. `aliases: {VXX: VIXY}`), and the
/// reports name the alias.
public enum SymbolStandIn {
    public struct Entry: Sendable {
        public let symbol: String
        public let standIn: String
        public let why: String
    }

    public static let known: [Entry] = [
        Entry(symbol: "VXX", standIn: "VIXY",
              why: "VXX was relaunched in 2018 (its history starts 2018-01-25); VIXY tracks the same short-term VIX futures index"),
    ]
}
