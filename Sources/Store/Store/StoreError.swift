/// A run-store operation that failed, with the store's path and what was being done.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var operation: String
    public var reason: String

    public init(path: String, operation: String, reason: String) {
        self.path = path
        self.operation = operation
        self.reason = reason
    }

    public var description: String { "run store \(path): \(operation): \(reason)" }
}
