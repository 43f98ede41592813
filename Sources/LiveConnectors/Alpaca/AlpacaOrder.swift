import Foundation
import Live

/// An order as Alpaca's Trading API returns it
/// (https://docs.alpaca.markets/reference/getorderbyclientorderid): the fields the broker reads
/// of the order object — `id`, `client_order_id`, `symbol`, `side`, `status`, `filled_qty`,
/// `filled_avg_price` (decimal strings, `null` until something fills).
struct AlpacaOrder: Equatable {
    var id: String
    var clientOrderID: String
    var symbol: String
    var side: String
    var status: String
    var filledQuantity: Double
    var filledAveragePrice: Double?

    init(json value: Any) throws {
        guard let object = value as? [String: Any] else { throw LiveError("Alpaca sent an order that is not a JSON object") }
        guard let id = object["id"] as? String, let clientOrderID = object["client_order_id"] as? String,
              let symbol = object["symbol"] as? String, let status = object["status"] as? String
        else {
            throw LiveError("Alpaca sent an order without id, client_order_id, symbol or status")
        }
        self.id = id
        self.clientOrderID = clientOrderID
        self.symbol = symbol
        self.status = status
        side = (object["side"] as? String) ?? "buy"
        filledQuantity = Self.number(object["filled_qty"]) ?? 0
        filledAveragePrice = Self.number(object["filled_avg_price"])
    }

    /// As the session sees it: signed fill (negative for a sell), NaN price until a fill.
    var orderStatus: OrderStatus {
        let state = Self.state(ofStatus: status)
        let sign: Double = side.lowercased().hasPrefix("sell") ? -1 : 1
        return OrderStatus(clientOrderID: clientOrderID, brokerOrderID: id, symbol: symbol, state: state,
                           filledQuantity: sign * abs(filledQuantity), fillPrice: filledAveragePrice ?? .nan,
                           message: state == .rejected ? "rejected by Alpaca" : nil)
    }

    /// Alpaca's order statuses (https://docs.alpaca.markets/docs/orders-at-alpaca#order-lifecycle):
    /// `filled` → filled; `canceled`, `expired`, `replaced` → cancelled (the order will fill no
    /// more); `rejected` → rejected; the rest (`new`, `accepted`, `pending_new`,
    /// `partially_filled`, `done_for_day`, `pending_cancel`, `held`, `stopped`, …, and any status
    /// added later) → accepted, still open.
    static func state(ofStatus status: String) -> OrderStatus.State {
        switch status.lowercased() {
        case "filled": return .filled
        case "canceled", "cancelled", "expired", "replaced": return .cancelled
        case "rejected": return .rejected
        default: return .accepted
        }
    }

    /// A decimal string or JSON number; `nil` for `null`, absence or anything unreadable.
    static func number(_ value: Any?) -> Double? {
        switch value {
        case let text as String: return Double(text.trimmingCharacters(in: .whitespaces)).flatMap { $0.isFinite ? $0 : nil }
        case let number as NSNumber: return number.doubleValue.isFinite ? number.doubleValue : nil
        default: return nil
        }
    }
}
