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
        guard let v, v.isFinite else { return appendNull() }
        // Swift's description is the shortest text that round-trips: 27.7, not 27.699999.
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

    private mutating func appendNull() {
        bytes.append(contentsOf: "null".utf8)
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// RFC 8259 string: escapes `"`, `\` and control characters only; everything else verbatim.
    public static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(b)
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(b)
            case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case 0x00..<0x20:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0xF)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
