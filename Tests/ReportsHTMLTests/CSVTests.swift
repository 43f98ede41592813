import Testing
@testable import Reports

@Suite struct CSVTests {
    @Test func quotesCommasQuotesAndNewlines() {
        let table = ReportTable(title: "t", columns: ["name", "note", "value"], rows: [
            [.text("plain"), .text("a,b"), .integer(1)],
            [.text("say \"hi\""), .text("line1\nline2"), .integer(-2)],
            [.text(" padded "), .text("cr\r\nlf"), .empty],
        ])
        let csv = CSVWriter.render(table)
        let expected = "name,note,value\n" + "plain,\"a,b\",1\n" + "\"say \"\"hi\"\"\",\"line1\nline2\",-2\n"
            + "\" padded \",\"cr\r\nlf\",\n"
        #expect(csv == expected)
    }

    @Test func fullPrecisionNumbersAndRawPercentages() {
        let table = ReportTable(title: "m", columns: ["sharpe", "return", "date", "n"], rows: [
            [.number(1.0 / 3.0, decimals: 2), .percent(0.1234567, decimals: 1), .date("2024-03-28"), .integer(5031)],
            [.number(.nan, decimals: 2), .percent(-0.5, decimals: 0), .date("2024-03-29"), .integer(0)],
            [.number(2, decimals: 2), .percent(.infinity, decimals: 0), .empty, .integer(-1)],
        ])
        let lines = CSVWriter.render(table).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "sharpe,return,date,n")
        #expect(lines[1] == "0.3333333333333333,0.1234567,2024-03-28,5031")
        #expect(lines[2] == ",-0.5,2024-03-29,0")
        #expect(lines[3] == "2,inf,,-1")
        #expect(lines.last == "")
        #expect(Double(String(lines[1].split(separator: ",")[0])) == 1.0 / 3.0)
    }

    @Test func raggedRowsArePaddedToTheHeader() {
        let table = ReportTable(title: "t", columns: ["a", "b", "c"], rows: [[.integer(1)], [.integer(1), .integer(2), .integer(3), .integer(4)]])
        #expect(CSVWriter.render(table) == "a,b,c\n1,,\n1,2,3\n")
    }

    @Test func jsonOfTable() {
        let table = ReportTable(title: "top", columns: ["fast", "sharpe", "note"],
                                rows: [[.integer(10), .number(1.25, decimals: 2), .empty],
                                       [.integer(20), .percent(.nan, decimals: 1), .text("x")]])
        #expect(table.jsonValue().serialized() ==
            #"{"title":"top","columns":["fast","sharpe","note"],"rows":[{"fast":10,"sharpe":1.25,"note":null},{"fast":20,"sharpe":null,"note":"x"}]}"#)
    }
}
