import Foundation
import Live

/// One message of Alpaca's market-data stream, as the feed reads it. The server sends JSON
/// arrays of objects, each with its type in `T`: `success` (`msg` `connected` or
/// `authenticated`), `subscription` (the channels now subscribed), `error` (`code`, `msg`) and
/// the data messages, of which the feed reads bars (`b` minute, `d` daily, `u` updated).
/// Reference: https://docs.alpaca.markets/docs/streaming-market-data
enum AlpacaStreamMessage {
    case connected
    case authenticated
    /// The symbols now subscribed per channel (`bars`, `dailyBars`, `updatedBars`, ...).
    case subscription([String: [String]])
    case error(code: Int?, message: String)
    /// A bar; `updated` for an `u` message (a correction of a bar already sent).
    case bar(LiveBar, updated: Bool)
    /// Any other message (trades, quotes, statuses): not the feed's business.
    case other

    /// The messages of one text frame: an array of objects or a single object.
    static func parse(_ text: String) throws -> [AlpacaStreamMessage] {
        do {
            return try AlpacaBarFormat.objects(fromMessage: text).map(message)
        } catch let error as LiveError {
            throw LiveError("the stream sent \(error.message)", hint: error.hint)
        }
    }

    static func message(_ object: [String: Any]) throws -> AlpacaStreamMessage {
        switch object["T"] as? String {
        case "success":
            switch object["msg"] as? String {
            case "connected": return .connected
            case "authenticated": return .authenticated
            default: return .other
            }
        case "subscription":
            var channels: [String: [String]] = [:]
            for (key, value) in object where key != "T" {
                if let symbols = value as? [String] { channels[key] = symbols }
            }
            return .subscription(channels)
        case "error":
            let code = (object["code"] as? Int) ?? (object["code"] as? NSNumber)?.intValue
            return .error(code: code, message: (object["msg"] as? String) ?? "no message")
        case "b", "d", "u":
            guard let bar = try AlpacaBarFormat.bar(object) else { return .other }
            return .bar(bar, updated: object["T"] as? String == "u")
        default:
            return .other
        }
    }

    /// What to do about a stream error code (Alpaca's documented codes), or `nil`.
    static func hint(forErrorCode code: Int?) -> String? {
        switch code {
        case 401, 402:
            return "check \(AlpacaCredentials.keyIDVariable) and \(AlpacaCredentials.secretKeyVariable): market data takes the account's API key pair"
        case 404: return "the server waited too long for authentication"
        case 405: return "too many symbols for the data plan"
        case 406: return "the account allows one stream connection per feed: stop the other client or session using it"
        case 407: return "the client read too slowly and the server dropped it"
        case 409: return "the data plan does not include this feed (the SIP feed needs a subscription; IEX is free)"
        case 410: return "this feed does not accept the subscription asked for"
        default: return nil
        }
    }
}
