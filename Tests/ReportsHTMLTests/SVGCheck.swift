import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Reports

/// Whether `text` is well-formed XML: parsed with Foundation's `XMLParser` (FoundationXML on
/// Linux), which must report no error and see every element closed in order, and the
/// tag-balance check below.
func isWellFormedXML(_ text: String) -> Bool {
    #if canImport(FoundationXML) || canImport(Darwin)
    let parser = XMLParser(data: Data(text.utf8))
    let checker = XMLNestingChecker()
    parser.delegate = checker
    let parsed = parser.parse()
    return parsed && checker.ok && checker.stack.isEmpty && checker.sawRoot && tagsBalance(text)
    #else
    return tagsBalance(text)
    #endif
}

#if canImport(FoundationXML) || canImport(Darwin)
/// Tracks element nesting and parse errors (corelibs' parser recovers from some errors).
final class XMLNestingChecker: NSObject, XMLParserDelegate {
    var stack: [String] = []
    var ok = true
    var sawRoot = false

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        if stack.isEmpty && sawRoot { ok = false }   // a second root element
        sawRoot = true
        stack.append(elementName)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        if stack.popLast() != elementName { ok = false }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { ok = false }
    func parser(_ parser: XMLParser, validationErrorOccurred validationError: Error) { ok = false }
}
#endif

/// A minimal check that every opened tag is closed in order.
func tagsBalance(_ text: String) -> Bool {
    var stack: [String] = []
    var index = text.startIndex
    while let open = text[index...].firstIndex(of: "<") {
        guard let close = text[open...].firstIndex(of: ">") else { return false }
        let tag = text[text.index(after: open)..<close]
        index = text.index(after: close)
        if tag.hasPrefix("?") || tag.hasPrefix("!") { continue }
        if tag.hasSuffix("/") { continue }
        if tag.hasPrefix("/") {
            let name = String(tag.dropFirst())
            guard stack.popLast() == name else { return false }
        } else {
            let name = tag.split(whereSeparator: { $0 == " " || $0 == "\n" }).first.map(String.init) ?? ""
            stack.append(name)
        }
    }
    return stack.isEmpty
}

/// All `d` attributes of `<path>` elements.
func pathData(_ svg: String) -> [String] {
    var result: [String] = []
    var rest = svg[...]
    while let range = rest.range(of: " d=\"") {
        let after = rest[range.upperBound...]
        guard let end = after.firstIndex(of: "\"") else { break }
        result.append(String(after[..<end]))
        rest = after[end...]
    }
    return result
}

/// Points in path data: the number of M and L commands.
func pointCount(_ d: String) -> Int {
    d.filter { $0 == "M" || $0 == "L" }.count
}

func occurrences(of needle: String, in haystack: String) -> Int {
    haystack.components(separatedBy: needle).count - 1
}

/// A deterministic pseudo-random walk (no system RNG).
func randomWalk(_ count: Int, seed: UInt64 = 42, start: Double = 1, drift: Double = 0.0003, vol: Double = 0.012) -> [Double] {
    var state = seed
    var value = start
    var result: [Double] = []
    result.reserveCapacity(count)
    for _ in 0..<count {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        let u = Double(state >> 11) / Double(1 << 53)
        value *= 1 + drift + vol * (u * 2 - 1) * 1.7
        result.append(value)
    }
    return result
}

func dateLabels(_ count: Int) -> [String] {
    // Business-day-ish labels: yyyy-mm-dd, 21 trading days a month.
    (0..<count).map { i in
        let month = i / 21
        let year = 2015 + month / 12
        let m = month % 12 + 1
        let d = i % 21 + 1
        return "\(year)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
    }
}
