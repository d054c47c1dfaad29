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

extension Configuration {
    /// Checks that `state_dir` and `output_dir` are writable directories, or can be created as
    /// such (the nearest existing ancestor is a writable directory). Throws `ConfigurationError`.
    public func validateDirectories() throws {
        let locator = (try? String(contentsOfFile: file ?? "", encoding: .utf8)).map(TOMLKeyLocator.init(text:))
        var problems: [ConfigurationError.Problem] = []
        for (key, path) in [("state_dir", stateDirectory), ("output_dir", outputDirectory)] {
            if let problem = Self.directoryProblem(path) {
                problems.append(.init(file: file ?? "<config>", line: locator?.line(of: key), key: key, message: problem))
            }
        }
        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
    }

    /// Why `path` cannot serve as a directory gleaner writes to, or nil when it can.
    static func directoryProblem(_ path: String) -> String? {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { return "\(path) exists and is not a directory" }
            return access(path, W_OK | X_OK) == 0 ? nil : "\(path) is not writable by this user"
        }
        // Not there yet: gleaner creates it, so the nearest existing ancestor must allow that.
        var ancestor = URL(fileURLWithPath: path).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDirectory), ancestor.path != "/" {
            ancestor.deleteLastPathComponent()
        }
        guard isDirectory.boolValue else { return "\(path) cannot be created: \(ancestor.path) is not a directory" }
        return access(ancestor.path, W_OK | X_OK) == 0 ? nil : "\(path) cannot be created: \(ancestor.path) is not writable by this user"
    }
}
