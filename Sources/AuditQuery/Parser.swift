/// Turns a query's tokens into a ``Query``: a recursive-descent parser with one token of
/// lookahead (two for `not in`), positioned errors, and no recursion deeper than the nesting
/// of parentheses and `not`s, which it bounds.
public struct Parser: Sendable {
    private let tokens: [Token]
    private let source: String
    private var index = 0
    private var depth = 0

    /// The deepest nesting of parentheses and `not` accepted (deeper input is an error, not a crash).
    public static let maximumDepth = 200

    /// Lexes `source`; throws on a lexical error.
    public init(_ source: String) throws(QueryError) {
        self.source = source
        let tokens = try Lexer(source).tokens()
        guard tokens.count <= Self.maximumTokens else {
            throw .unexpected(found: "a query of \(tokens.count - 1) tokens", expected: "at most \(Self.maximumTokens)",
                              at: tokens[Self.maximumTokens].range)
        }
        self.tokens = tokens
    }

    /// The most tokens a query may have: it keeps every recursion over the syntax tree shallow.
    public static let maximumTokens = 5_000

    private var current: Token { tokens[min(index, tokens.count - 1)] }
    private func peek(_ k: Int) -> Token { tokens[min(index + k, tokens.count - 1)] }
    private mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    /// Parses the whole query: a filter, then `| stage`s, then the end.
    public mutating func parseQuery() throws(QueryError) -> Query {
        var stages: [Stage] = []
        // A query that starts with a stage keyword has an empty filter: `count by action` means
        // `* | count by action` (quote the word to search for it: `"count"`).
        if let first = current.word, QueryLanguage.stages.contains(first), startsStage(after: peek(1)) {
            stages.append(try parseStage(after: current))
        }
        let filter = stages.isEmpty ? try parseFilterUntilPipe() : .all
        try FilterCompiler.validateEventFilter(filter)
        while case .pipe = current.kind {
            let pipe = current
            advance()
            stages.append(try parseStage(after: pipe))
        }
        try expectEnd()
        return Query(source: source, filter: filter, stages: stages)
    }

    private mutating func expectEnd() throws(QueryError) {
        switch current.kind {
        case .end: return
        case .rightParen: throw .unbalancedParenthesis(opening: false, at: current.range)
        default: throw .unexpected(found: current.display, expected: "'|' or the end of the query", at: current.range)
        }
    }

    // MARK: Filters

    private mutating func parseFilterUntilPipe() throws(QueryError) -> FilterNode {
        switch current.kind {
        case .end, .pipe: return .all
        default:
            let node = try parseOr()
            switch current.kind {
            case .end, .pipe: return node
            case .rightParen: throw .unbalancedParenthesis(opening: false, at: current.range)
            default: throw .unexpected(found: current.display, expected: "a term, 'and', 'or' or '|'", at: current.range)
            }
        }
    }

    private func startsPrimary(_ token: Token) -> Bool {
        switch token.kind {
        case .leftParen, .string: return true
        case .word: return !token.isKeyword("and") && !token.isKeyword("or")
        default: return false
        }
    }

    private mutating func expectPrimary(after what: String) throws(QueryError) {
        guard startsPrimary(current) else {
            if case .rightParen = current.kind, depth == 0 { throw .unbalancedParenthesis(opening: false, at: current.range) }
            throw .unexpected(found: current.display, expected: "a term after \(what)", at: current.range)
        }
    }

    private mutating func parseOr() throws(QueryError) -> FilterNode {
        var left = try parseAnd()
        while current.isKeyword("or") {
            advance()
            try expectPrimary(after: "'or'")
            left = .or(left, try parseAnd())
        }
        return left
    }

    private mutating func parseAnd() throws(QueryError) -> FilterNode {
        var left = try parseNot()
        while true {
            if current.isKeyword("and") {
                advance()
                try expectPrimary(after: "'and'")
                left = .and(left, try parseNot())
            } else if startsPrimary(current) {
                left = .and(left, try parseNot())
            } else {
                return left
            }
        }
    }

    private mutating func parseNot() throws(QueryError) -> FilterNode {
        if current.isKeyword("not") {
            let token = current
            advance()
            try expectPrimary(after: "'not'")
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maximumDepth else {
                throw .unexpected(found: "nesting deeper than \(Self.maximumDepth)", expected: "a simpler filter", at: token.range)
            }
            return .not(try parseNot())
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(QueryError) -> FilterNode {
        let token = current
        switch token.kind {
        case .leftParen:
            advance()
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maximumDepth else {
                throw .unexpected(found: "nesting deeper than \(Self.maximumDepth)", expected: "a simpler filter", at: token.range)
            }
            if case .rightParen = current.kind {
                throw .unexpected(found: "')'", expected: "a term inside the parentheses", at: current.range)
            }
            if case .end = current.kind { throw .unbalancedParenthesis(opening: true, at: token.range) }
            let inner = try parseOr()
            guard case .rightParen = current.kind else {
                switch current.kind {
                case .end, .pipe: throw .unbalancedParenthesis(opening: true, at: token.range)
                default: throw .unexpected(found: current.display, expected: "')', a term, 'and' or 'or'", at: current.range)
                }
            }
            advance()
            return inner
        case .string(let text):
            advance()
            return .search(text, token.range)
        case .word(let word):
            let next = peek(1)
            if case .op(let op) = next.kind {
                advance()
                advance()
                let value = try parseValue(after: "'\(op.rawValue)'")
                return .term(Term(name: word, nameRange: token.range, op: op, opRange: next.range, values: [value]))
            }
            if next.isKeyword("in") {
                advance()
                advance()
                return .term(Term(name: word, nameRange: token.range, op: .in, opRange: next.range, values: try parseList()))
            }
            if next.isKeyword("not"), peek(2).isKeyword("in") {
                let opRange = next.range.union(peek(2).range)
                advance()
                advance()
                advance()
                return .term(Term(name: word, nameRange: token.range, op: .notIn, opRange: opRange, values: try parseList()))
            }
            advance()
            if word == "*" { return .all }
            for (prefix, op) in [("since:", ComparisonOperator.greaterOrEqual), ("until:", .less)] where word.hasPrefix(prefix) {
                let nameRange = SourceRange(token.range.start, token.range.start + 5)
                let opRange = SourceRange(token.range.start + 5, token.range.start + 6)
                var value = QueryValue(text: String(word.dropFirst(6)), quoted: false,
                                       range: SourceRange(token.range.start + 6, token.range.end))
                if value.text.isEmpty {
                    guard case .string(let quoted) = current.kind, current.range.start == token.range.end else {
                        throw .unexpected(found: current.display, expected: "a time after '\(prefix)', e.g. \(prefix)-30d", at: current.range)
                    }
                    value = QueryValue(text: quoted, quoted: true, range: current.range)
                    advance()
                }
                return .term(Term(name: "time", nameRange: nameRange, op: op, opRange: opRange, values: [value]))
            }
            if let term = try colonTerm(word, token) { return .term(term) }
            return .search(word, token.range)
        case .rightParen:
            throw .unbalancedParenthesis(opening: false, at: token.range)
        case .op(let op):
            throw .unexpected(found: "'\(op.rawValue)'", expected: "a field name before it, e.g. actor\(op.rawValue)alice", at: token.range)
        default:
            throw .unexpected(found: token.display, expected: "a term", at: token.range)
        }
    }

    /// Words that people type before a colon meaning a time bound.
    private static let timeBoundWords: Set<String> = [
        "before", "after", "from", "to", "till", "til", "upto", "start", "end", "since", "until", "date", "day", "older", "newer",
    ]

    /// `FIELD:VALUE`, as LogsQL writes a field filter: the same as `FIELD=VALUE`. A bare word whose
    /// part before the first `:` looks like a name (a letter, then letters, digits, `_` or `.`)
    /// but is not a field is an error rather than a word to search for, which would quietly
    /// answer zero: `before:` points at `until:`, anything else at the closest field and at
    /// quoting (`"nginx:latest"` searches for the text). Words such as `12:30` or `:x` stay words.
    private mutating func colonTerm(_ word: String, _ token: Token) throws(QueryError) -> Term? {
        guard let colon = word.firstIndex(of: ":"), colon != word.startIndex else { return nil }
        let head = String(word[..<colon])
        guard let first = head.first, first.isLetter,
              head.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else { return nil }
        let headLength = head.count
        let nameRange = SourceRange(token.range.start, token.range.start + headLength)
        guard QueryField(name: head) != nil else {
            if Self.timeBoundWords.contains(head.lowercased()) {
                throw .unexpected(found: "'\(head):'", expected: "a time bound: until:TIME (before it) or since:TIME (at or after it)",
                                  at: nameRange)
            }
            throw .unknownPrefix(head, word: word, suggestion: QueryField.suggestion(for: head), at: nameRange)
        }
        let opRange = SourceRange(nameRange.end, nameRange.end + 1)
        var value = QueryValue(text: String(word[word.index(after: colon)...]), quoted: false,
                               range: SourceRange(opRange.end, token.range.end))
        if value.text.isEmpty {
            guard case .string(let quoted) = current.kind, current.range.start == token.range.end else {
                throw .unexpected(found: current.display, expected: "a value after '\(head):', e.g. \(head):VALUE or \(head)=VALUE", at: current.range)
            }
            value = QueryValue(text: quoted, quoted: true, range: current.range)
            advance()
        }
        return Term(name: head, nameRange: nameRange, op: .equal, opRange: opRange, values: [value])
    }

    private mutating func parseValue(after what: String) throws(QueryError) -> QueryValue {
        let token = current
        switch token.kind {
        case .word(let w):
            advance()
            return QueryValue(text: w, quoted: false, range: token.range)
        case .string(let s):
            advance()
            return QueryValue(text: s, quoted: true, range: token.range)
        default:
            throw .unexpected(found: token.display, expected: "a value after \(what) (quote values with spaces: \"…\")", at: token.range)
        }
    }

    private mutating func parseList() throws(QueryError) -> [QueryValue] {
        let open = current
        guard case .leftParen = open.kind else {
            throw .unexpected(found: open.display, expected: "'(' and a list of values after 'in', e.g. in (alice, bob)", at: open.range)
        }
        advance()
        var values: [QueryValue] = []
        while true {
            if case .end = current.kind { throw .unbalancedParenthesis(opening: true, at: open.range) }
            values.append(try parseValue(after: values.isEmpty ? "'('" : "','"))
            switch current.kind {
            case .comma: advance()
            case .rightParen:
                advance()
                return values
            case .end, .pipe: throw .unbalancedParenthesis(opening: true, at: open.range)
            default: throw .unexpected(found: current.display, expected: "',' or ')' in the list", at: current.range)
            }
        }
    }

    // MARK: Stages

    private mutating func parseStage(after pipe: Token) throws(QueryError) -> Stage {
        let token = current
        guard let word = token.word else {
            throw .unexpected(found: token.display, expected: "a stage after '|' (\(QueryLanguage.stages.joined(separator: ", ")))", at: token.range)
        }
        let keyword = word.lowercased()
        guard let stage = StageKeyword(rawValue: keyword) else {
            let suggestion = Suggestion.closest(to: word, in: QueryLanguage.stages)
            let hint = suggestion.map { "(did you mean '\($0)'?)" } ?? "(\(QueryLanguage.stages.joined(separator: ", ")))"
            throw .unexpected(found: "'\(word)'", expected: "a stage \(hint)", at: token.range)
        }
        advance()
        let kind: StageKind
        switch stage {
        case .count:
            if current.isKeyword("by") {
                advance()
                kind = .countBy(try parseKeys())
            } else {
                kind = .count
            }
        case .stats:
            var aggregates: [Aggregate] = []
            repeat {
                if !aggregates.isEmpty { advance() }
                aggregates.append(try parseAggregate())
            } while isComma
            var keys: [KeyReference] = []
            if current.isKeyword("by") {
                advance()
                keys = try parseKeys()
            }
            kind = .stats(aggregates, by: keys)
        case .top:
            let n = try parseNumber(stage: keyword)
            kind = .top(n, try parseKeys())
        case .sort:
            var columns: [ColumnReference] = []
            repeat {
                if !columns.isEmpty { advance() }
                var column = try parseColumn(stage: keyword)
                if current.isKeyword("desc") {
                    column.descending = true
                    advance()
                } else if current.isKeyword("asc") {
                    advance()
                }
                columns.append(column)
            } while isComma
            kind = .sort(columns)
        case .limit:
            kind = .limit(try parseNumber(stage: keyword))
        case .fields:
            var columns: [ColumnReference] = []
            repeat {
                if !columns.isEmpty { advance() }
                columns.append(try parseColumn(stage: keyword))
            } while isComma
            kind = .fields(columns)
        case .where:
            switch current.kind {
            case .end, .pipe:
                throw .unexpected(found: current.display, expected: "a condition after 'where', e.g. where count>=10", at: current.range)
            default: kind = .where(try parseFilterUntilPipe())
            }
        }
        switch current.kind {
        case .end, .pipe: break
        case .rightParen: throw .unbalancedParenthesis(opening: false, at: current.range)
        default: throw .unexpected(found: current.display, expected: "'|' or the end of the '\(keyword)' stage", at: current.range)
        }
        return Stage(kind: kind, keyword: keyword, range: token.range)
    }

    /// Whether the token after a stage keyword at the start of a query continues a stage
    /// (rather than the keyword being a search word followed by an operator).
    private func startsStage(after next: Token) -> Bool {
        if case .op = next.kind { return false }
        return true
    }

    private var isComma: Bool {
        if case .comma = current.kind { return true }
        return false
    }

    private mutating func parseNumber(stage: String) throws(QueryError) -> Int {
        let token = current
        guard let w = token.word, !w.isEmpty, w.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw .expectedNumber(stage: stage, found: token.display, at: token.range)
        }
        guard let n = Int(w), n <= 1_000_000_000_000 else {
            throw .badValue(w, reason: "too large for '\(stage)'", at: token.range)
        }
        advance()
        return n
    }

    private mutating func parseKeys() throws(QueryError) -> [KeyReference] {
        var keys: [KeyReference] = []
        repeat {
            if !keys.isEmpty { advance() }
            keys.append(try parseKey())
        } while isComma
        return keys
    }

    private mutating func parseKey() throws(QueryError) -> KeyReference {
        let token = current
        guard let word = token.word else {
            throw .unexpected(found: token.display, expected: "a field or bin(time, 1d) to group by", at: token.range)
        }
        advance()
        if word == "bin", case .leftParen = current.kind {
            let open = current
            advance()
            let fieldToken = current
            guard let fieldName = fieldToken.word else {
                throw .unexpected(found: fieldToken.display, expected: "'time' in bin(time, 1d)", at: fieldToken.range)
            }
            let field = try QueryField.resolve(fieldName, at: fieldToken.range)
            guard field == .time else {
                throw .unsupportedOperator("bin", field: fieldName, reason: "only time can be binned, e.g. bin(time, 1d)", at: fieldToken.range)
            }
            advance()
            guard isComma else { throw .unexpected(found: current.display, expected: "',' and a width, e.g. bin(time, 1d)", at: current.range) }
            advance()
            let widthToken = current
            guard let widthText = widthToken.word else {
                throw .badDuration(widthToken.display, reason: "expected a width like 1h, 1d, 1w, 1mo or 1y", at: widthToken.range)
            }
            let width = try BinWidth.parse(QueryValue(text: widthText, quoted: false, range: widthToken.range))
            advance()
            guard case .rightParen = current.kind else {
                if case .end = current.kind { throw .unbalancedParenthesis(opening: true, at: open.range) }
                throw .unexpected(found: current.display, expected: "')'", at: current.range)
            }
            advance()
            return KeyReference(key: .bin(width), range: token.range.union(tokens[index - 1].range))
        }
        let field = try QueryField.resolve(word, at: token.range)
        guard field != .time else {
            throw .unsupportedOperator("by", field: "time", reason: "group by a time bin instead, e.g. by bin(time, 1d)", at: token.range)
        }
        return KeyReference(key: .field(field), range: token.range)
    }

    private mutating func parseAggregate() throws(QueryError) -> Aggregate {
        let token = current
        guard let word = token.word else {
            throw .unexpected(found: token.display, expected: "an aggregate: count(), dcount(F), min(F) or max(F)", at: token.range)
        }
        let name = word.lowercased()
        advance()
        var function: AggregateFunction
        var end = token.range
        if case .leftParen = current.kind {
            let open = current
            advance()
            var field: QueryField?
            if let argument = current.word {
                field = try QueryField.resolve(argument, at: current.range)
                advance()
            }
            guard case .rightParen = current.kind else {
                if case .end = current.kind { throw .unbalancedParenthesis(opening: true, at: open.range) }
                throw .unexpected(found: current.display, expected: field == nil ? "a field or ')'" : "')'", at: current.range)
            }
            end = current.range
            advance()
            switch (name, field) {
            case ("count", nil): function = .count
            case ("count", .some):
                throw .unexpected(found: "a field", expected: "count() with no field (it counts events)", at: token.range.union(end))
            case ("dcount", let f?): function = .dcount(f)
            case ("min", let f?): function = .min(f)
            case ("max", let f?): function = .max(f)
            case ("dcount", nil), ("min", nil), ("max", nil):
                throw .unexpected(found: "'()'", expected: "a field inside, e.g. \(name)(actor)", at: token.range.union(end))
            default: throw .unknownAggregate(word, at: token.range)
            }
        } else if name == "count" {
            function = .count
        } else if ["dcount", "min", "max"].contains(name) {
            throw .unexpected(found: current.display, expected: "'(' and a field, e.g. \(name)(actor)", at: current.range)
        } else {
            throw .unknownAggregate(word, at: token.range)
        }
        var columnName = function.description
        if current.isKeyword("as") {
            advance()
            switch current.kind {
            case .word(let w), .string(let w):
                guard !w.isEmpty else { throw .badValue("\"\"", reason: "a column name cannot be empty", at: current.range) }
                columnName = w
                end = current.range
                advance()
            default:
                throw .unexpected(found: current.display, expected: "a column name after 'as'", at: current.range)
            }
        }
        return Aggregate(function: function, name: columnName, range: token.range.union(end))
    }

    private mutating func parseColumn(stage: String) throws(QueryError) -> ColumnReference {
        let token = current
        let name: String
        switch token.kind {
        case .word(let w), .string(let w): name = w
        default: throw .unexpected(found: token.display, expected: "a field or column name after '\(stage)'", at: token.range)
        }
        if name == "bin", case .leftParen = peek(1).kind {
            let key = try parseKey()
            return ColumnReference(name: key.key.columnName, range: key.range)
        }
        if case .leftParen = peek(1).kind, token.word != nil {
            let aggregate = try parseAggregate()
            return ColumnReference(name: aggregate.function.description, range: aggregate.range)
        }
        advance()
        return ColumnReference(name: name, range: token.range)
    }
}
