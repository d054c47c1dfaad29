/// RFC 9309 path matching on bytes: `*` matches any run of characters, a trailing `$` anchors
/// the end, everything else is a literal prefix match; percent-encoding is made canonical on
/// both sides first.
enum RobotsMatcher {
    static func matches(pattern: [UInt8], path: [UInt8]) -> Bool {
        var pattern = pattern[...]
        let anchored = pattern.last == UInt8(ascii: "$")
        if anchored { pattern = pattern.dropLast() }
        let pieces = pattern.split(separator: UInt8(ascii: "*"), omittingEmptySubsequences: false)
        var position = path.startIndex
        for (index, piece) in pieces.enumerated() {
            let isFirst = index == 0, isLast = index == pieces.count - 1
            if isLast && anchored {
                // The last literal must end the path, at or after where we are.
                guard path.count - position >= piece.count else { return false }
                if isFirst && pieces.count == 1 { return path.count == piece.count && path.elementsEqual(piece) }
                return path[(path.count - piece.count)...].elementsEqual(piece)
            }
            if isFirst {
                guard path[position...].starts(with: piece) else { return false }
                position += piece.count
            } else if !piece.isEmpty {
                guard let found = find(piece, in: path, from: position) else { return false }
                position = found + piece.count
            }
        }
        return true
    }

    private static func find(_ needle: ArraySlice<UInt8>, in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count - start else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// Canonical percent-encoding: `%xx` of an unreserved character is decoded, other escapes get
    /// upper-case hex, and bytes outside printable ASCII are encoded (`/시` ≡ `/%EC%8B%9C`).
    static func normalize(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count + 0, let high = hex(bytes[index + 1]), let low = hex(bytes[index + 2]) {
                let decoded = high << 4 | low
                if isUnreserved(decoded) { out.append(decoded) } else { appendEscape(decoded, to: &out) }
                index += 3
                continue
            }
            if byte > 0x7E || byte <= 0x20 { appendEscape(byte, to: &out) } else { out.append(byte) }
            index += 1
        }
        return out
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "_"), UInt8(ascii: "~"): true
        default: false
        }
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func appendEscape(_ byte: UInt8, to out: inout [UInt8]) {
        let digits = Array("0123456789ABCDEF".utf8)
        out.append(contentsOf: [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
