import Foundation
import GleanerFetch

/// What `headers` and `cookies` (in `[http]` and `[[source]]`) may hold: a name or value that
/// would break the request, or that gleaner sets itself, is refused at load with its key.
enum RequestHeaderRules {
    /// Header names refused (lower-case), with the reason shown to the operator.
    static let refusedNames: [String: String] = [
        "host": "gleaner sends the URL's host; use [http.connect_to] to reach another address",
        "content-length": "it describes a request body, and gleaner's requests have none",
        "transfer-encoding": "it describes a request body, and gleaner's requests have none",
        "connection": "libcurl manages the connection (keep-alive, HTTP/2)",
        "keep-alive": "libcurl manages the connection (keep-alive, HTTP/2)",
        "proxy-connection": "libcurl manages the connection (keep-alive, HTTP/2)",
        "upgrade": "libcurl manages the connection (keep-alive, HTTP/2)",
        "te": "libcurl manages the connection (keep-alive, HTTP/2)",
        "trailer": "it describes a request body, and gleaner's requests have none",
        "cookie": "use `cookies` (a table of name = value), which libcurl merges with cookie_file's",
        "user-agent": "use http.user_agent and http.contact: robots.txt rules are matched against it",
        "if-none-match": "gleaner sends the stored validators itself (conditional GET)",
        "if-modified-since": "gleaner sends the stored validators itself (conditional GET)",
        "accept-encoding": "libcurl advertises the encodings it decodes (gzip, deflate, br, zstd)",
    ]

    /// Why `name = value` may not be a request header, or nil when it may.
    static func headerProblem(name: String, value: String) -> String? {
        if !HTTPHeaders.isSafeName(name) {
            return "expected a header name made of letters, digits and !#$%&'*+-.^_`|~ (an HTTP token), found \(name.debugDescription)"
        }
        if let reason = refusedNames[name.lowercased()] { return "header \(name) may not be set: \(reason)" }
        if !HTTPHeaders.isSafeValue(value) {
            return "expected no control characters (CR, LF, ...), found \(value.debugDescription)"
        }
        if value.trimmingCharacters(in: .whitespaces).isEmpty {
            return "expected a value: libcurl removes a header whose value is empty"
        }
        return nil
    }

    /// Why `name = value` may not be a cookie (RFC 6265 §4.1.1), or nil when it may.
    static func cookieProblem(name: String, value: String) -> String? {
        if !HTTPHeaders.isSafeName(name) {
            return "expected a cookie name made of letters, digits and !#$%&'*+-.^_`|~ (an HTTP token), found \(name.debugDescription)"
        }
        // cookie-octet: visible ASCII except DQUOTE, comma, semicolon and backslash.
        if !value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x2C && $0 != 0x3B && $0 != 0x5C }) {
            return "expected a cookie value of visible ASCII without spaces, '\"', ',', ';' or '\\' (percent-encode the rest), found \(value.debugDescription)"
        }
        return nil
    }

    /// `defaults` with `own` laid over it: a name in both takes `own`'s value (header names
    /// compare case-insensitively, cookie names exactly).
    static func merge(_ own: [String: String], over defaults: [String: String], caseInsensitive: Bool) -> [String: String] {
        var out = own
        for (name, value) in defaults {
            let shadowed = caseInsensitive ? own.keys.contains { $0.lowercased() == name.lowercased() } : own[name] != nil
            if !shadowed { out[name] = value }
        }
        return out
    }
}
