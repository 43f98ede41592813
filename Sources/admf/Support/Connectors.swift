import Foundation
import Live
import LiveConnectors
import Workflow

/// The network connectors `admf run` offers live phases: Alpaca's market-data stream
/// (`feed: {type: alpaca, feed: iex|sip, url, idle_timeout}`) and trading API
/// (`broker: {type: alpaca, url}`, with `paper_trading_only: false`). Credentials come from
/// `APCA_API_KEY_ID` and `APCA_API_SECRET_KEY` only; nothing connects until a phase asks.
enum Connectors {
    static var factory: (any LiveConnectorFactory)? { AlpacaConnectors() }
}

struct AlpacaConnectors: LiveConnectorFactory {
    let feedTypes = ["alpaca"]
    let brokerTypes = ["alpaca"]

    private func credentials(_ what: String) throws -> AlpacaCredentials {
        guard let credentials = AlpacaCredentials(environment: ProcessInfo.processInfo.environment) else {
            throw LiveError("the alpaca \(what) needs credentials",
                            hint: "set \(AlpacaCredentials.keyIDVariable) and \(AlpacaCredentials.secretKeyVariable) in the environment (never in the workflow file)")
        }
        return credentials
    }

    func feed(type: String, settings: [String: String], symbols: [String]) throws -> BarFeed {
        var url = AlpacaStreamFeed.iexURL
        switch settings["feed"] {
        case nil, "iex": break
        case "sip": url = AlpacaStreamFeed.sipURL
        case "test": url = AlpacaStreamFeed.testURL
        case let other?: throw LiveError("feed.feed '\(other)' is not an Alpaca data feed (iex, sip, test)")
        }
        if let given = settings["url"] { url = given }
        var idle: Double? = 120
        if let text = settings["idle_timeout"] {
            guard let seconds = Double(text), seconds > 0 else { throw LiveError("feed.idle_timeout must be a positive number of seconds, got \(text)") }
            idle = seconds
        }
        return AlpacaStreamFeed(credentials: try credentials("feed"), symbols: symbols, url: url, idleTimeout: idle)
    }

    func broker(type: String, settings: [String: String]) throws -> Broker {
        AlpacaBroker(credentials: try credentials("broker"), baseURL: settings["url"] ?? AlpacaBroker.paperURL)
    }
}
