import Foundation
import Market

/// Alpaca's market-data bar message, the one wire format of ADMF's live feeds (the WebSocket
/// stream and JSON lines on standard input share it):
///
/// ```json
/// {"T": "b", "S": "SPY", "o": 470.1, "h": 472.0, "l": 469.5, "c": 471.3, "v": 81234567, "t": "2024-01-02T05:00:00Z"}
/// ```
///
/// `T` is the message type (`b` bar, `d` daily bar, `u` updated bar), `S` the symbol, `o h l c v`
/// the prices and volume, `t` the bar's start as RFC 3339 (any form ``Market/Timestamps`` reads
/// is accepted, e.g. `2024-01-02`). Other fields (`n`, `vw`) are ignored. Reference:
/// https://docs.alpaca.markets/docs/real-time-stock-pricing-data (schema "Minute Bars").
public enum AlpacaBarFormat {
    /// The bar of one decoded JSON object, or `nil` when the object is not a bar message
    /// (status, subscription and error messages are not bars).
    public static func bar(_ object: [String: Any]) throws -> LiveBar? {
        if let type = object["T"] as? String, !["b", "d", "u"].contains(type) { return nil }
        func number(_ key: String) throws -> Double {
            if let value = object[key] as? Double { return value }
            if let value = object[key] as? Int { return Double(value) }
            if let value = object[key] as? NSNumber { return value.doubleValue }
            throw LiveError("bar message lacks the number '\(key)'")
        }
        guard let symbol = object["S"] as? String, !symbol.isEmpty else { throw LiveError("bar message lacks its symbol 'S'") }
        guard let text = object["t"] as? String, let timestamp = Timestamps.parse(text) else {
            throw LiveError("bar message for \(symbol) lacks a readable time 't'")
        }
        let bar = LiveBar(symbol: symbol, timestamp: timestamp, open: try number("o"), high: try number("h"),
                          low: try number("l"), close: try number("c"), volume: try number("v"))
        if let problem = bar.problem { throw LiveError("bar \(symbol) \(text): \(problem)") }
        return bar
    }

    /// The bars of one message text: an object or an array of objects (the stream batches them).
    public static func bars(fromMessage text: String) throws -> [LiveBar] {
        try objects(fromMessage: text).compactMap(bar)
    }

    /// The JSON objects of one message text: an object, or an array of objects.
    public static func objects(fromMessage text: String) throws -> [[String: Any]] {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            throw LiveError("a message that is not JSON: \(text.prefix(80))")
        }
        if let one = parsed as? [String: Any] { return [one] }
        if let many = parsed as? [[String: Any]] { return many }
        throw LiveError("a message that is neither a JSON object nor an array of objects: \(text.prefix(80))")
    }

    /// The message text of `bar` (what a server or a test sends).
    public static func message(_ bar: LiveBar) -> String {
        "{\"T\":\"b\",\"S\":\"\(bar.symbol)\",\"o\":\(bar.open),\"h\":\(bar.high),\"l\":\(bar.low),\"c\":\(bar.close),\"v\":\(bar.volume),\"t\":\"\(rfc3339(bar.timestamp))\"}"
    }

    /// `2024-01-02T00:00:00Z`.
    public static func rfc3339(_ t: Int64) -> String {
        let text = Timestamps.format(t)
        return text.contains("T") ? text : text + "T00:00:00Z"
    }
}
