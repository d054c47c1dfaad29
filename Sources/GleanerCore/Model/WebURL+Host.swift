import CIDN2

extension WebURL.Parser {
    typealias Failure = WebURL.Failure

    /// Host parsing (URL Standard §3.5) for a special URL: `[IPv6]`; otherwise percent-decoded,
    /// domain to ASCII (UTS 46 through libidn2 unless plain ASCII), forbidden domain code points
    /// refused, and an IPv4 address when the last label is a number.
    mutating func writeHost(_ input: UnsafeBufferPointer<UInt8>) -> Failure? {
        if input[0] == UInt8(ascii: "[") {
            guard input.count >= 2, input[input.count - 1] == UInt8(ascii: "]") else {
                return Failure(.ipv6, "IPv6 address \(Self.text(input)) has no closing ]")
            }
            guard let pieces = Self.parseIPv6(UnsafeBufferPointer(rebasing: input[1..<(input.count - 1)])) else {
                return Failure(.ipv6, "\(Self.text(input)) is not an IPv6 address")
            }
            out.append(UInt8(ascii: "["))
            Self.serializeIPv6(pieces, into: &out)
            out.append(UInt8(ascii: "]"))
            return nil
        }
        let start = out.count
        // The common case, plain ASCII without escapes or `xn--` labels: lower-casing is all
        // that UTS 46 does to it, so libidn2 is not called.
        let needsIDNA = input.contains { $0 >= 0x80 || $0 == UInt8(ascii: "%") } || Self.hasPunycodeLabel(input)
        if needsIDNA {
            var decoded = Self.percentDecoded(input)
            guard let ascii = Self.domainToASCII(&decoded, original: input) else {
                return Failure(.hostInvalid, "host \(Self.text(input)) is not a valid international domain name")
            }
            if case .failure(let f) = ascii { return f }
            if case .success(let bytes) = ascii { out.append(contentsOf: bytes) }
        } else {
            for c in input { out.append(c >= 0x41 && c <= 0x5A ? c | 0x20 : c) }
        }
        if out.count == start { return Failure(.hostInvalid, "host \(Self.text(input)) is empty after IDNA processing") }
        let host = out[start...]
        if let bad = host.first(where: Self.isForbiddenDomainCodePoint) {
            return Failure(.hostInvalid, "host \(Self.text(input)) contains the forbidden character \(Self.describe(bad))")
        }
        if host.withUnsafeBufferPointer(Self.endsInNumber) {
            guard let address = host.withUnsafeBufferPointer(Self.parseIPv4) else {
                return Failure(.ipv4, "host \(Self.text(input)) ends in a number but is not an IPv4 address")
            }
            out.removeSubrange(start...)
            out.append(contentsOf: "\(address >> 24).\((address >> 16) & 0xFF).\((address >> 8) & 0xFF).\(address & 0xFF)".utf8)
        }
        return nil
    }

    static func text(_ b: UnsafeBufferPointer<UInt8>) -> String { "\"" + String(decoding: b, as: UTF8.self) + "\"" }

    static func describe(_ c: UInt8) -> String {
        c < 0x20 || c == 0x7F ? "U+00" + String(c, radix: 16, uppercase: true).leftPadded(2) : "'\(Character(Unicode.Scalar(c)))'"
    }

    /// U+0000, tab, LF, CR, space, `# / : < > ? @ [ \ ] ^ |`, plus the other C0 controls, `%` and DEL.
    static func isForbiddenDomainCodePoint(_ c: UInt8) -> Bool {
        switch c {
        case 0x00...0x20, 0x23, 0x25, 0x2F, 0x3A, 0x3C, 0x3E, 0x3F, 0x40, 0x5B, 0x5C, 0x5D, 0x5E, 0x7C, 0x7F: true
        default: false
        }
    }

    static func hasPunycodeLabel(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var labelStart = 0
        for k in 0...b.count {
            if k == b.count || b[k] == UInt8(ascii: ".") {
                if k - labelStart >= 4, b[labelStart] | 0x20 == 0x78, b[labelStart + 1] | 0x20 == 0x6E,
                   b[labelStart + 2] == 0x2D, b[labelStart + 3] == 0x2D { return true }
                labelStart = k + 1
            }
        }
        return false
    }

    static func percentDecoded(_ b: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var k = 0
        while k < b.count {
            if b[k] == 0x25, k + 2 < b.count, b[k + 1].isASCIIHexDigit, b[k + 2].isASCIIHexDigit {
                out.append(hexValue(b[k + 1]) << 4 | hexValue(b[k + 2]))
                k += 3
            } else {
                out.append(b[k])
                k += 1
            }
        }
        return out
    }

    static func hexValue(_ c: UInt8) -> UInt8 { c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10 }

    /// UTS 46 ToASCII, non-transitional, through libidn2; nil when the bytes are not UTF-8 (the
    /// standard decodes them with replacement characters, which IDNA then refuses).
    static func domainToASCII(_ decoded: inout [UInt8], original: UnsafeBufferPointer<UInt8>) -> Result<[UInt8], Failure>? {
        guard String(validating: decoded, as: UTF8.self) != nil else { return nil }
        // UTS 46 leaves ASCII as it is (but for case): a forbidden one is refused now, before
        // libidn2 (which would stop at a NUL).
        if let bad = decoded.first(where: isForbiddenDomainCodePoint) {
            return .failure(Failure(.hostInvalid, "host \(text(original)) contains the forbidden character \(describe(bad))"))
        }
        // All ASCII after decoding and no `xn--` label: lower-casing is the whole mapping.
        if !decoded.contains(where: { $0 >= 0x80 }) {
            let done = decoded.withUnsafeBufferPointer { !hasPunycodeLabel($0) }
            if done { return .success(decoded.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }) }
        }
        decoded.append(0)
        var output: UnsafeMutablePointer<CChar>?
        let rc = decoded.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { gl_idn2_to_ascii($0.baseAddress, &output) }
        }
        defer { if let output { idn2_free(output) } }
        guard rc == Int32(IDN2_OK.rawValue), let output else {
            let reason = idn2_strerror(rc).map { String(cString: $0) } ?? "error \(rc)"
            return .failure(Failure(.hostInvalid, "host \(text(original)) is not a valid international domain name: \(reason)"))
        }
        return .success(Array(String(cString: output).utf8))
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
