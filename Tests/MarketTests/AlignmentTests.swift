import Market
import Testing

@Suite struct AlignmentTests {
    @Test func keepsOnlyCommonTimestampsInInputOrder() {
        let a = MarketTestSupport.flatSeries("A", [1, 2, 3, 4, 5, 6])
        let b = MarketTestSupport.flatSeries("B", [2, 3, 5, 6, 7], price: 200)
        let c = MarketTestSupport.flatSeries("C", [0, 2, 3, 4, 6], price: 300)
        let aligned = Alignment.commonTimestamps([a, b, c])
        #expect(aligned.map(\.symbol) == ["A", "B", "C"])
        for series in aligned { #expect(series.timestamps == [2, 3, 6]) }
        // Values travel with their timestamps.
        #expect(aligned[0].close == [101, 102, 105])
        #expect(aligned[1].close == [200, 201, 203])
        #expect(aligned[2].close == [301, 302, 304])
        #expect(aligned[2].high == [302, 303, 305])
    }

    @Test func edgeCases() {
        #expect(Alignment.commonTimestamps([]).isEmpty)
        let a = MarketTestSupport.flatSeries("A", [1, 2, 3])
        #expect(Alignment.commonTimestamps([a]) == [a])
        #expect(Alignment.commonTimestamps([a, a]) == [a, a])
        let disjoint = Alignment.commonTimestamps([a, MarketTestSupport.flatSeries("B", [4, 5])])
        #expect(disjoint.allSatisfy { $0.isEmpty })
    }
}
