import Market
import Testing

/// As-of joins of data published at its own times: nothing is visible before the first bar
/// after its publication, checked against a naive reference model and by perturbing everything
/// published after a cutoff.
@Suite struct PointInTimeTests {
    static let day: Int64 = 86_400

    /// The rule written the slow, obvious way: at each bar, look at every record.
    static func naive(_ records: [PointInTimeRecord], at timestamps: [Int64]) -> [Double] {
        timestamps.map { time in
            let visible = records.enumerated().filter { $0.element.publishedAt < time }
            // the latest event; among its versions the latest published (then the later listed)
            guard let best = visible.max(by: {
                ($0.element.eventTime, $0.element.publishedAt, $0.offset) < ($1.element.eventTime, $1.element.publishedAt, $1.offset)
            }) else { return .nan }
            return best.element.value
        }
    }

    static func same(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
    }

    @Test("a value becomes visible at the first bar after its publication, never at or before it")
    func visibility() {
        let bars: [Int64] = (0..<6).map { 10 * Self.day + $0 * Self.day }  // days 10 … 15 at 00:00
        let series = PointInTimeSeries(name: "cpi", records: [
            PointInTimeRecord(eventTime: 0, publishedAt: 11 * Self.day + 8 * 3600, value: 1),   // day 11, 08:00 → visible day 12
            PointInTimeRecord(eventTime: Self.day, publishedAt: 13 * Self.day, value: 2),       // day 13, 00:00 → visible day 14
        ])
        let values = series.asOf(bars)
        #expect(values[0].isNaN && values[1].isNaN)
        #expect(values[2] == 1 && values[3] == 1)
        #expect(values[4] == 2 && values[5] == 2)
    }

    @Test("a declared publication lag delays every value; a revision replaces its event's value, an older event never the newer one")
    func lagAndRevisions() {
        let bars: [Int64] = (0..<40).map { $0 * Self.day }
        let lagged = PointInTimeSeries(name: "x", events: [(time: 0, value: 5), (time: 10 * Self.day, value: 6)], lag: 20 * Self.day)
        let values = lagged.asOf(bars)
        #expect(values[20].isNaN && values[21] == 5 && values[30].isNaN == false && values[30] == 5 && values[31] == 6)
        let revised = PointInTimeSeries(name: "y", records: [
            PointInTimeRecord(eventTime: 5 * Self.day, publishedAt: 6 * Self.day, value: 1),
            PointInTimeRecord(eventTime: 8 * Self.day, publishedAt: 9 * Self.day, value: 2),
            PointInTimeRecord(eventTime: 8 * Self.day, publishedAt: 12 * Self.day, value: 3),   // revision of the newest event
            PointInTimeRecord(eventTime: 5 * Self.day, publishedAt: 15 * Self.day, value: 9),   // revision of an older event
        ])
        let r = revised.asOf(bars)
        #expect(r[7] == 1 && r[10] == 2 && r[13] == 3 && r[20] == 3)
    }

    /// Random records (shuffled, with revisions and simultaneous publications) against the naive model.
    @Test("the one-pass join equals the naive model on random records", arguments: 0..<40)
    func matchesNaive(seed: Int) {
        var random = SeededGenerator(seed: UInt64(seed), stream: "pit")
        let bars: [Int64] = (0..<120).map { Int64($0) * Self.day + (seed % 2 == 0 ? 0 : 16 * 3600) }
        let records = (0..<Int(random.next() % 60)).map { _ in
            let event = Int64(random.next() % 130) * Self.day
            let published = event + Int64(random.next() % 20) * Self.day + Int64(random.next() % 3) * 3600 * 8
            return PointInTimeRecord(eventTime: event, publishedAt: published, value: Double(random.next() % 1000))
        }
        #expect(Self.same(PointInTimeSeries(name: "r", records: records).asOf(bars), Self.naive(records, at: bars)))
    }

    /// The look-ahead test: whatever is published at or after a cutoff — published later still, or
    /// with another value — no value at a bar up to the cutoff changes.
    @Test("delaying or changing anything published at or after a cutoff never changes a value at a bar up to it", arguments: 0..<40)
    func noLookAhead(seed: Int) {
        var random = SeededGenerator(seed: UInt64(seed), stream: "lookahead")
        let bars: [Int64] = (0..<200).map { Int64($0) * Self.day }
        let records = (0..<80).map { _ in
            let event = Int64(random.next() % 200) * Self.day
            return PointInTimeRecord(eventTime: event, publishedAt: event + Int64(random.next() % 30) * Self.day + Int64(random.next() % 86_400),
                                     value: Double(random.next() % 1000))
        }
        let cutoff = Int64(random.next() % 200) * Self.day
        let before = PointInTimeSeries(name: "r", records: records).asOf(bars)
        let perturbed = records.map { record -> PointInTimeRecord in
            guard record.publishedAt >= cutoff else { return record }
            var moved = record
            moved.publishedAt += Int64(1 + random.next() % 50) * Self.day
            if random.next() % 2 == 0 { moved.value = -moved.value - 1 }
            return moved
        }
        let after = PointInTimeSeries(name: "r", records: perturbed).asOf(bars)
        let upTo = bars.filter { $0 <= cutoff }.count
        #expect(Self.same(Array(before.prefix(upTo)), Array(after.prefix(upTo))), "cutoff day \(cutoff / Self.day)")
    }

    @Test("extra bar columns follow slicing and alignment")
    func columnsTravelWithBars() {
        let t: [Int64] = [1, 2, 3, 4]
        let a = BarSeries(symbol: "A", timestamps: t, open: [1, 1, 1, 1], high: [1, 1, 1, 1], low: [1, 1, 1, 1], close: [1, 2, 3, 4],
                          volume: [1, 1, 1, 1]).adding(BarColumn(name: "sentiment", values: [0.1, 0.2, .nan, 0.4]))
        let b = BarSeries(symbol: "B", timestamps: [2, 4], open: [1, 1], high: [1, 1], low: [1, 1], close: [1, 1], volume: [1, 1])
        #expect(a.slice(1..<3).column("sentiment")?.first == 0.2)
        let aligned = Alignment.commonTimestamps([a, b])
        #expect(aligned[0].column("sentiment") == [0.2, 0.4])
        #expect(a.adding(BarColumn(name: "sentiment", values: [0, 0, 0, 0])).columns.count == 1, "same name replaces")
    }
}
