extension WebURL.Parser {
    // MARK: - IPv4 (URL Standard §3.5, IPv4 parser)

    /// True when the last label (a trailing dot aside) is all digits or a `0x` hex number: the
    /// host must then be an IPv4 address.
    static func endsInNumber(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = b.count
        if end > 0, b[end - 1] == UInt8(ascii: ".") {
            if end == 1 { return false }
            end -= 1
        }
        var start = end
        while start > 0, b[start - 1] != UInt8(ascii: ".") { start -= 1 }
        let last = UnsafeBufferPointer(rebasing: b[start..<end])
        if !last.isEmpty, last.allSatisfy(\.isASCIIDigit) { return true }
        return ipv4Number(last) != nil
    }

    /// One part: decimal, `0x` hex or leading-`0` octal; nil when not a number in that radix.
    static func ipv4Number(_ s: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard !s.isEmpty else { return nil }
        var digits = s[...]
        var radix: UInt64 = 10
        if s.count >= 2, s[0] == UInt8(ascii: "0"), s[1] | 0x20 == UInt8(ascii: "x") {
            radix = 16
            digits = s[2...]
        } else if s.count >= 2, s[0] == UInt8(ascii: "0") {
            radix = 8
            digits = s[1...]
        }
        var value: UInt64 = 0
        for c in digits {
            let d: UInt64
            switch radix {
            case 16: guard c.isASCIIHexDigit else { return nil }; d = UInt64(hexValue(c))
            case 8: guard c >= 0x30 && c <= 0x37 else { return nil }; d = UInt64(c - 0x30)
            default: guard c.isASCIIDigit else { return nil }; d = UInt64(c - 0x30)
            }
            // Anything above 2^32 fails later anyway; saturating keeps it from overflowing.
            value = min(value * radix + d, 1 << 40)
        }
        return value
    }

    /// Up to four dot-separated numbers; the last fills the remaining bytes (`127.1`, `0x7f000001`).
    static func parseIPv4(_ b: UnsafeBufferPointer<UInt8>) -> UInt32? {
        var parts: [UInt64] = []
        var start = 0
        var end = b.count
        if end > 0, b[end - 1] == UInt8(ascii: ".") { end -= 1 }
        for k in 0...end {
            if k == end || b[k] == UInt8(ascii: ".") {
                guard parts.count < 4, let n = ipv4Number(UnsafeBufferPointer(rebasing: b[start..<k])) else { return nil }
                parts.append(n)
                start = k + 1
            }
        }
        for n in parts.dropLast() where n > 255 { return nil }
        let last = parts[parts.count - 1]
        guard last < (1 << (8 * UInt64(5 - parts.count))) else { return nil }
        var address = last
        for (k, n) in parts.dropLast().enumerated() { address += n << (8 * UInt64(3 - k)) }
        return UInt32(address)
    }

    // MARK: - IPv6 (URL Standard §3.5, IPv6 parser and serializer)

    static func parseIPv6(_ p: UnsafeBufferPointer<UInt8>) -> [UInt16]? {
        var address = [UInt16](repeating: 0, count: 8)
        var pieceIndex = 0
        var compress: Int?
        var i = 0
        let n = p.count
        func at(_ k: Int) -> UInt8? { k < n ? p[k] : nil }
        if at(0) == UInt8(ascii: ":") {
            guard at(1) == UInt8(ascii: ":") else { return nil }
            i = 2
            pieceIndex = 1
            compress = 1
        }
        while let c = at(i) {
            guard pieceIndex < 8 else { return nil }
            if c == UInt8(ascii: ":") {
                guard compress == nil else { return nil }
                i += 1
                pieceIndex += 1
                compress = pieceIndex
                continue
            }
            var value: UInt16 = 0
            var length = 0
            while length < 4, let h = at(i), h.isASCIIHexDigit {
                value = value << 4 | UInt16(hexValue(h))
                i += 1
                length += 1
            }
            if at(i) == UInt8(ascii: ".") {
                // An embedded IPv4 address fills the last two pieces.
                guard length > 0, pieceIndex <= 6 else { return nil }
                i -= length
                var numbersSeen = 0
                while at(i) != nil {
                    if numbersSeen > 0 {
                        guard at(i) == UInt8(ascii: "."), numbersSeen < 4 else { return nil }
                        i += 1
                    }
                    guard let first = at(i), first.isASCIIDigit else { return nil }
                    var piece: Int?
                    while let d = at(i), d.isASCIIDigit {
                        let number = Int(d - 0x30)
                        if let current = piece {
                            guard current != 0 else { return nil }
                            piece = current * 10 + number
                        } else {
                            piece = number
                        }
                        guard piece! <= 255 else { return nil }
                        i += 1
                    }
                    address[pieceIndex] = address[pieceIndex] << 8 | UInt16(piece!)
                    numbersSeen += 1
                    if numbersSeen == 2 || numbersSeen == 4 { pieceIndex += 1 }
                }
                guard numbersSeen == 4 else { return nil }
                break
            } else if at(i) == UInt8(ascii: ":") {
                i += 1
                guard at(i) != nil else { return nil }
            } else if at(i) != nil {
                return nil
            }
            address[pieceIndex] = value
            pieceIndex += 1
        }
        if let compress {
            var swaps = pieceIndex - compress
            pieceIndex = 7
            while pieceIndex != 0, swaps > 0 {
                address.swapAt(pieceIndex, compress + swaps - 1)
                pieceIndex -= 1
                swaps -= 1
            }
        } else if pieceIndex != 8 {
            return nil
        }
        return address
    }

    /// Lower-case hex without leading zeros; the first longest run of two or more zero pieces
    /// becomes `::`.
    static func serializeIPv6(_ a: [UInt16], into out: inout [UInt8]) {
        var compress = -1
        var bestLength = 1
        var k = 0
        while k < 8 {
            if a[k] == 0 {
                var e = k
                while e < 8, a[e] == 0 { e += 1 }
                if e - k > bestLength {
                    bestLength = e - k
                    compress = k
                }
                k = e
            } else {
                k += 1
            }
        }
        var ignoreZero = false
        for index in 0..<8 {
            if ignoreZero, a[index] == 0 { continue }
            ignoreZero = false
            if index == compress {
                out.append(UInt8(ascii: ":"))
                if index == 0 { out.append(UInt8(ascii: ":")) }
                ignoreZero = true
                continue
            }
            out.append(contentsOf: String(a[index], radix: 16).utf8)
            if index != 7 { out.append(UInt8(ascii: ":")) }
        }
    }
}
