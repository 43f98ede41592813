/// Builds SVG text: escaped attributes and text, coordinates with at most two decimals.
struct SVGWriter {
    static let fontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', 'Liberation Sans', sans-serif"

    private(set) var out = ""
    let width: Double
    let height: Double

    init(width: Int, height: Int, label: String) {
        self.width = Double(width)
        self.height = Double(height)
        out.reserveCapacity(16_384)
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\""
        out += " preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-label=\"\(SVGWriter.escape(label))\""
        out += " font-family=\"\(SVGWriter.escape(SVGWriter.fontFamily))\" font-size=\"11\">"
        if !label.isEmpty { out += "<title>\(SVGWriter.escape(label))</title>" }
        rect(x: 0, y: 0, width: self.width, height: self.height, fill: "#ffffff")
    }

    mutating func finish() -> String {
        out + "</svg>"
    }

    // MARK: Elements

    mutating func raw(_ text: String) { out += text }

    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        out += "<" + name
        appendAttributes(attributes)
        out += ">"
    }

    mutating func close(_ name: String) { out += "</\(name)>" }

    mutating func element(_ name: String, _ attributes: [(String, String)], text: String? = nil, tooltip: String? = nil) {
        out += "<" + name
        appendAttributes(attributes)
        if text == nil && tooltip == nil { out += "/>"; return }
        out += ">"
        if let tooltip { out += "<title>\(SVGWriter.escape(tooltip))</title>" }
        if let text { out += SVGWriter.escape(text) }
        out += "</\(name)>"
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String,
                       extra: [(String, String)] = [], tooltip: String? = nil) {
        element("rect", [("x", n(x)), ("y", n(y)), ("width", n(max(0, width))), ("height", n(max(0, height))),
                         ("fill", fill)] + extra, tooltip: tooltip)
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String,
                       width: Double = 1, extra: [(String, String)] = []) {
        element("line", [("x1", n(x1)), ("y1", n(y1)), ("x2", n(x2)), ("y2", n(y2)),
                         ("stroke", stroke), ("stroke-width", n(width))] + extra)
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(_ string: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = 11,
                       weight: Int? = nil, fill: String = ChartPalette.muted, centred: Bool = false,
                       extra: [(String, String)] = []) {
        var attributes = [("x", n(x)), ("y", n(y))]
        if anchor != .start { attributes.append(("text-anchor", anchor.rawValue)) }
        if size != 11 { attributes.append(("font-size", n(size))) }
        if let weight { attributes.append(("font-weight", String(weight))) }
        attributes.append(("fill", fill))
        if centred { attributes.append(("dy", "0.35em")) }
        element("text", attributes + extra, text: string)
    }

    /// A chart title at the top left.
    mutating func title(_ string: String, x: Double = 12, y: Double = 21) {
        guard !string.isEmpty else { return }
        text(string, x: x, y: y, size: 13.5, weight: 600, fill: ChartPalette.ink)
    }

    /// "No data" in the middle of a plot area.
    mutating func noData(x: Double, y: Double) {
        text("No data", x: x, y: y, anchor: .middle, size: 12, fill: ChartPalette.muted, centred: true)
    }

    private mutating func appendAttributes(_ attributes: [(String, String)]) {
        for (key, value) in attributes {
            out += " " + key + "=\"" + SVGWriter.escape(value) + "\""
        }
    }

    // MARK: Numbers and text

    /// A coordinate with at most two decimals and no trailing zeros ("12.5", "100", "-3.25").
    func n(_ value: Double) -> String { SVGWriter.coordinate(value) }

    static func coordinate(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let clamped = max(-1.0e9, min(1.0e9, value))
        var text = ReportFormat.fixed(clamped, decimals: 2)
        if text.contains(".") {
            while text.last == "0" { text.removeLast() }
            if text.last == "." { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// XML-escaped text: `& < > " '` as entities; control characters XML forbids are dropped.
    static func escape(_ string: String) -> String {
        var out = ""
        out.reserveCapacity(string.utf8.count)
        for scalar in string.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case let c where c.value < 0x20 || c.value == 0xFFFE || c.value == 0xFFFF: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// An estimate of the rendered width of `string` at `size` px in a sans-serif font.
    static func textWidth(_ string: String, size: Double = 11) -> Double {
        var units = 0.0
        for character in string {
            switch character {
            case "i", "l", "j", "I", "!", "|", ".", ",", ":", ";", "'", "`": units += 0.3
            case "f", "t", "r", " ", "(", ")", "[", "]", "-": units += 0.38
            case "m", "w", "M", "W", "%", "@": units += 0.85
            case "A"..."Z": units += 0.66
            default: units += 0.56
            }
        }
        return units * size
    }

    /// `string` cut to at most `width` px with an ellipsis.
    static func truncate(_ string: String, toWidth width: Double, size: Double = 11) -> String {
        guard textWidth(string, size: size) > width else { return string }
        var characters = Array(string)
        while !characters.isEmpty && textWidth(String(characters) + "…", size: size) > width {
            characters.removeLast()
        }
        return String(characters) + "…"
    }
}

/// A colour as "#rrggbb" from 0…255 components.
func hexColor(_ r: Double, _ g: Double, _ b: Double) -> String {
    func hex(_ v: Double) -> String {
        let byte = Int(max(0, min(255, v.rounded())))
        let digits = Array("0123456789abcdef")
        return String(digits[byte / 16]) + String(digits[byte % 16])
    }
    return "#" + hex(r) + hex(g) + hex(b)
}

/// Components of a "#rrggbb" colour.
func rgbComponents(_ hex: String) -> (Double, Double, Double) {
    let digits = Array(hex.unicodeScalars.filter { $0 != "#" })
    func value(_ i: Int) -> Double {
        guard i + 1 < digits.count,
              let high = Int(String(digits[i]), radix: 16), let low = Int(String(digits[i + 1]), radix: 16)
        else { return 0 }
        return Double(high * 16 + low)
    }
    return (value(0), value(2), value(4))
}
