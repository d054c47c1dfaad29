extension Robots {
    /// Parses a robots.txt body: CR, LF or CRLF line ends, `#` comments, a UTF-8 BOM, keys in
    /// any case; consecutive `User-agent` lines share one group; content past `maxBytes` is ignored.
    public init(parsing bytes: [UInt8]) {
        var content = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        if content.count > Self.maxBytes {
            content = Array(content.prefix(Self.maxBytes))
            // The line cut in half is dropped rather than read as a shorter rule.
            if let lastBreak = content.lastIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
                content = Array(content[...lastBreak])
            } else {
                content = []
            }
        }
        var groups: [Group] = []
        var sitemaps: [String] = []
        var inAgentLines = false

        for (number, rawLine) in Self.lines(content).enumerated() {
            let line = String(decoding: rawLine.prefix { $0 != UInt8(ascii: "#") }, as: UTF8.self)
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingWhitespace().lowercased()
            let value = String(line[line.index(after: colon)...].trimmingWhitespace())
            switch key {
            case "user-agent", "useragent", "user agent":
                if !inAgentLines { groups.append(Group(agents: [], rules: [], crawlDelay: nil)) }
                groups[groups.count - 1].agents.append(value)
                inAgentLines = true
            case "allow", "disallow":
                inAgentLines = false
                guard !groups.isEmpty else { continue }  // rules before any User-agent apply to no one
                let kind: Rule.Kind = key == "allow" ? .allow : .disallow
                groups[groups.count - 1].rules.append(Rule(kind: kind, pattern: value, line: number + 1))
            case "crawl-delay":
                inAgentLines = false
                guard !groups.isEmpty, let seconds = Double(value), seconds >= 0, seconds.isFinite else { continue }
                groups[groups.count - 1].crawlDelay = seconds
            case "sitemap":
                if !value.isEmpty { sitemaps.append(value) }
            default:
                continue
            }
        }
        self.init(groups: groups, sitemaps: sitemaps, source: .file)
    }

    public init(parsing text: String) { self.init(parsing: Array(text.utf8)) }

    /// Splits on CR, LF and CRLF (one break), keeping empty lines so line numbers stay true.
    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0, index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                lines.append(bytes[start..<index])
                if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                start = index + 1
            }
            index += 1
        }
        if start < bytes.count { lines.append(bytes[start...]) }
        return lines
    }
}
