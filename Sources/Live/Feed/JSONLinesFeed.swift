import Foundation

/// Bars as JSON lines from a file handle — standard input by default — one Alpaca bar
/// message (``AlpacaBarFormat``) or array of them per line. Blank lines and lines starting with
/// `#` are skipped; the feed ends at end of input.
///
/// ```sh
/// tail -f bars.jsonl | admf run deploy.yaml        # feed: {type: stdin}
/// ```
public final class JSONLinesFeed: BarFeed {
    public let description: String
    private let handle: FileHandle
    private var buffer = Data()
    private var queued: [LiveBar] = []
    private var ended = false
    private var lineNumber = 0
    private var skipThrough: Int64?

    public init(handle: FileHandle = .standardInput, name: String = "standard input") {
        self.handle = handle
        description = "JSON lines from \(name)"
    }

    public func next() throws -> LiveBar? {
        while true {
            if !queued.isEmpty {
                let bar = queued.removeFirst()
                if let skip = skipThrough, bar.timestamp <= skip { continue }
                return bar
            }
            guard let line = try readLine() else { return nil }
            lineNumber += 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            do {
                queued = try AlpacaBarFormat.bars(fromMessage: trimmed)
            } catch let error as LiveError {
                throw LiveError("\(description), line \(lineNumber): \(error.message)",
                                hint: "send one Alpaca bar message per line, e.g. {\"S\":\"SPY\",\"t\":\"2024-01-02\",\"o\":1,\"h\":1,\"l\":1,\"c\":1,\"v\":0}")
            }
        }
    }

    public func resume(after timestamp: Int64) throws { skipThrough = timestamp }

    private func readLine() throws -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex..<newline]
                buffer = Data(buffer[(newline + 1)...])
                return String(decoding: line, as: UTF8.self)
            }
            if ended {
                guard !buffer.isEmpty else { return nil }
                let line = String(decoding: buffer, as: UTF8.self)
                buffer = Data()
                return line
            }
            let chunk = handle.availableData  // blocks until data or end of file
            if chunk.isEmpty { ended = true } else { buffer.append(chunk) }
        }
    }
}
