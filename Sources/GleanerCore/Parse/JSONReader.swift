/// A JSON parser (RFC 8259) for JSON-LD script blocks, with the limits a page's budget needs:
/// nesting depth and a count of values. One leniency, because CMSs write long text that way:
/// raw control characters (a newline in `articleBody`) are accepted inside strings.
struct JSONReader {
    struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        enum Kind: Sendable, Equatable {
            /// Not JSON: the block is skipped.
            case syntax
            /// Deeper than `maxDepth`: the block is skipped.
            case tooDeep
            /// More values than the reader was allowed: the page is over its budget.
            case tooManyValues
        }
        var kind: Kind
        /// 1-based line and column (in bytes) within the text.
        var line: Int
        var column: Int
        var message: String
        var description: String { "line \(line), column \(column): \(message)" }
    }

    /// Nesting of objects and arrays a block may have; JSON-LD needs a handful of levels.
    static let maxDepth = 100

    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var depth = 0
    private var valuesLeft: Int

    /// Decodes `text`. `valuesLeft` is how many values (objects, arrays, strings, numbers, …) may
    /// still be created; the values made are subtracted from it.
    static func decode(_ text: String, valuesLeft: inout Int) throws -> JSONValue {
        var copy = text
        let left = valuesLeft
        let (value, rest) = try copy.withUTF8 { buf -> (JSONValue, Int) in
            var r = JSONReader(bytes: buf, valuesLeft: left)
            let v = try r.document()
            return (v, r.valuesLeft)
        }
        valuesLeft = rest
        return value
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, valuesLeft: Int) {
        self.bytes = bytes
        self.valuesLeft = valuesLeft
    }

    private mutating func document() throws -> JSONValue {
        // A byte-order mark some editors leave at the start of the block.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        skipSpace()
        guard i < bytes.count else { throw fail("empty: no JSON value") }
        let v = try value()
        skipSpace()
        if i < bytes.count { throw fail("unexpected \(describe(bytes[i])) after the JSON value") }
        return v
    }

    private mutating func value() throws -> JSONValue {
        guard i < bytes.count else { throw fail("unexpected end of the text, expected a value") }
        valuesLeft -= 1
        if valuesLeft < 0 { throw Failure(kind: .tooManyValues, line: 0, column: 0, message: "too many values") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        case let c: throw fail("unexpected \(describe(c)), expected a value")
        }
    }

    private mutating func object() throws -> JSONValue {
        try enter()
        i += 1
        var out: [String: JSONValue] = [:]
        skipSpace()
        if peek(UInt8(ascii: "}")) { i += 1; depth -= 1; return .object(out) }
        while true {
            skipSpace()
            guard peek(UInt8(ascii: "\"")) else { throw fail(at: "expected a member name in double quotes") }
            let key = try string()
            skipSpace()
            guard peek(UInt8(ascii: ":")) else { throw fail(at: "expected ':' after the member name \"\(key.prefix(40))\"") }
            i += 1
            skipSpace()
            out[key] = try value()  // a repeated name: the last wins, as in JavaScript
            skipSpace()
            if peek(UInt8(ascii: ",")) { i += 1; continue }
            if peek(UInt8(ascii: "}")) { i += 1; depth -= 1; return .object(out) }
            throw fail(at: "expected ',' or '}' after an object member")
        }
    }

    private mutating func array() throws -> JSONValue {
        try enter()
        i += 1
        var out: [JSONValue] = []
        skipSpace()
        if peek(UInt8(ascii: "]")) { i += 1; depth -= 1; return .array(out) }
        while true {
            skipSpace()
            out.append(try value())
            skipSpace()
            if peek(UInt8(ascii: ",")) { i += 1; continue }
            if peek(UInt8(ascii: "]")) { i += 1; depth -= 1; return .array(out) }
            throw fail(at: "expected ',' or ']' after an array element")
        }
    }

    private mutating func enter() throws {
        depth += 1
        if depth > Self.maxDepth {
            var f = fail("nested deeper than \(Self.maxDepth) levels")
            f.kind = .tooDeep
            throw f
        }
    }

    /// A string from its opening quote; `i` ends after the closing quote.
    private mutating func string() throws -> String {
        let start = i
        i += 1
        var runStart = i
        var out: [UInt8] = []
        var escaped = false
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(rebasing: bytes[runStart..<i])
                i += 1
                if !escaped { return String(decoding: run, as: UTF8.self) }
                out.append(contentsOf: run)
                return String(decoding: out, as: UTF8.self)
            }
            if c == UInt8(ascii: "\\") {
                escaped = true
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                try escape(into: &out)
                runStart = i
                continue
            }
            i += 1
        }
        i = start
        throw fail("a string that is never closed")
    }

    /// One escape after its backslash, appended as UTF-8.
    private mutating func escape(into out: inout [UInt8]) throws {
        i += 1
        guard i < bytes.count else { throw fail("unexpected end of the text in an escape") }
        let c = bytes[i]
        i += 1
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(c)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800...0xDBFF).contains(scalar), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                let save = i
                i += 2
                let low = try hex4()
                if (0xDC00...0xDFFF).contains(low) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    i = save  // not a pair: the high half alone becomes U+FFFD, the next escape stands
                }
            }
            UTF8.encode(Unicode.Scalar(scalar) ?? "\u{FFFD}") { out.append($0) }
        default:
            i -= 2
            throw fail(at: "unknown escape '\\\(Character(Unicode.Scalar(c)))' (JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")
        }
    }

    private mutating func hex4() throws -> UInt32 {
        guard i + 4 <= bytes.count else { throw fail("unexpected end of the text in a \\u escape") }
        var v: UInt32 = 0
        for k in 0..<4 {
            let c = bytes[i + k]
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
            default: throw fail("a \\u escape needs four hex digits")
            }
            v = v << 4 | UInt32(d)
        }
        i += 4
        return v
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, kept as written.
    private mutating func number() throws -> String {
        let start = i
        if peek(UInt8(ascii: "-")) { i += 1 }
        if peek(UInt8(ascii: "0")) {
            i += 1
        } else if digits() == 0 {
            throw fail("a number needs digits")
        }
        if peek(UInt8(ascii: ".")) {
            i += 1
            if digits() == 0 { throw fail("a number needs digits after '.'") }
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            i += 1
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { i += 1 }
            if digits() == 0 { throw fail("a number needs digits in its exponent") }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
    }

    private mutating func digits() -> Int {
        let start = i
        while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") { i += 1 }
        return i - start
    }

    private mutating func literal(_ word: StaticString) throws {
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard i + w.count <= bytes.count, w.indices.allSatisfy({ bytes[i + $0] == w[$0] }) else {
            throw fail(at: "unexpected word (JSON knows true, false and null)")
        }
        i += w.count
    }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private func peek(_ c: UInt8) -> Bool { i < bytes.count && bytes[i] == c }

    private func describe(_ c: UInt8) -> String {
        let hex = Array("0123456789ABCDEF")
        return c >= 0x21 && c < 0x7F ? "'\(Character(Unicode.Scalar(c)))'" : "byte 0x\(hex[Int(c >> 4)])\(hex[Int(c & 15)])"
    }

    /// A syntax failure at the current position.
    private func fail(_ message: String) -> Failure {
        var line = 1, lineStart = 0
        for k in 0..<min(i, bytes.count) where bytes[k] == 0x0A { line += 1; lineStart = k + 1 }
        return Failure(kind: .syntax, line: line, column: i - lineStart + 1, message: message)
    }

    /// A syntax failure at the current position, naming what is there.
    private func fail(at expected: String) -> Failure {
        guard i < bytes.count else { return fail("unexpected end of the text: \(expected)") }
        return fail("\(expected), found \(describe(bytes[i]))")
    }
}
