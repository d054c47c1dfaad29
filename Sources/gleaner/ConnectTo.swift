import ArgumentParser

/// One `--connect-to` entry, the same syntax in every command: libcurl's `HOST:PORT:ADDR:PORT`
/// (as curl's own `--connect-to`), or `HOST:PORT=ADDR:PORT` (a `[http.connect_to]` line).
/// IPv6 addresses go in brackets. Anything else is refused with the entry and the expected form.
struct ConnectTo: Equatable {
    /// `host:port` the URLs name.
    var from: String
    /// `address:port` gleaner connects to instead.
    var to: String

    /// The entry as libcurl's CONNECT_TO takes it.
    var curlEntry: String { "\(from):\(to)" }

    static let expected = "HOST:PORT:ADDRESS:PORT (libcurl's CONNECT_TO, e.g. www.tvseoul.kr:80:127.0.0.1:8089; HOST:PORT=ADDRESS:PORT also works)"

    init(from: String, to: String) {
        self.from = from
        self.to = to
    }

    init(parsing entry: String) throws {
        var rest = Substring(entry)
        guard let fromHost = Self.host(&rest), let fromPort = Self.port(&rest),
              rest.first == ":" || rest.first == "=" else {
            throw ValidationError("--connect-to \"\(entry)\": expected \(Self.expected)")
        }
        rest.removeFirst()
        guard let toHost = Self.host(&rest), let toPort = Self.port(&rest), rest.isEmpty else {
            throw ValidationError("--connect-to \"\(entry)\": expected \(Self.expected)")
        }
        from = "\(fromHost):\(fromPort)"
        to = "\(toHost):\(toPort)"
    }

    /// A host name, or an IPv6 address in brackets (kept with them), followed by `:`.
    private static func host(_ s: inout Substring) -> Substring? {
        let end: Substring.Index
        if s.first == "[" {
            guard let close = s.firstIndex(of: "]") else { return nil }
            end = s.index(after: close)
        } else {
            guard let colon = s.firstIndex(where: { $0 == ":" || $0 == "=" }) else { return nil }
            end = colon
        }
        let host = s[..<end]
        guard !host.isEmpty, host != "[]", !host.contains(where: { $0 == " " || $0 == "/" }), s[end...].first == ":" else { return nil }
        s = s[s.index(after: end)...]
        return host
    }

    /// A port 1–65535, up to the next separator or the end.
    private static func port(_ s: inout Substring) -> Int? {
        let digits = s.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 5, let port = Int(digits), (1...65535).contains(port) else { return nil }
        s = s[digits.endIndex...]
        return port
    }

    /// Every entry of a repeatable option, or the first bad one's error.
    static func parseAll(_ entries: [String]) throws -> [ConnectTo] {
        try entries.map(ConnectTo.init(parsing:))
    }
}
