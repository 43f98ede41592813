import Foundation
import Live

/// Where a connection goes, from a URL: host, port (the scheme's default unless given), the
/// request target (path and query) and whether TLS wraps the socket. ``webSocket(_:)`` reads
/// `ws://` and `wss://` URLs (RFC 6455 §3), ``http(_:)`` `http://` and `https://` ones.
struct Endpoint: Sendable, Equatable {
    var host: String
    var port: Int
    var target: String
    var tls: Bool

    static func webSocket(_ url: String) throws -> Endpoint {
        guard let endpoint = Endpoint(url: url, plain: "ws", secure: "wss") else {
            throw LiveError("not a WebSocket URL: \(url)", hint: "use wss://host/path (ws:// only for a local test server)")
        }
        return endpoint
    }

    static func http(_ url: String) throws -> Endpoint {
        guard let endpoint = Endpoint(url: url, plain: "http", secure: "https") else {
            throw LiveError("not an HTTP(S) URL: \(url)", hint: "use https://host (http:// only for a local test server)")
        }
        return endpoint
    }

    private init?(url text: String, plain: String, secure: String) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == plain || scheme == secure, let host = components.host, !host.isEmpty
        else {
            return nil
        }
        tls = scheme == secure
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        port = components.port ?? (tls ? 443 : 80)
        let path = components.percentEncodedPath
        target = (path.isEmpty ? "/" : path) + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
    }

    /// Whether ``host`` is an IPv4 or IPv6 literal (TLS sends no server name for those).
    var hostIsAddress: Bool {
        host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." }
    }

    /// The `Host` header: the host, with the port when it is not the scheme's default.
    var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == (tls ? 443 : 80) ? name : "\(name):\(port)"
    }

    /// The server name TLS presents (none for an address literal).
    var serverName: String? { hostIsAddress ? nil : host }
}
