import Foundation
import Live
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOSSL

/// One answer of the Trading API.
struct AlpacaHTTPResponse: Sendable {
    var status: Int
    var body: Data
    var retryAfter: String?
}

/// Blocking HTTPS requests to Alpaca's Trading API (``HTTPExchange``, SwiftNIO): the key pair
/// in the `APCA-API-KEY-ID` and `APCA-API-SECRET-KEY` headers, JSON bodies, and
/// `429 Too Many Requests` retried after the server's `Retry-After` or, without one, after an
/// exponential backoff (https://docs.alpaca.markets/docs/authentication,
/// https://docs.alpaca.markets/reference/rate-limit). Errors are ``Live/LiveError``s naming the
/// method, path, status and Alpaca's `message`, with the credentials redacted.
final class AlpacaRESTClient: Sendable {
    let baseURL: String
    let credentials: AlpacaCredentials
    let requestTimeout: Double
    let maxAttempts: Int
    let initialBackoff: Double
    /// The longest wait between two attempts, whatever `Retry-After` says.
    let maxBackoff: Double = 60
    private let tls = NIOLockedValueBox<NIOSSLContext?>(nil)
    private let group: any EventLoopGroup

    init(baseURL: String, credentials: AlpacaCredentials, requestTimeout: Double, maxAttempts: Int, initialBackoff: Double,
         group: any EventLoopGroup)
    {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.credentials = credentials
        self.requestTimeout = requestTimeout.isFinite && requestTimeout > 0 ? min(requestTimeout, 3600) : 30
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = initialBackoff.isFinite ? max(0, initialBackoff) : 0.5
        self.group = group
    }

    /// Sends one request, retrying while the server answers 429; returns the last answer, of
    /// any status. Throws only when no answer came.
    func send(_ method: String, _ path: String, query: [(String, String)] = [], json body: [String: Any]? = nil) throws
        -> AlpacaHTTPResponse
    {
        let endpoint = try Endpoint.http(baseURL)
        let base = endpoint.target.hasSuffix("/") ? String(endpoint.target.dropLast()) : endpoint.target
        let queryText = query.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        let target = base + path + (queryText.isEmpty ? "" : "?" + queryText)
        var headers = [
            ("APCA-API-KEY-ID", credentials.keyID), ("APCA-API-SECRET-KEY", credentials.secretKey),
            ("Accept", "application/json"), ("User-Agent", "ADMF"),
        ]
        var data: Data?
        if let body {
            do {
                data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
            } catch {
                throw LiveError("cannot encode the body of \(method) \(path)")
            }
            headers.append(("Content-Type", "application/json"))
        }
        let exchange = HTTPExchange(group: group, tls: tls)
        var backoff = initialBackoff
        var attempt = 1
        while true {
            let answer: HTTPExchange.Answer
            do {
                answer = try exchange.perform(HTTPMethod(rawValue: method), target, on: endpoint, headers: headers, body: data,
                                              timeout: requestTimeout)
            } catch let error as LiveError {
                throw LiveError("Alpaca \(method) \(path): \(credentials.redact(error.message))", hint: "check the network and the base URL \(baseURL)")
            }
            let response = AlpacaHTTPResponse(status: answer.status, body: answer.body, retryAfter: answer.headers.first(name: "Retry-After"))
            guard response.status == 429, attempt < maxAttempts else { return response }
            let wait = response.retryAfter.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } ?? backoff
            if wait > 0 { Thread.sleep(forTimeInterval: min(wait, maxBackoff)) }
            backoff = min(backoff * 2, maxBackoff)
            attempt += 1
        }
    }

    /// The error of a failed answer: `Alpaca POST /v2/orders: HTTP 403: insufficient buying power`.
    func error(_ response: AlpacaHTTPResponse, _ method: String, _ path: String) -> LiveError {
        let message = serverMessage(response)
        let attempts = response.status == 429 && maxAttempts > 1 ? " (after \(maxAttempts) attempts)" : ""
        let text = "Alpaca \(method) \(path): HTTP \(response.status)\(message.isEmpty ? "" : ": \(message)")\(attempts)"
        return LiveError(credentials.redact(text), hint: Self.hint(forStatus: response.status))
    }

    /// Alpaca's `message` of an error answer (`{"code": 40310000, "message": "…"}`), else the
    /// start of the body.
    func serverMessage(_ response: AlpacaHTTPResponse) -> String {
        if let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
           let text = object["message"] as? String
        {
            return text
        }
        return String(decoding: response.body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func hint(forStatus status: Int) -> String? {
        switch status {
        case 401: return "check \(AlpacaCredentials.keyIDVariable) and \(AlpacaCredentials.secretKeyVariable), and that the keys belong to this base URL (paper keys work only with paper-api)"
        case 403: return "Alpaca refused: the keys may not allow this, or the account cannot (buying power, shorting, pattern day trading)"
        case 422: return "Alpaca could not accept the request as sent"
        case 429: return "Alpaca's rate limit (200 requests a minute per account): slow the session down"
        default: return nil
        }
    }

    /// The JSON value of a successful answer's body.
    func json(_ response: AlpacaHTTPResponse, _ method: String, _ path: String) throws -> Any {
        do {
            return try JSONSerialization.jsonObject(with: response.body)
        } catch {
            throw LiveError("Alpaca \(method) \(path): the answer is not JSON: \(credentials.redact(String(decoding: response.body.prefix(80), as: UTF8.self)))")
        }
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters.
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
