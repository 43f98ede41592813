import Foundation
import Testing
@testable import Reports

@Suite struct FormattingTests {
    @Test func fixedDecimals() {
        #expect(ReportFormat.fixed(1234.5, decimals: 2) == "1234.50")
        #expect(ReportFormat.fixed(1234567.891, decimals: 1, grouping: true) == "1,234,567.9")
        #expect(ReportFormat.fixed(-0.0001, decimals: 2) == "0.00")
        #expect(ReportFormat.fixed(-1.5, decimals: 0) == "-2")
        #expect(ReportFormat.fixed(0.5, decimals: 0) == "1")
        #expect(ReportFormat.fixed(999.999, decimals: 2, grouping: true) == "1,000.00")
        #expect(ReportFormat.fixed(.nan, decimals: 2) == "NaN")
        #expect(ReportFormat.fixed(-.infinity, decimals: 2) == "-inf")
    }

    @Test func percentAndIntegers() {
        #expect(ReportFormat.percent(0.1234, decimals: 1) == "12.3%")
        #expect(ReportFormat.percent(-0.05, decimals: 0) == "-5%")
        #expect(ReportFormat.integer(-1234567) == "-1,234,567")
        #expect(ReportFormat.integer(999) == "999")
    }

    @Test func shortestRoundTrip() {
        for value in [0.1, 1.0 / 3.0, 1e-9, 123456.789, -2.5, 1e22, Double.leastNonzeroMagnitude] {
            #expect(Double(ReportFormat.shortest(value)) == value)
        }
        #expect(ReportFormat.shortest(5) == "5")
        #expect(ReportFormat.shortest(0.1) == "0.1")
    }

    @Test func cellDisplay() {
        #expect(ReportCell.number(1234.5678, decimals: 2).displayText == "1,234.57")
        #expect(ReportCell.percent(-0.1834, decimals: 1).displayText == "-18.3%")
        #expect(ReportCell.number(.nan, decimals: 2).displayText == "—")
        #expect(ReportCell.integer(5031).displayText == "5,031")
        #expect(ReportCell.empty.displayText == "—")
        #expect(ReportCell.percent(-0.00001, decimals: 1).isNegative == false)
    }
}

@Suite struct TickTests {
    func isNiceStep(_ ticks: NiceTicks) -> Bool {
        guard [1, 2, 5].contains(ticks.mantissa) else { return false }
        let expected = Double(ticks.mantissa) * NiceTicks.tenToThe(ticks.exponent)
        return abs(ticks.step - expected) <= expected * 1e-12
    }

    @Test func unitRange() {
        let ticks = NiceTicks.linear(min: 0, max: 1)
        #expect(ticks.values == [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        #expect(ticks.step == 0.2)
    }

    @Test func extendsToWholeSteps() {
        let ticks = NiceTicks.linear(min: 0.93, max: 3.41)
        #expect(ticks.step == 0.5)
        #expect(ticks.lower == 0.5)
        #expect(ticks.upper == 3.5)
        #expect(ticks.values == [0.5, 1, 1.5, 2, 2.5, 3, 3.5])
    }

    @Test func drawdownRange() {
        let ticks = NiceTicks.linear(min: -0.337, max: 0)
        #expect(ticks.upper == 0)
        #expect(ticks.lower == -0.35)
        #expect(ticks.values.contains(0))
        #expect(ticks.values.first == -0.35)
    }

    @Test func stepsAreOneTwoFive() {
        let ranges: [(Double, Double)] = [(0, 1), (0, 7), (-3, 17), (0.001, 0.0042), (100, 100_000), (-1e6, 2.5e6),
                                          (1.5, 1.52), (-0.02, 0.37), (42, 42), (0, 0), (3e-7, 9e-7)]
        for (low, high) in ranges {
            let ticks = NiceTicks.linear(min: low, max: high)
            #expect(isNiceStep(ticks), "range \(low)…\(high): step \(ticks.step)")
            #expect(ticks.values.count >= 3 && ticks.values.count <= 12, "range \(low)…\(high): \(ticks.values.count) ticks")
            #expect(ticks.lower <= min(low, high) && ticks.upper >= max(low, high))
            for pair in zip(ticks.values, ticks.values.dropFirst()) {
                #expect(abs((pair.1 - pair.0) - ticks.step) <= ticks.step * 1e-9)
            }
        }
    }

    @Test func extremeRangesDoNotTrap() {
        let huge = NiceTicks.linear(min: -Double.greatestFiniteMagnitude, max: .greatestFiniteMagnitude)
        #expect(huge.values.count >= 2)
        let tiny = NiceTicks.linear(min: 1e-300, max: 3e-300)
        #expect(isNiceStep(tiny))
        let odd = NiceTicks.linear(min: .nan, max: .infinity)
        #expect(odd.lower == 0 && odd.upper == 1)
    }

    @Test func tickLabelsAreClean() {
        let ticks = NiceTicks.linear(min: 0, max: 0.3)
        let format = ValueFormat.number(decimals: 4).with(decimals: ValueFormat.number(4).decimals(forExponent: ticks.exponent))
        #expect(ticks.values.map { ReportFormat.format($0, format) } == ["0.00", "0.05", "0.10", "0.15", "0.20", "0.25", "0.30"])
        let percent = ValueFormat.percent(1).with(decimals: ValueFormat.percent(1).decimals(forExponent: ticks.exponent))
        #expect(ReportFormat.format(ticks.values[1], percent) == "5%")
    }

    @Test func logTicks() {
        let ticks = LogTicks.make(min: 0.8, max: 60)
        let labels = ticks.ticks.map(\.label)
        #expect(labels.contains(1) && labels.contains(10))
        for label in labels {
            let mantissa = label / NiceTicks.tenToThe(Int((log10(label) + 1e-9).rounded(.down)))
            #expect([1.0, 2.0, 5.0].contains { abs($0 - mantissa) < 1e-9 }, "log tick \(label)")
        }
        let narrow = LogTicks.make(min: 100, max: 140)
        #expect(narrow.ticks.count >= 3)
    }
}
