/// A chart that renders itself as one self-contained SVG element.
///
/// The SVG has a `viewBox` of `width × height` and `width="100%"`, so it scales to its
/// container; text uses the system sans-serif font; nothing is fetched and no script
/// runs. The same chart always renders to the same bytes (no ids, no timestamps).
public protocol Chart: Sendable {
    /// The chart as an `<svg>` element in a `width × height` coordinate space.
    func svg(width: Int, height: Int) -> String
    /// The height that suits this chart at `width`; ``HTMLReport`` renders charts at it.
    func preferredHeight(width: Int) -> Int
}

extension Chart {
    public func preferredHeight(width: Int) -> Int {
        max(220, width * 3 / 8)
    }
}

/// One line (or area) of a ``LineChart`` or ``AreaChart``: a value per x position.
/// NaN and infinite values leave a gap.
public struct ChartSeries: Sendable, Equatable {
    public var name: String
    public var values: [Double]
    /// A CSS colour ("#2f5d8a"); `nil` takes the next colour of the report palette.
    public var color: String?

    public init(name: String, values: [Double], color: String? = nil) {
        self.name = name
        self.values = values
        self.color = color
    }
}

/// A shaded vertical band over x positions `startIndex...endIndex` (inclusive),
/// e.g. a market regime or a drawdown period. Spans with the same label share a
/// legend entry and, unless given one, a colour.
public struct ShadedSpan: Sendable, Equatable {
    public var startIndex: Int
    public var endIndex: Int
    public var label: String
    public var color: String?

    public init(startIndex: Int, endIndex: Int, label: String, color: String? = nil) {
        self.startIndex = startIndex
        self.endIndex = endIndex
        self.label = label
        self.color = color
    }
}

/// The report colours: a restrained, colour-blind-friendly palette.
public enum ChartPalette {
    /// Line and bar colours, in the order series take them.
    public static let series = [
        "#2f5d8a", "#d1802f", "#3b8f6e", "#b8474a", "#7a5c99", "#8c6d46", "#c2619b", "#5f7282",
    ]
    /// Soft colours for shaded spans, in the order new labels take them.
    public static let shading = [
        "#8fb3d9", "#e8b36e", "#92c9a8", "#e39a9a", "#b9a6d3", "#c9b48f",
    ]
    public static let positive = "#2f5d8a"
    public static let negative = "#b8474a"
    public static let ink = "#1f2933"
    public static let muted = "#616e7c"
    public static let grid = "#e4e7eb"
    public static let axis = "#9aa5b1"
    public static let missing = "#d3d7dc"

    static func seriesColor(_ index: Int) -> String { series[index % series.count] }
    static func shadingColor(_ index: Int) -> String { shading[index % shading.count] }
}
