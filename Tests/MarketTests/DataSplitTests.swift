import Market
import Testing

@Suite struct DataSplitTests {
    static let bars = MarketTestSupport.flatSeries("X", (0..<10).map { Int64($0) * 86_400 })

    @Test func ratio() throws {
        let (train, test) = try DataSplit.ratio(0.7).split(Self.bars)
        #expect(train.count == 7)
        #expect(test.count == 3)
        #expect(train.timestamps + test.timestamps == Self.bars.timestamps)
        #expect(try DataSplit.ratio(0.75).splitIndex(count: 10, timestamps: Self.bars.timestamps) == 7)
        #expect(try DataSplit.ratio(0.5).splitIndex(count: 3, timestamps: [1, 2, 3]) == 1)
    }

    @Test(arguments: [0.0, 1.0, -0.1, 1.5, Double.nan, 0.05])
    func badRatios(ratio: Double) {
        #expect(throws: MarketDataError.self) { try DataSplit.ratio(ratio).split(Self.bars) }
    }

    @Test func date() throws {
        let (train, test) = try DataSplit.date(4 * 86_400).split(Self.bars)
        #expect(train.count == 4)
        #expect(test.timestamps.first == Int64(4 * 86_400))  // the bar at the date starts the test part
        let between = try DataSplit.date(4 * 86_400 - 1).splitIndex(count: 10, timestamps: Self.bars.timestamps)
        #expect(between == 4)
    }

    @Test func datesThatLeaveAnEmptySide() {
        for date: Int64 in [-5, 0, 9 * 86_400 + 1, 100 * 86_400] {
            #expect(throws: MarketDataError.self) { try DataSplit.date(date).split(Self.bars) }
        }
        do {
            _ = try DataSplit.date(0).split(Self.bars)
        } catch let error as MarketDataError {
            #expect(error.description.hasPrefix("split date 1970-01-01 leaves the train part empty (the first bar is 1970-01-01)"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
