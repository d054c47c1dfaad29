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

    static func split(_ raw: String) -> Parts {
        var rest = Substring(raw)
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        var scheme: String?
        if let colon = rest.firstIndex(of: ":"), let f = rest.first, f.isLetter,
           rest[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }) {
            scheme = rest[..<colon].lowercased()
            rest = rest[rest.index(after: colon)...]
        }
        var authority: String?
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
            authority = rest[..<end].lowercased()
            rest = rest[end...]
        }
        var query: String?
        if let q = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        }
        return Parts(scheme: scheme, authority: authority, path: String(rest), query: query)
    }

    /// Resolves `reference` against the absolute `base`; nil for references gleaner never
    /// follows (`javascript:`, `mailto:`, `data:`, `tel:`, fragment-only, empty) or non-http(s).
    public static func resolve(_ reference: String, against base: String) -> String? {
        let ref = clean(reference)
        if ref.isEmpty || ref.hasPrefix("#") { return nil }
        let r = split(ref)
        let b = split(base)
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
        return t.string
    }

    /// Trims, drops tabs/newlines (as browsers do) and percent-encodes spaces and non-ASCII.
    static func clean(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        let trimmed = s.trimmingCharacters(in: [" ", "\t", "\n", "\r", "\u{0C}", "\u{A0}"])
        for b in trimmed.utf8 {
            switch b {
            case 0x09, 0x0A, 0x0D: continue
            case 0x20: out += "%20"
            case 0x80...: out += "%" + hexByte(b)
            default: out.unicodeScalars.append(Unicode.Scalar(b))
            }
        }
        return out
    }

    private static func hexByte(_ b: UInt8) -> String {
        let h = Array("0123456789ABCDEF".unicodeScalars)
        return String(h[Int(b >> 4)]) + String(h[Int(b & 0xF)])
    }

    private static func stripDefaultPort(_ auth: String, scheme: String) -> String {
        if scheme == "http", auth.hasSuffix(":80") { return String(auth.dropLast(3)) }
        if scheme == "https", auth.hasSuffix(":443") { return String(auth.dropLast(4)) }
        return auth
    }

    /// RFC 3986 section 5.2.4.
    static func removeDotSegments(_ path: String) -> String {
        guard path.contains(".") else { return path }
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

    /// Host of an absolute URL, lower-case, without port.
    public static func host(of url: String) -> String? {
        guard let auth = split(url).authority else { return nil }
        let hostPort = auth.split(separator: "@").last.map(String.init) ?? auth
        return hostPort.split(separator: ":").first.map(String.init)
    }

    /// Path plus query (`/news/article.html?no=1`): what page-kind patterns match.
    public static func pathAndQuery(of url: String) -> String {
        let p = split(url)
        let path = p.path.isEmpty ? "/" : p.path
        return p.query.map { path + "?" + $0 } ?? path
    }

    /// Drops the named query parameters and moves a host alias to the canonical host.
    public static func normalize(_ url: String, dropping parameters: Set<String>, hostAliases: Set<String>,
                                 canonicalHost: String?) -> String {
        var p = split(url)
        if let q = p.query, !parameters.isEmpty {
            let kept = q.split(separator: "&", omittingEmptySubsequences: true).filter { pair in
                let name = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                return !parameters.contains(String(name))
            }
            p.query = kept.isEmpty ? nil : kept.joined(separator: "&")
        }
        if let canonicalHost, let auth = p.authority, hostAliases.contains(auth) { p.authority = canonicalHost }
        return p.string
    }
}
