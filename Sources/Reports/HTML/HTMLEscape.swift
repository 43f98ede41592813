/// Escaping for HTML text and attribute values.
public enum HTMLEscape {
    /// `& < > " '` as entities; control characters other than tab and line breaks are dropped.
    public static func text(_ string: String) -> String {
        SVGWriter.escape(string)
    }

    /// The same escaping, for attribute values in double quotes.
    public static func attribute(_ string: String) -> String {
        SVGWriter.escape(string)
    }

    /// `href` unless it uses a scheme that runs code (`javascript:`, `vbscript:`, `data:`), then `#`.
    public static func safeHref(_ href: String) -> String {
        let compact = String(href.unicodeScalars.filter { $0.value > 0x20 }.map(Character.init)).lowercased()
        for scheme in ["javascript:", "vbscript:", "data:"] where compact.hasPrefix(scheme) { return "#" }
        return href
    }
}
