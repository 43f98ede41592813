import Foundation
import Live
import Testing
@testable import LiveConnectors

/// `admf data fetch`'s downloader against a local server answering as Alpaca's Market Data API
/// documents: pages followed by `next_page_token`, `429` with `Retry-After`, errors with a
/// `message`, and an interrupted download resumed without a page fetched or written twice.
@Suite struct AlpacaBarsDownloadTests {
    static let days: [(t: String, o: Double, h: Double, l: Double, c: Double, v: Double)] = (0..<7).map(Self.day)

    static func day(_ k: Int) -> (t: String, o: Double, h: Double, l: Double, c: Double, v: Double) {
        let x = Double(k)
        let time = String(format: "2024-01-%02dT05:00:00Z", 2 + k)
        return (t: time, o: 100 + x, h: 101.5 + x, l: 99 + x, c: 100.25 + x, v: 1_000_000 + x)
    }

    func setup() throws -> (AlpacaRESTServer, AlpacaCredentials, String) {
        let server = try AlpacaRESTServer()
        server.state.withLockedValue { $0.bars = ["SPY": Self.days, "QQQ": Array(Self.days.prefix(4))] }
        let state = server.state.withLockedValue { $0 }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("admf-fetch-\(UUID().uuidString)").path
        return (server, AlpacaCredentials(keyID: state.keyID, secretKey: state.secret), directory)
    }

    func download() -> AlpacaBarsDownload {
        AlpacaBarsDownload(symbols: ["SPY", "QQQ"], start: "2024-01-01", end: "2024-01-31", pageLimit: 3, minInterval: 0)
    }

    @Test func pagesBecomeOneCSVPerSymbolWithProvenance() throws {
        let (server, credentials, directory) = try setup()
        defer { server.stop() }
        server.state.withLockedValue { $0.rateLimited = 1 }  // the first request is told to wait
        let reports = try download().run(credentials: credentials, baseURL: server.url, directory: directory, initialBackoff: 0.01)
        #expect(reports.map(\.rows) == [7, 4] && reports.map(\.pages) == [3, 2])
        let spy = try String(contentsOfFile: "\(directory)/SPY_daily.csv", encoding: .utf8)
        #expect(spy.hasPrefix("timestamp,open,high,low,close,volume\n2024-01-02,100,101.5,99,100.25,1000000\n"))
        #expect(spy.split(separator: "\n").count == 8)
        let provenance = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(directory)/SPY_daily.csv.provenance.json"))) as? [String: Any])
        #expect(provenance["vendor"] as? String == "Alpaca Market Data API v2" && provenance["rows"] as? Int == 7)
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/SPY_daily.csv.partial"))
        // every request authenticated, pages followed by their token, the 429 retried
        let requests = server.requests.filter { $0.path.hasSuffix("/bars") }
        #expect(requests.count == 6)
        #expect(requests.map { $0.query["page_token"] ?? "" } == ["", "", "tok-3", "tok-6", "", "tok-3"])
        #expect(requests.allSatisfy { $0.query["adjustment"] == "raw" && $0.query["limit"] == "3" })
        // the CSV reads as ADMF bars
        let text = try String(contentsOfFile: "\(directory)/SPY_daily.csv", encoding: .utf8)
        #expect(!text.contains(credentials.keyID))
    }

    @Test func anInterruptedDownloadResumesFromItsLastPage() throws {
        let (server, credentials, directory) = try setup()
        defer { server.stop() }
        server.state.withLockedValue { $0.failAfterPages = 2 }
        #expect(throws: LiveError.self) {
            _ = try download().run(credentials: credentials, baseURL: server.url, directory: directory, maxAttempts: 1)
        }
        #expect(FileManager.default.fileExists(atPath: "\(directory)/SPY_daily.csv.partial.json"))
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/SPY_daily.csv"))
        let before = server.requests.count
        let reports = try download().run(credentials: credentials, baseURL: server.url, directory: directory)
        #expect(reports[0].resumed && reports[0].rows == 7 && reports[0].pages == 3)
        let again = server.requests.dropFirst(before).filter { $0.path.contains("SPY") }
        #expect(again.map { $0.query["page_token"] ?? "" } == ["tok-6"], "only the page not yet written is fetched")
        // byte for byte what an uninterrupted download writes
        let (clean, cleanCredentials, cleanDirectory) = try setup()
        defer { clean.stop() }
        _ = try download().run(credentials: cleanCredentials, baseURL: clean.url, directory: cleanDirectory)
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(directory)/SPY_daily.csv"))
                == Data(contentsOf: URL(fileURLWithPath: "\(cleanDirectory)/SPY_daily.csv")))
    }

    @Test func errorsNameTheStatusAndMessageNeverTheSecret() throws {
        let (server, credentials, directory) = try setup()
        defer { server.stop() }
        let wrong = AlpacaCredentials(keyID: credentials.keyID, secretKey: "not-the-secret")
        server.state.withLockedValue { $0.echoCredentials = true }
        do {
            _ = try download().run(credentials: wrong, baseURL: server.url, directory: directory)
            Issue.record("wrong keys must fail")
        } catch let error as LiveError {
            #expect(error.message.contains("HTTP 403") && !error.message.contains("not-the-secret"), "\(error.message)")
        }
        var unknown = download()
        unknown.symbols = ["NOPE"]
        do {
            _ = try unknown.run(credentials: credentials, baseURL: server.url, directory: directory)
            Issue.record("no bars must fail")
        } catch let error as LiveError {
            #expect(error.message.contains("no 1Day bars for NOPE"), "\(error.message)")
        }
    }
}
