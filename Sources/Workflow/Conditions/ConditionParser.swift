extension Condition {
    /// Parses a condition expression (see ``Condition`` for the grammar).
    public static func parse(_ text: String) throws -> Condition {
        var parser = ConditionParser(characters: Array(text))
        let condition = try parser.parseOr()
        parser.skipSpaces()
        guard parser.index == parser.characters.count else {
            throw ConditionError(position: parser.index, message: "unexpected '\(parser.characters[parser.index])'")
        }
        return condition
    }
}

struct ConditionParser {
    let characters: [Character]
    var index = 0

    mutating func skipSpaces() {
        while index < characters.count, characters[index].isWhitespace { index += 1 }
    }

    mutating func consume(_ token: String) -> Bool {
        skipSpaces()
        let chars = Array(token)
        guard index + chars.count <= characters.count, Array(characters[index..<index + chars.count]) == chars else {
            return false
        }
        // Word operators must not run into an identifier.
        if chars.allSatisfy(\.isLetter), index + chars.count < characters.count,
           characters[index + chars.count].isLetter || characters[index + chars.count] == "_" {
            return false
        }
        index += chars.count
        return true
    }

    mutating func parseOr() throws -> Condition {
        var left = try parseAnd()
        while consume("||") || consume("or") { left = .or(left, try parseAnd()) }
        return left
    }

    mutating func parseAnd() throws -> Condition {
        var left = try parseNot()
        while consume("&&") || consume("and") { left = .and(left, try parseNot()) }
        return left
    }

    mutating func parseNot() throws -> Condition {
        skipSpaces()
        if index + 1 < characters.count, characters[index] == "!", characters[index + 1] != "=" {
            index += 1
            return .not(try parseNot())
        }
        if consume("not") { return .not(try parseNot()) }
        return try parseComparison()
    }

    mutating func parseComparison() throws -> Condition {
        let left = try parseOperand()
        for op in [">=", "<=", "==", "!=", ">", "<"] where consume(op) {
            guard let comparison = Condition.Comparison(rawValue: op) else { break }
            return .compare(left, comparison, try parseOperand())
        }
        return left
    }

    mutating func parseOperand() throws -> Condition {
        skipSpaces()
        guard index < characters.count else {
            throw ConditionError(position: index, message: "expected a value, a ${reference} or '(' but the expression ended")
        }
        let c = characters[index]
        if c == "(" {
            index += 1
            let inner = try parseOr()
            guard consume(")") else { throw ConditionError(position: index, message: "expected ')'") }
            return inner
        }
        if c == "$" { return .reference(try parseReference()) }
        if c == "'" || c == "\"" {
            index += 1
            let start = index
            while index < characters.count, characters[index] != c { index += 1 }
            guard index < characters.count else { throw ConditionError(position: start - 1, message: "unterminated string") }
            let text = String(characters[start..<index])
            index += 1
            return .text(text)
        }
        if c.isNumber || c == "-" || c == "+" || c == "." {
            let start = index
            index += 1
            while index < characters.count, characters[index].isNumber || "eE.+-".contains(characters[index]) { index += 1 }
            guard let value = Double(String(characters[start..<index])) else {
                throw ConditionError(position: start, message: "'\(String(characters[start..<index]))' is not a number")
            }
            return .number(value)
        }
        if consume("true") { return .boolean(true) }
        if consume("false") { return .boolean(false) }
        throw ConditionError(position: index, message: "expected a number, a 'string', true/false, a ${phase.output.field} reference or '('")
    }

    mutating func parseReference() throws -> Condition.Reference {
        let start = index
        guard index + 1 < characters.count, characters[index + 1] == "{" else {
            throw ConditionError(position: index, message: "a reference is written ${phase.output.field}")
        }
        index += 2
        let bodyStart = index
        while index < characters.count, characters[index] != "}" { index += 1 }
        guard index < characters.count else { throw ConditionError(position: start, message: "unterminated ${…} reference") }
        let body = String(characters[bodyStart..<index]).trimmingSpaces()
        index += 1
        let parts = body.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } }) else {
            throw ConditionError(position: start, message: "'${\(body)}' must name phase.output[.field…] with letters, digits and _")
        }
        return Condition.Reference(phase: parts[0], output: parts[1], path: Array(parts.dropFirst(2)))
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
