import Foundation
import GleanerModel

/// Turns an href into the one string the frontier uses as a URL's identity, or says why it is
/// not followed. Pure and total: hostile hrefs (spaces, Korean text, stray `%`) never throw.
///
/// Rules, in order: skip empty and fragment-only links; parse and resolve against the base with
/// the URL Standard's basic URL parser (`WebURL`: C0 and space trimmed, tabs and newlines
/// dropped, `\` as `/`, dot segments including `%2e`, IPv4 number forms, IDNA hosts, default
/// port dropped, the standard's percent-encode sets) and skip what it rejects or what is not
/// http(s); drop the fragment; percent-encoding canonical (unreserved characters decoded, hex
/// upper-case); drop tracking parameters (parameter order is kept: `?a=1&b=2` and `?b=2&a=1`
/// may be different pages on some sites); host in scope.
public enum URLNormalizer {
    public enum Skip: Error, Sendable, Equatable, CustomStringConvertible {
        case empty
        case scheme(String)
        /// The URL Standard rejects it (invalid host, bad port, no base for a relative link).
        case invalid(WebURL.Failure)
        case outOfScope(host: String)

        public var description: String {
            switch self {
            case .empty: "empty link"
            case .scheme(let s): "\(s): links are not followed"
            case .invalid(let f): "not a valid URL: \(f.detail)"
            case .outOfScope(let host): "host \(host) is outside the parser's hosts"
            }
        }
    }

    public static func normalize(_ reference: String, base: String? = nil, scope: FrontierScope? = nil) -> Result<String, Skip> {
        if isCanonical(reference, scope: scope) { return .success(reference) }
        if isSamePage(reference) { return .failure(.empty) }
        let url: WebURL
        switch WebURL.parse(reference, base: base.flatMap { WebURL($0) }) {
        case .success(let u): url = u
        case .failure(let f) where f.kind == .scheme: return .failure(.scheme(schemeOf(reference) ?? "unknown"))
        case .failure(let f): return .failure(.invalid(f))
        }
        var host = String(url.host)
        if let scope {
            guard scope.contains(host: host) else { return .failure(.outOfScope(host: host)) }
            if let canonical = scope.canonicalHost { host = canonical }
        }
        var s = String(url.scheme) + "://"
        if !url.userinfo.isEmpty { s += url.userinfo + "@" }
        s += host
        if let port = url.port { s += ":\(port)" }
        s += canonicalPercentEncoding(String(url.path))
        if let query = url.query {
            let kept = query.split(separator: "&", omittingEmptySubsequences: true).filter { pair in
                let name = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
                return !(scope?.isTracking(parameter: name) ?? false)
            }.map { canonicalPercentEncoding(String($0)) }
            if !kept.isEmpty { s += "?" + kept.joined(separator: "&") }
        }
        return .success(s)
    }

    /// Empty after trimming, or a fragment only: the page itself.
    static func isSamePage(_ reference: String) -> Bool {
        for c in reference.utf8 where c > 0x20 { return c == UInt8(ascii: "#") }
        return true
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

    /// The scheme a rejected link names, lower-case, tabs and newlines removed as the parser does.
    private static func schemeOf(_ raw: String) -> String? {
        let kept = raw.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
        let s = String(String.UnicodeScalarView(kept)).drop(while: { $0.unicodeScalars.first!.value <= 0x20 })
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
