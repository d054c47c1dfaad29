import Foundation

/// Turns an href into the one string the frontier uses as a URL's identity, or says why it is
/// not followed. Pure and total: hostile hrefs (spaces, Korean text, stray `%`) never throw.
///
/// Rules, in order: trim and drop tabs/newlines; skip `javascript:`, `mailto:`, `tel:`,
/// `data:` and every other non-http(s) scheme; resolve against the base (RFC 3986 via
/// Foundation, after percent-encoding what Foundation rejects); drop the fragment; lower-case
/// scheme and host; drop the default port; empty path → `/`; percent-encoding canonical
/// (unreserved characters decoded, hex upper-case); drop tracking parameters (parameter order is
/// kept: `?a=1&b=2` and `?b=2&a=1` may be different pages on some sites); host in scope.
public enum URLNormalizer {
    public enum Skip: Error, Sendable, Equatable, CustomStringConvertible {
        case empty
        case scheme(String)
        case malformed
        case outOfScope(host: String)

        public var description: String {
            switch self {
            case .empty: "empty link"
            case .scheme(let s): "\(s): links are not followed"
            case .malformed: "not a URL"
            case .outOfScope(let host): "host \(host) is outside the parser's hosts"
            }
        }
    }

    public static func normalize(_ reference: String, base: String? = nil, scope: FrontierScope? = nil) -> Result<String, Skip> {
        if isCanonical(reference, scope: scope) { return .success(reference) }
        let cleaned = clean(reference)
        if cleaned.isEmpty || cleaned.hasPrefix("#") { return .failure(.empty) }
        if let scheme = schemeOf(cleaned), scheme != "http", scheme != "https" { return .failure(.scheme(scheme)) }
        let baseURL = base.flatMap { URL(string: clean($0)) }
        guard let resolved = URL(string: cleaned, relativeTo: baseURL)?.absoluteURL,
              var parts = URLComponents(url: resolved, resolvingAgainstBaseURL: true) else { return .failure(.malformed) }
        guard let scheme = parts.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            return .failure(.scheme(parts.scheme?.lowercased() ?? "relative"))
        }
        guard let host = parts.percentEncodedHost?.lowercased(), !host.isEmpty else { return .failure(.malformed) }
        parts.fragment = nil
        parts.scheme = scheme
        parts.percentEncodedHost = host
        if (scheme == "http" && parts.port == 80) || (scheme == "https" && parts.port == 443) { parts.port = nil }
        var path = canonicalPercentEncoding(parts.percentEncodedPath)
        if path.isEmpty { path = "/" }
        parts.percentEncodedPath = removeDotSegments(path)
        if let query = parts.percentEncodedQuery {
            let kept = query.split(separator: "&", omittingEmptySubsequences: true).filter { pair in
                let name = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
                return !(scope?.isTracking(parameter: name) ?? false)
            }.map { canonicalPercentEncoding(String($0)) }
            parts.percentEncodedQuery = kept.isEmpty ? nil : kept.joined(separator: "&")
        }
        if let scope {
            guard scope.contains(host: host) else { return .failure(.outOfScope(host: host)) }
            if let canonical = scope.canonicalHost { parts.percentEncodedHost = canonical }
        }
        guard let string = parts.string else { return .failure(.malformed) }
        return .success(string)
    }

    /// Trims, drops tabs and newlines (as browsers do) and percent-encodes bytes Foundation's
    /// URL parser rejects (space, non-ASCII, `"<>\^`{|}`, a `%` not followed by two hex digits).
    static func clean(_ s: String) -> String {
        let bytes = Array(s.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        var out = ""
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case 0x09, 0x0A, 0x0D: break
            case 0x25 where i + 2 < bytes.count && isHex(bytes[i + 1]) && isHex(bytes[i + 2]):
                out.append("%")
            case 0x25, 0x20, 0x22, 0x3C, 0x3E, 0x5C, 0x5E, 0x60, 0x7B, 0x7C, 0x7D, 0x80...0xFF, 0x00...0x1F, 0x7F:
                out += hex(b)
            default:
                out.unicodeScalars.append(Unicode.Scalar(b))
            }
            i += 1
        }
        return out
    }

    /// `%41` → `A`, `%7e` → `~`, `%c3` → `%C3`: one spelling per URL.
    static func canonicalPercentEncoding(_ s: String) -> String {
        guard s.contains("%") else { return s }
        let bytes = Array(s.utf8)
        var out = ""
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x25, i + 2 < bytes.count, isHex(bytes[i + 1]), isHex(bytes[i + 2]) {
                let value = UInt8(hexValue(bytes[i + 1]) << 4 | hexValue(bytes[i + 2]))
                if isUnreserved(value) { out.unicodeScalars.append(Unicode.Scalar(value)) } else { out += hex(value) }
                i += 3
            } else {
                out.unicodeScalars.append(Unicode.Scalar(bytes[i]))
                i += 1
            }
        }
        return out
    }

    static func removeDotSegments(_ path: String) -> String {
        guard path.contains("/.") else { return path }
        var output: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for (i, seg) in segments.enumerated() {
            let last = i == segments.count - 1
            if seg == "." { if last { output.append("") } } else if seg == ".." {
                if !output.isEmpty { output.removeLast() }
                if last { output.append("") }
            } else { output.append(seg) }
        }
        return "/" + output.joined(separator: "/")
    }

    private static func schemeOf(_ s: String) -> String? {
        guard let colon = s.firstIndex(of: ":"), let first = s.first, first.isLetter else { return nil }
        let name = s[..<colon]
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        return name.lowercased()
    }

    private static func isHex(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) || (0x41...0x46).contains(b) || (0x61...0x66).contains(b) }
    private static func hexValue(_ b: UInt8) -> UInt8 { b <= 0x39 ? b - 0x30 : (b | 0x20) - 0x61 + 10 }
    private static func isUnreserved(_ b: UInt8) -> Bool {
        (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || (0x30...0x39).contains(b) || b == 0x2D || b == 0x2E || b == 0x5F || b == 0x7E
    }
    private static func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "%\(digits[Int(b >> 4)])\(digits[Int(b & 0x0F)])"
    }
}
