/// Response headers in the order received; names compare case-insensitively.
public struct HTTPHeaders: Sendable, Equatable, Sequence {
    public private(set) var fields: [(name: String, value: String)]

    public init(_ fields: [(name: String, value: String)] = []) { self.fields = fields }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }

    public mutating func append(name: String, value: String) { fields.append((name, value)) }

    /// The first value of `name`.
    public subscript(name: String) -> String? {
        fields.first { $0.name.caseInsensitiveEquals(name) }?.value
    }

    /// Every value of `name`, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveEquals(name) }.map(\.value)
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }

    /// Whether `value` may be sent as a header value: no CR, LF or other control character
    /// (tab allowed), so it cannot end its line and start another header.
    public static func isSafeValue(_ value: String) -> Bool {
        !value.utf8.contains { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }
    }

    /// Whether `name` may be sent as a header name: a non-empty RFC 9110 token.
    public static func isSafeName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { b in
            b > 0x20 && b < 0x7F && !"()<>@,;:\\\"/[]?={}".utf8.contains(b)
        }
    }

    /// Parses one raw header line (`Name: value\r\n`); nil for status lines and the blank line.
    static func parseLine(_ line: String) -> (name: String, value: String)? {
        var line = line
        return line.withUTF8 { parseLine(UnsafeRawBufferPointer($0)) }
    }

    /// The same from the bytes curl hands over: every response header of every request passes
    /// here, so no `String` is made of the whole line and no Foundation search runs.
    static func parseLine(_ bytes: UnsafeRawBufferPointer) -> (name: String, value: String)? {
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let name = trimmed(bytes, 0, colon)
        guard !name.isEmpty, !bytes[name].contains(UInt8(ascii: " ")) else { return nil }
        let value = trimmed(bytes, colon + 1, bytes.count)
        return (String(decoding: bytes[name], as: UTF8.self), String(decoding: bytes[value], as: UTF8.self))
    }

    /// `start..<end` without leading and trailing spaces, tabs, CRs and LFs.
    private static func trimmed(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Range<Int> {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }
        var lo = start, hi = end
        while lo < hi, isSpace(bytes[lo]) { lo += 1 }
        while hi > lo, isSpace(bytes[hi - 1]) { hi -= 1 }
        return lo..<hi
    }
}

extension StringProtocol {
    /// ASCII compared byte by byte (header names: no allocation); anything else through
    /// `lowercased()`.
    func caseInsensitiveEquals(_ other: some StringProtocol) -> Bool {
        var a = utf8.makeIterator(), b = other.utf8.makeIterator()
        while true {
            switch (a.next(), b.next()) {
            case (nil, nil):
                return true
            case (let x?, let y?):
                if x >= 0x80 || y >= 0x80 { return lowercased() == other.lowercased() }
                if x == y { continue }
                let lx = x | 0x20
                guard lx == y | 0x20, lx >= UInt8(ascii: "a"), lx <= UInt8(ascii: "z") else { return false }
            default:
                // One ended, the other did not: no letter lowercases to nothing.
                return false
            }
        }
    }

    func trimmingWhitespace() -> SubSequence {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r\n" || $0 == "\r" || $0 == "\n" }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return self[endIndex...] }
        let end = lastIndex(where: { !isSpace($0) })!
        return self[start...end]
    }
}
