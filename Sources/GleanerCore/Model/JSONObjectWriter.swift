import Foundation

/// Writes one JSON object with keys in the order they are given, UTF-8 unescaped.
///
/// Hand-rolled rather than JSONEncoder: the key order is part of gleaner's output contract
/// (envelope first, then the type's fields) and this sits on the hot path of every record.
public struct JSONObjectWriter {
    public private(set) var bytes: [UInt8]
    private var first = true

    public init(capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    /// Closes the object and returns its bytes.
    public consuming func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    /// Appends more fields to an object that `out` already holds, open and with at least one
    /// field: lets a record splice its envelope between parts encoded earlier, without a copy.
    public static func continueObject(in out: inout [UInt8], _ body: (inout JSONObjectWriter) -> Void) {
        var o = JSONObjectWriter(capacity: 0)
        o.first = false
        swap(&o.bytes, &out)
        body(&o)
        swap(&o.bytes, &out)
    }

    private mutating func key(_ k: String) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        JSONObjectWriter.appendString(k, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func field(_ k: String, _ v: String) {
        key(k)
        JSONObjectWriter.appendString(v, to: &bytes)
    }

    public mutating func field(_ k: String, _ v: String?) {
        key(k)
        if let v { JSONObjectWriter.appendString(v, to: &bytes) } else { appendNull() }
    }

    public mutating func field(_ k: String, _ v: Int) {
        key(k)
        bytes.append(contentsOf: String(v).utf8)
    }

    public mutating func field(_ k: String, _ v: Double?) {
        key(k)
        guard let v else { return appendNull() }
        Self.appendNumber(v, to: &bytes)
    }

    public mutating func field(_ k: String, _ v: Bool) {
        key(k)
        bytes.append(contentsOf: (v ? "true" : "false").utf8)
    }

    /// `null` for a field without a value.
    public mutating func null(_ k: String) {
        key(k)
        appendNull()
    }

    public mutating func field(_ k: String, array v: [FieldValue]) {
        key(k)
        bytes.append(UInt8(ascii: "["))
        for (i, e) in v.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            switch e {
            case .string(let s): JSONObjectWriter.appendString(s, to: &bytes)
            case .integer(let n): bytes.append(contentsOf: String(n).utf8)
            case .number(let d): Self.appendNumber(d, to: &bytes)
            case .boolean(let b): bytes.append(contentsOf: (b ? "true" : "false").utf8)
            case .array: appendNull()  // declarations hold arrays of scalars only
            }
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Swift's description is the shortest text that round-trips: 27.7, not 27.699999. JSON has
    /// no NaN or infinity: those are `null` (field values are checked finite before this).
    private static func appendNumber(_ v: Double, to bytes: inout [UInt8]) {
        guard v.isFinite else { return bytes.append(contentsOf: "null".utf8) }
        if v == v.rounded(), abs(v) < 1e15 {
            bytes.append(contentsOf: String(Int64(v)).utf8)
        } else {
            bytes.append(contentsOf: v.description.utf8)
        }
    }

    public mutating func field(_ k: String, _ v: [String]) {
        key(k)
        bytes.append(UInt8(ascii: "["))
        for (i, s) in v.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONObjectWriter.appendString(s, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// A timestamp as an RFC 3339 UTC string (`RFC3339.utcString`), written without a String.
    public mutating func field(_ k: String, utc date: Date) {
        key(k)
        bytes.append(UInt8(ascii: "\""))
        RFC3339.appendUTC(date, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendNull() {
        bytes.append(contentsOf: "null".utf8)
    }
}

// MARK: - String escaping

extension JSONObjectWriter {
    /// RFC 8259 string: escapes `"`, `\` and control characters only; everything else verbatim.
    public static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s  // withUTF8 is mutating: it may make a bridged string contiguous first
        s.withUTF8 { appendEscaped($0, to: &out) }
        out.append(UInt8(ascii: "\""))
    }

    /// Copies runs of bytes that need no escape with one append each (article text is almost
    /// all such bytes), scanning 8 bytes at a time; only the rare escaped byte goes one by one.
    static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        guard let base = utf8.baseAddress else { return }
        let n = utf8.count
        var runStart = 0
        var i = 0
        while i < n {
            if i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if !mayNeedEscape(word) {
                    i += 8
                    continue
                }
            }
            let b = base[i]
            if b >= 0x20 && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") {
                i += 1
                continue
            }
            if runStart < i { out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: i - runStart)) }
            appendEscape(b, to: &out)
            i += 1
            runStart = i
        }
        if runStart < n { out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: n - runStart)) }
    }

    /// True when any of the 8 bytes is below 0x20, `"` or `\` (the classic SWAR "has a byte less
    /// than n" and "has a zero byte" tests; exact as a yes/no answer).
    @inline(__always)
    static func mayNeedEscape(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & high }
        let control = (w &- ones &* 0x20) & ~w & high
        return control | hasZero(w ^ (ones &* 0x22)) | hasZero(w ^ (ones &* 0x5C)) != 0
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private static func appendEscape(_ b: UInt8, to out: inout [UInt8]) {
        switch b {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(b)
        case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
        case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
        default:
            out.append(contentsOf: "\\u00".utf8)
            out.append(hex[Int(b >> 4)])
            out.append(hex[Int(b & 0xF)])
        }
    }
}
