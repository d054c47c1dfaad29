extension WebURL {
    /// The basic URL parser's state machine (URL Standard §4.4) for special schemes, on UTF-8
    /// bytes: every delimiter is ASCII, and non-ASCII is percent-encoded byte by byte, which is
    /// what encoding each code point as UTF-8 and then percent-encoding gives. Writes the
    /// serialization straight into one buffer; component offsets are remembered on the way.
    struct Parser {
        var out: [UInt8] = []
        var hostStart = 0
        var hostEnd = 0
        var port: UInt16?
        var pathStart = 0
        var queryStart = -1
        var fragmentStart = -1

        static func parse(_ raw: UnsafeBufferPointer<UInt8>, original: String, base: WebURL?) -> Result<WebURL, Failure> {
            // Preprocessing: leading and trailing C0 control or space trimmed; tab and newline
            // removed anywhere (a copy only when there are any).
            var lo = 0
            var hi = raw.count
            while lo < hi, raw[lo] <= 0x20 { lo += 1 }
            while hi > lo, raw[hi - 1] <= 0x20 { hi -= 1 }
            let trimmed = UnsafeBufferPointer(rebasing: raw[lo..<hi])
            if trimmed.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
                let kept = trimmed.filter { $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
                return kept.withUnsafeBufferPointer { run($0, original: nil, base: base) }
            }
            return run(trimmed, original: lo == 0 && hi == raw.count ? original : nil, base: base)
        }

        /// `original`: the input, when the bytes are all of it, so an input that is already its own
        /// serialization is returned without a copy.
        private static func run(_ p: UnsafeBufferPointer<UInt8>, original: String?, base: WebURL?) -> Result<WebURL, Failure> {
            var parser = Parser()
            parser.out.reserveCapacity(p.count + (base?.serialization.utf8.count ?? 0) + 1)
            if let failure = parser.parseURL(p, base: base) { return .failure(failure) }
            let s: String
            if let original, parser.out.elementsEqual(p) { s = original } else { s = String(decoding: parser.out, as: UTF8.self) }
            return .success(WebURL(serialization: s, hostStart: parser.hostStart, hostEnd: parser.hostEnd, port: parser.port,
                                   pathStart: parser.pathStart, queryStart: parser.queryStart, fragmentStart: parser.fragmentStart))
        }

        // MARK: - Scheme, relative and authority states

        mutating func parseURL(_ p: UnsafeBufferPointer<UInt8>, base: WebURL?) -> Failure? {
            let n = p.count
            // Scheme start / scheme state: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":".
            var schemeEnd = -1
            if n > 0, p[0].isASCIIAlpha {
                var j = 1
                while j < n, p[j].isASCIIAlpha || p[j].isASCIIDigit || p[j] == 0x2B || p[j] == 0x2D || p[j] == 0x2E { j += 1 }
                if j < n, p[j] == UInt8(ascii: ":") { schemeEnd = j }
            }
            if schemeEnd >= 0 {
                let name = UnsafeBufferPointer(rebasing: p[0..<schemeEnd])
                let https: Bool
                if Self.equalsLowercased(name, "http") { https = false } else if Self.equalsLowercased(name, "https") { https = true } else {
                    let text = String(decoding: name, as: UTF8.self).lowercased()
                    return Failure(.scheme, "scheme \"\(text)\" is not http or https")
                }
                out.append(contentsOf: https ? Self.httpsPrefix : Self.httpPrefix)
                let i = schemeEnd + 1
                // Special relative or authority state: the same scheme as the base is relative
                // unless two slashes follow (the relative state sorts that out).
                if let base, base.isHTTPS == https { return relative(p, from: i, base: base) }
                // Special authority slashes and ignore slashes states: any run of / and \.
                var k = i
                while k < n, p[k].isSlash { k += 1 }
                return authority(p, from: k)
            }
            // No scheme state: only a base makes sense of it; a special base means relative state.
            guard let base else {
                return Failure(.noBase, "no scheme (http: or https:) and no base URL to resolve against")
            }
            out.append(contentsOf: base.isHTTPS ? Self.httpsPrefix : Self.httpPrefix)
            return relative(p, from: 0, base: base)
        }

        static let httpPrefix: [UInt8] = Array("http:".utf8)
        static let httpsPrefix: [UInt8] = Array("https:".utf8)

        static func equalsLowercased(_ b: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
            guard b.count == word.utf8CodeUnitCount else { return false }
            let w = word.utf8Start
            for k in 0..<b.count where b[k] | 0x20 != w[k] { return false }
            return true
        }

        /// Relative state (and relative slash state), the scheme already written.
        mutating func relative(_ p: UnsafeBufferPointer<UInt8>, from i: Int, base: WebURL) -> Failure? {
            let n = p.count
            if i < n, p[i].isSlash {
                if i + 1 < n, p[i + 1].isSlash {
                    var k = i + 2
                    while k < n, p[k].isSlash { k += 1 }
                    return authority(p, from: k)
                }
                copyAuthority(of: base)
                pathStart = out.count
                segments(p, from: i + 1)
                return nil
            }
            copyAuthority(of: base)
            pathStart = out.count
            let b = base.serialization.utf8
            let baseQueryEnd = base.fragmentStart >= 0 ? base.fragmentStart : b.count
            let basePathEnd = base.queryStart >= 0 ? base.queryStart : baseQueryEnd
            out.append(contentsOf: b[b.index(b.startIndex, offsetBy: base.pathStart)..<b.index(b.startIndex, offsetBy: basePathEnd)])
            if i == n || p[i] == UInt8(ascii: "#") {
                if base.queryStart >= 0 {
                    queryStart = out.count
                    out.append(contentsOf: b[b.index(b.startIndex, offsetBy: base.queryStart)..<b.index(b.startIndex, offsetBy: baseQueryEnd)])
                }
                if i < n { fragment(p, from: i + 1) }
                return nil
            }
            if p[i] == UInt8(ascii: "?") {
                query(p, from: i + 1)
                return nil
            }
            shortenPath()
            segments(p, from: i)
            return nil
        }

        mutating func copyAuthority(of base: WebURL) {
            let b = base.serialization.utf8
            let authorityStart = base.isHTTPS ? 6 : 5  // the "//" after the scheme's colon
            let shift = out.count - authorityStart
            out.append(contentsOf: b[b.index(b.startIndex, offsetBy: authorityStart)..<b.index(b.startIndex, offsetBy: base.pathStart)])
            hostStart = base.hostStart + shift
            hostEnd = base.hostEnd + shift
            port = base.port
        }

        /// Authority, host and port states: user info up to the last `@`, then host and port up to
        /// the first `/`, `\`, `?` or `#`.
        mutating func authority(_ p: UnsafeBufferPointer<UInt8>, from start: Int) -> Failure? {
            let n = p.count
            var end = start
            var lastAt = -1
            while end < n {
                let c = p[end]
                if c.isSlash || c == UInt8(ascii: "?") || c == UInt8(ascii: "#") { break }
                if c == UInt8(ascii: "@") { lastAt = end }
                end += 1
            }
            out.append(UInt8(ascii: "/"))
            out.append(UInt8(ascii: "/"))
            var hostFrom = start
            if lastAt >= 0 {
                hostFrom = lastAt + 1
                if hostFrom == end { return Failure(.hostMissing, "no host after the user info") }
                writeUserinfo(UnsafeBufferPointer(rebasing: p[start..<lastAt]))
            }
            // The port's colon is the first one outside brackets.
            var colon = -1
            var inBrackets = false
            for k in hostFrom..<end {
                let c = p[k]
                if c == UInt8(ascii: "[") { inBrackets = true } else if c == UInt8(ascii: "]") { inBrackets = false } else if c == UInt8(ascii: ":"), !inBrackets {
                    colon = k
                    break
                }
            }
            let hostBytes = UnsafeBufferPointer(rebasing: p[hostFrom..<(colon >= 0 ? colon : end)])
            if hostBytes.isEmpty { return Failure(.hostMissing, "no host") }
            hostStart = out.count
            if let failure = writeHost(hostBytes) { return failure }
            hostEnd = out.count
            if colon >= 0, let failure = writePort(UnsafeBufferPointer(rebasing: p[(colon + 1)..<end])) { return failure }
            // Path start state: a special URL's path always begins with `/`.
            pathStart = out.count
            segments(p, from: end < n && p[end].isSlash ? end + 1 : end)
            return nil
        }

        /// `user:pass@`; the first `:` splits them, everything in the user info set is encoded
        /// (earlier `@`s and later `:`s too). Nothing is written when both are empty.
        mutating func writeUserinfo(_ u: UnsafeBufferPointer<UInt8>) {
            guard !u.isEmpty, !(u.count == 1 && u[0] == UInt8(ascii: ":")) else { return }
            let colon = u.firstIndex(of: UInt8(ascii: ":"))
            let user = UnsafeBufferPointer(rebasing: u[..<(colon ?? u.count)])
            let password = colon.map { UnsafeBufferPointer(rebasing: u[($0 + 1)...]) }
            append(user, encoding: .userinfo)
            if let password, !password.isEmpty {
                out.append(UInt8(ascii: ":"))
                append(password, encoding: .userinfo)
            }
            out.append(UInt8(ascii: "@"))
        }

        mutating func writePort(_ digits: UnsafeBufferPointer<UInt8>) -> Failure? {
            guard !digits.isEmpty else { return nil }
            var value = 0
            for c in digits {
                guard c.isASCIIDigit else {
                    return Failure(.port, "port \"\(String(decoding: digits, as: UTF8.self))\" is not a number")
                }
                value = value * 10 + Int(c - 0x30)
                if value > 65535 { return Failure(.port, "port \(String(decoding: digits, as: UTF8.self)) is above 65535") }
            }
            let isHTTPS = out[4] == UInt8(ascii: "s")
            if value == (isHTTPS ? 443 : 80) { return nil }
            port = UInt16(value)
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: String(value).utf8)
            return nil
        }

        // MARK: - Path, query and fragment states

        /// Path state from the start of a segment (the slash before it consumed), up to `?`, `#`
        /// or the end; an empty segment there still serializes as `/`.
        mutating func segments(_ p: UnsafeBufferPointer<UInt8>, from start: Int) {
            let n = p.count
            var i = start
            while true {
                var k = i
                while k < n, !p[k].isSlash, p[k] != UInt8(ascii: "?"), p[k] != UInt8(ascii: "#") { k += 1 }
                let segment = UnsafeBufferPointer(rebasing: p[i..<k])
                let slashFollows = k < n && p[k].isSlash
                if Self.isDoubleDot(segment) {
                    shortenPath()
                    if !slashFollows { out.append(UInt8(ascii: "/")) }
                } else if Self.isSingleDot(segment) {
                    if !slashFollows { out.append(UInt8(ascii: "/")) }
                } else {
                    out.append(UInt8(ascii: "/"))
                    append(segment, encoding: .path)
                }
                if slashFollows {
                    i = k + 1
                    continue
                }
                if k < n {
                    if p[k] == UInt8(ascii: "?") { query(p, from: k + 1) } else { fragment(p, from: k + 1) }
                }
                return
            }
        }

        /// Removes the last path segment, if any.
        mutating func shortenPath() {
            guard out.count > pathStart else { return }
            var k = out.count - 1
            while k > pathStart, out[k] != UInt8(ascii: "/") { k -= 1 }
            out.removeSubrange(k...)
        }

        /// `.` or `%2e`, any case.
        static func isSingleDot(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
            (s.count == 1 && s[0] == 0x2E) || (s.count == 3 && isEncodedDot(s, 0))
        }

        /// `..`, `.%2e`, `%2e.`, `%2e%2e`, any case.
        static func isDoubleDot(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
            switch s.count {
            case 2: s[0] == 0x2E && s[1] == 0x2E
            case 4: (s[0] == 0x2E && isEncodedDot(s, 1)) || (isEncodedDot(s, 0) && s[3] == 0x2E)
            case 6: isEncodedDot(s, 0) && isEncodedDot(s, 3)
            default: false
            }
        }

        private static func isEncodedDot(_ s: UnsafeBufferPointer<UInt8>, _ k: Int) -> Bool {
            s[k] == 0x25 && s[k + 1] == 0x32 && s[k + 2] | 0x20 == 0x65
        }

        mutating func query(_ p: UnsafeBufferPointer<UInt8>, from i: Int) {
            queryStart = out.count
            out.append(UInt8(ascii: "?"))
            var k = i
            while k < p.count, p[k] != UInt8(ascii: "#") { k += 1 }
            append(UnsafeBufferPointer(rebasing: p[i..<k]), encoding: .specialQuery)
            if k < p.count { fragment(p, from: k + 1) }
        }

        mutating func fragment(_ p: UnsafeBufferPointer<UInt8>, from i: Int) {
            fragmentStart = out.count
            out.append(UInt8(ascii: "#"))
            append(UnsafeBufferPointer(rebasing: p[i...]), encoding: .fragment)
        }
    }
}

extension UInt8 {
    var isASCIIAlpha: Bool { (self | 0x20) >= 0x61 && (self | 0x20) <= 0x7A }
    var isASCIIDigit: Bool { self >= 0x30 && self <= 0x39 }
    var isASCIIHexDigit: Bool { isASCIIDigit || ((self | 0x20) >= 0x61 && (self | 0x20) <= 0x66) }
    /// `/`, and `\` which special schemes treat the same.
    var isSlash: Bool { self == 0x2F || self == 0x5C }
}
