import Foundation

/// A run-store operation that failed, with the store's path, what was being done and why —
/// one line, the cause in plain words (never a raw `NSError` dump).
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var operation: String
    public var reason: String
    public var hint: String?

    public init(path: String, operation: String, reason: String, hint: String? = nil) {
        self.path = path
        self.operation = operation
        self.reason = reason
        self.hint = hint
    }

    public var description: String {
        "run store \(path): \(operation): \(reason)" + (hint.map { " — \($0)" } ?? "")
    }

    /// The cause of `error` in plain words: the underlying POSIX error of a Foundation error
    /// (e.g. "Read-only file system"), or the error's own one-line description.
    public static func plain(_ error: Error) -> String {
        if let error = error as? StoreError { return error.reason }
        let ns = error as NSError
        if ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain {
            if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError {
                if underlying.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
                    return String(cString: strerror(code.rawValue))
                }
                return underlying.localizedDescription
            }
            return ns.localizedDescription.replacingOccurrences(of: "The operation could not be completed. ", with: "")
        }
        return "\(error)".replacingOccurrences(of: "\n", with: " ")
    }
}
