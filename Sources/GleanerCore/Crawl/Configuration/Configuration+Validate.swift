import Foundation

extension Configuration {
    /// Checks that need the whole file: names, ranges, seed URLs.
    func validate(_ context: TOMLReader.Context) {
        var seen: [String: Int] = [:]
        for (i, source) in sources.enumerated() {
            let at = "source[\(i)]"
            if source.name.isEmpty || !source.name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
                context.report("\(at).name", "expected letters, digits, '-' or '_', found \"\(source.name)\"")
            }
            if let first = seen[source.name] {
                context.report("\(at).name", "duplicate source name \"\(source.name)\" (also source[\(first)])")
            }
            seen[source.name] = i
            if source.seeds.isEmpty { context.report("\(at).seeds", "expected at least one seed URL") }
            for (j, seed) in source.seeds.enumerated() where Self.httpURL(seed) == nil {
                context.report("\(at).seeds[\(j)]", "expected an absolute http:// or https:// URL, found \"\(seed)\"")
            }
            if source.every.seconds < 1 { context.report("\(at).every", "expected at least 1s, found \(source.every)") }
            if source.jitter > source.every {
                context.report("\(at).jitter", "expected at most `every` (\(source.every)), found \(source.jitter)")
            }
            if source.revisit != source.revisit.sorted() {
                context.report("\(at).revisit", "expected ages in increasing order, e.g. [\"1h\", \"24h\"]")
            }
            if source.emit.isEmpty { context.report("\(at).emit", "expected at least one record type") }
        }
        for (key, value) in [("http.user_agent", http.userAgent), ("http.contact", http.contact)]
        where value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\t" }) {
            // Sent in the User-Agent header: a CR or LF would start a request header of its own.
            context.report(key, "expected no control characters (CR, LF, ...), found \(value.debugDescription)")
        }
        if http.timeout < http.connectTimeout {
            context.report("http.timeout", "expected at least connect_timeout (\(http.connectTimeout)), found \(http.timeout)")
        }
    }

    static func httpURL(_ s: String) -> URL? {
        guard let url = URL(string: s), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty else { return nil }
        return url
    }

    /// Checks sources against the parsers that are installed: `parsers` maps a parser name to
    /// the hosts it serves. An unknown parser or a seed on another host is an error naming the key.
    public func validate(parsers: [String: Set<String>]) throws {
        var problems: [ConfigurationError.Problem] = []
        let locator = (try? String(contentsOfFile: file ?? "", encoding: .utf8)).map(TOMLKeyLocator.init(text:))
        func report(_ key: String, _ message: String) {
            problems.append(.init(file: file ?? "<config>", line: locator?.line(of: key), key: key, message: message))
        }
        for (i, source) in sources.enumerated() {
            guard let hosts = parsers[source.parser] else {
                let known = parsers.keys.sorted().joined(separator: ", ")
                report("source[\(i)].parser", "unknown parser \"\(source.parser)\" (installed: \(known.isEmpty ? "none" : known); searched \(parserDirectories.joined(separator: ", ")))")
                continue
            }
            for (j, seed) in source.seeds.enumerated() {
                guard let host = Self.httpURL(seed)?.host?.lowercased() else { continue }
                if !hosts.contains(host) {
                    report("source[\(i)].seeds[\(j)]", "host \(host) is not one of parser \(source.parser)'s hosts (\(hosts.sorted().joined(separator: ", ")))")
                }
            }
        }
        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
    }
}
