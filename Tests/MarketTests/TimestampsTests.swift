import Market
import Testing

@Suite struct TimestampsTests {
    static let midnight: Int64 = 1_577_923_200  // 2020-01-02T00:00:00Z
    static let afternoon: Int64 = 1_577_975_400  // 2020-01-02T14:30:00Z

    @Test(arguments: [
        ("2020-01-02", midnight),
        ("2020/01/02", midnight),
        ("20200102", midnight),
        ("  2020-01-02 ", midnight),
        ("2020-01-02T14:30", afternoon),
        ("2020-01-02T14:30:00", afternoon),
        ("2020-01-02 14:30:00", afternoon),
        ("2020-01-02t14:30:00", afternoon),
        ("2020-01-02T14:30:00Z", afternoon),
        ("2020-01-02T14:30:00z", afternoon),
        ("2020-01-02T14:30:00.000Z", afternoon),
        ("2020-01-02T14:30:00.999", afternoon),
        ("2020-01-02T14:30:00,5", afternoon),
        ("2020-01-02T14:30:00+00:00", afternoon),
        ("2020-01-02T09:30:00-05:00", afternoon),
        ("2020-01-02T09:30:00-0500", afternoon),
        ("2020-01-02T09:30:00-05", afternoon),
        ("2020-01-02T20:00:00+05:30", afternoon),
        ("2020-01-02 14:30:00 +00:00", afternoon),
        ("2020-01-02 09:30-05:00", afternoon),
        ("1577975400", afternoon),
        ("1577975400000", afternoon),
        ("1577975400999", afternoon),
        ("1970-01-01", 0),
        ("1969-12-31T23:59:59Z", -1),
        ("2000-02-29", 951_782_400),
        ("2020-01-03T01:00:00+02:00", 1_578_006_000),  // crosses midnight back to 2020-01-02T23:00Z
    ] as [(String, Int64)])
    func parsesAcceptedForms(text: String, expected: Int64) {
        #expect(Timestamps.parse(Substring(text)) == expected, "\(text)")
        #expect(Timestamps.parseDate(text) == expected, "\(text)")
    }

    @Test(arguments: [
        "", " ", "abc", "2020-13-01", "2020-00-10", "2020-02-30", "2019-02-29", "2020-01-32",
        "2020-01-02T24:00", "2020-01-02T12:60", "2020-01-02T12:00:60", "2020-01-02T1:00",
        "2020-01-02X14:30", "2020-01-02T14:30:00Q", "2020-01-02T14:30:00+25:00", "2020-01-02T14:30:00.",
        "2020-1-2", "02/01/2020", "12345", "123456789012", "1577975400.5", "2020-01-02T", "2020-01-02 14",
    ])
    func rejectsOtherText(text: String) {
        #expect(Timestamps.parse(Substring(text)) == nil, "\(text)")
    }

    @Test func parsesSubstringsOfLargerStrings() {
        let line = "x,2020-01-02T14:30:00Z,y"
        let parts = line.split(separator: ",")
        #expect(Timestamps.parse(parts[1]) == Self.afternoon)
    }

    @Test func formatsDatesAndTimes() {
        #expect(Timestamps.format(Self.midnight) == "2020-01-02")
        #expect(Timestamps.format(Self.afternoon) == "2020-01-02T14:30:00Z")
        #expect(Timestamps.format(0) == "1970-01-01")
        #expect(Timestamps.format(-1) == "1969-12-31T23:59:59Z")
        #expect(Timestamps.format(951_782_400) == "2000-02-29")
        #expect(Timestamps.format(-62_135_596_800) == "0001-01-01")
    }

    @Test func formatAndParseRoundTrip() {
        var rng = SeededGenerator(seed: 7, stream: "timestamps")
        for _ in 0..<5_000 {
            let t = Int64(rng.next() % 8_000_000_000) - 2_000_000_000
            let text = Timestamps.format(t)
            #expect(Timestamps.parse(Substring(text)) == t, "\(t) -> \(text)")
        }
    }
}
