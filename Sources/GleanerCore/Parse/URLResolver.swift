/// RFC 3986 reference resolution and the small normalisations gleaner applies to links.
///
/// Hand-written rather than Foundation's URL: hrefs on real pages carry spaces, Korean text and
/// stray entities that URL(string:) rejects, and this runs for every link on every page.
public enum URLResolver {
    struct Parts {
        var scheme: String?
        var authority: String?
        var path: String
        var query: String?

        var string: String {
            var s = ""
            if let scheme { s += scheme + ":" }
            if let authority { s += "//" + authority }
            s += path
            if let query { s += "?" + query }
            return s
        }
    }

    /// Splits on UTF-8 bytes: every delimiter is ASCII, and this runs for every href of every page.
    static func split(_ raw: String) -> Parts {
        var bytes = Array(raw.utf8)
        if let hash = bytes.firstIndex(of: UInt8(ascii: "#")) { bytes.removeSubrange(hash...) }
        var i = 0
        var scheme: String?
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0, isAlpha(bytes[0]),
           bytes[0..<colon].allSatisfy({ isAlpha($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E }) {
            scheme = String(decoding: bytes[0..<colon], as: UTF8.self).lowercased()
            i = colon + 1
        }
        var authority: String?
        if bytes.count >= i + 2, bytes[i] == 0x2F, bytes[i + 1] == 0x2F {
            i += 2
            var end = i
            while end < bytes.count, bytes[end] != 0x2F, bytes[end] != 0x3F { end += 1 }
            authority = String(decoding: bytes[i..<end], as: UTF8.self).lowercased()
            i = end
        }
        var pathEnd = bytes.count
        var query: String?
        if let q = bytes[i...].firstIndex(of: 0x3F) {
            query = String(decoding: bytes[(q + 1)...], as: UTF8.self)
            pathEnd = q
        }
        return Parts(scheme: scheme, authority: authority, path: String(decoding: bytes[i..<pathEnd], as: UTF8.self), query: query)
    }

    private static func isAlpha(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }

    /// Resolves `reference` against the absolute `base`; nil for references gleaner never
    /// follows (`javascript:`, `mailto:`, `data:`, `tel:`, fragment-only, empty) or non-http(s).
    public static func resolve(_ reference: String, against base: String) -> String? {
        resolve(reference, against: split(base))?.string
    }

    /// `resolve` with the base already split: a page resolves every href against one base.
    static func resolve(_ reference: String, against b: Parts) -> Parts? {
        let ref = clean(reference)
        if ref.isEmpty || ref.hasPrefix("#") { return nil }
        let r = split(ref)
        var t: Parts
        if let scheme = r.scheme {
            t = Parts(scheme: scheme, authority: r.authority, path: removeDotSegments(r.path), query: r.query)
        } else if r.authority != nil {
            t = Parts(scheme: b.scheme, authority: r.authority, path: removeDotSegments(r.path), query: r.query)
        } else if r.path.isEmpty {
            t = Parts(scheme: b.scheme, authority: b.authority, path: b.path, query: r.query ?? b.query)
        } else if r.path.hasPrefix("/") {
            t = Parts(scheme: b.scheme, authority: b.authority, path: removeDotSegments(r.path), query: r.query)
        } else {
            let merged: String
            if b.authority != nil && b.path.isEmpty {
                merged = "/" + r.path
            } else if let slash = b.path.lastIndex(of: "/") {
                merged = String(b.path[...slash]) + r.path
            } else {
                merged = r.path
            }
            t = Parts(scheme: b.scheme, authority: b.authority, path: removeDotSegments(merged), query: r.query)
        }
        guard t.scheme == "http" || t.scheme == "https", let auth = t.authority, !auth.isEmpty else { return nil }
        if t.path.isEmpty { t.path = "/" }
        t.authority = stripDefaultPort(auth, scheme: t.scheme!)
        return t
    }

    /// Trims, drops tabs/newlines (as browsers do) and percent-encodes spaces and non-ASCII.
    static func clean(_ s: String) -> String {
        // Most hrefs are already clean: no copy then.
        if let f = s.utf8.first, let l = s.utf8.last, f > 0x20, l > 0x20,
           !s.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x80 }) { return s }
        var bytes = Array(s.utf8)
        // Trim ASCII whitespace and U+00A0 (C2 A0) at both ends.
        while let f = bytes.first, f == 0x20 || f == 0x09 || f == 0x0A || f == 0x0D || f == 0x0C { bytes.removeFirst() }
        while bytes.count >= 2, bytes[0] == 0xC2, bytes[1] == 0xA0 { bytes.removeFirst(2) }
        while let l = bytes.last, l == 0x20 || l == 0x09 || l == 0x0A || l == 0x0D || l == 0x0C { bytes.removeLast() }
        while bytes.count >= 2, bytes[bytes.count - 2] == 0xC2, bytes[bytes.count - 1] == 0xA0 { bytes.removeLast(2) }
        if !bytes.contains(where: { $0 <= 0x20 || $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        for b in bytes {
            switch b {
            case 0x09, 0x0A, 0x0D: continue
            case 0x20: out += [0x25, 0x32, 0x30]
            case 0x80...: out.append(0x25); out.append(hexDigit(b >> 4)); out.append(hexDigit(b & 0xF))
            default: out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x41 + v - 10 }

    private static func stripDefaultPort(_ auth: String, scheme: String) -> String {
        if scheme == "http", auth.hasSuffix(":80") { return String(auth.dropLast(3)) }
        if scheme == "https", auth.hasSuffix(":443") { return String(auth.dropLast(4)) }
        return auth
    }

    /// RFC 3986 section 5.2.4.
    static func removeDotSegments(_ path: String) -> String {
        guard hasDotSegment(path) else { return path }
        var output: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        for (i, seg) in segments.enumerated() {
            let last = i == segments.count - 1
            if seg == "." {
                if last { output.append("") }
            } else if seg == ".." {
                if output.count > 1 { output.removeLast() }
                if last { output.append("") }
            } else {
                output.append(seg)
            }
        }
        var result = output.joined(separator: "/")
        if path.hasPrefix("/") && !result.hasPrefix("/") { result = "/" + result }
        return result
    }

    /// A `.` or `..` segment anywhere in the path (file names with dots are not).
    static func hasDotSegment(_ path: String) -> Bool {
        var segmentStart = true
        var dots = 0
        for b in path.utf8 {
            if b == UInt8(ascii: "/") {
                if segmentStart, dots == 1 || dots == 2 { return true }
                segmentStart = true
                dots = 0
            } else if segmentStart, b == UInt8(ascii: "."), dots < 2 {
                dots += 1
            } else {
                segmentStart = false
                dots = 0
            }
        }
        return segmentStart && (dots == 1 || dots == 2)
    }

    /// Host of an absolute URL, lower-case, without user info or port.
    public static func host(of url: String) -> String? {
        host(of: split(url))
    }

    static func host(of parts: Parts) -> String? {
        guard let auth = parts.authority else { return nil }
        var bytes = Substring(auth).utf8[...]
        if let at = bytes.lastIndex(of: UInt8(ascii: "@")) { bytes = bytes[bytes.index(after: at)...] }
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) { bytes = bytes[..<colon] }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Path plus query (`/news/article.html?no=1`): what page-kind patterns match.
    public static func pathAndQuery(of url: String) -> String {
        pathAndQuery(of: split(url))
    }

    static func pathAndQuery(of p: Parts) -> String {
        let path = p.path.isEmpty ? "/" : p.path
        return p.query.map { path + "?" + $0 } ?? path
    }

    /// Drops the named query parameters and moves a host alias to the canonical host.
    public static func normalize(_ url: String, dropping parameters: Set<String>, hostAliases: Set<String>,
                                 canonicalHost: String?) -> String {
        var p = split(url)
        normalize(&p, dropping: parameters, hostAliases: hostAliases, canonicalHost: canonicalHost)
        return p.string
    }

    static func normalize(_ p: inout Parts, dropping parameters: Set<String>, hostAliases: Set<String>,
                          canonicalHost: String?) {
        if let q = p.query, !parameters.isEmpty {
            // On UTF-8 bytes: splitting a String on Characters costs grapheme breaking per byte.
            let kept = q.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true).filter { pair in
                let name = pair.prefix { $0 != UInt8(ascii: "=") }
                return !parameters.contains(String(decoding: name, as: UTF8.self))
            }
            p.query = kept.isEmpty ? nil : kept.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "&")
        }
        if let canonicalHost, let auth = p.authority, hostAliases.contains(auth) { p.authority = canonicalHost }
    }
}
