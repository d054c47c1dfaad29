import Foundation
import GleanerModel
import GleanerParse

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
            if source.seeds.isEmpty, !source.feeds.isActive {
                context.report("\(at).seeds", "expected at least one seed URL (or feeds, sitemaps)")
            }
            for (j, seed) in source.seeds.enumerated() {
                if case .failure(let failure) = WebURL.parse(seed) {
                    context.report("\(at).seeds[\(j)]", "expected an absolute http:// or https:// URL, found \"\(seed)\" (\(failure.detail))")
                }
            }
            if source.every.seconds < 1 { context.report("\(at).every", "expected at least 1s, found \(source.every)") }
            if source.jitter > source.every {
                context.report("\(at).jitter", "expected at most `every` (\(source.every)), found \(source.jitter)")
            }
            if source.revisit != source.revisit.sorted() {
                context.report("\(at).revisit", "expected ages in increasing order, e.g. [\"1h\", \"24h\"]")
            }
            if source.emit?.isEmpty == true { context.report("\(at).emit", "expected at least one record type") }
        }
        for (key, value) in [("http.user_agent", http.userAgent), ("http.contact", http.contact)]
        where value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\t" }) {
            // Sent in the User-Agent header: a CR or LF would start a request header of its own.
            context.report(key, "expected no control characters (CR, LF, ...), found \(value.debugDescription)")
        }
        validateRetention(context)
        validateScopeAndRequests(context)
        validateFeeds(context)
        if http.timeout < http.connectTimeout {
            context.report("http.timeout", "expected at least connect_timeout (\(http.connectTimeout)), found \(http.timeout)")
        }
    }

    /// `output.retention` must outlast every source's revisit horizon: the longest a record can go
    /// unseen while its pages are still fetched (the last revisit age, plus one run interval and
    /// its jitter before that revisit happens). State pruned sooner forgets records the source
    /// will see again, and they would be written again as revision 1.
    func validateRetention(_ context: TOMLReader.Context) {
        var longest: (horizon: Double, index: Int, source: SourceConfiguration)?
        for (i, source) in sources.enumerated() where source.enabled {
            let horizon = (source.revisit.max()?.seconds ?? 0) + source.every.seconds + source.jitter.seconds
            // Absurd durations are reported by their own keys; they make no useful horizon.
            guard horizon.isFinite, horizon < 1e10 else { continue }
            if horizon > (longest?.horizon ?? -1) { longest = (horizon, i, source) }
        }
        guard let longest, output.retention.seconds < longest.horizon else { return }
        let s = longest.source
        context.report("output.retention", "expected at least \(ConfigDuration(seconds: longest.horizon)), the revisit horizon of "
            + "source[\(longest.index)] \"\(s.name)\" (last revisit \(s.revisit.max() ?? .zero) + every \(s.every) + jitter \(s.jitter)); "
            + "state pruned sooner forgets records the source still sees, and they would be written again as revision 1; found \(output.retention)")
    }
}

extension Configuration {
    /// Checks that `state_dir` and `output_dir` are writable directories, or can be created as
    /// such (the nearest existing ancestor is a writable directory). Throws `ConfigurationError`.
    public func validateDirectories() throws {
        var problems = ProblemList(self)
        for (key, path) in [("state_dir", stateDirectory), ("output_dir", outputDirectory)] {
            if let problem = Self.directoryProblem(path) { problems.report(key, problem) }
        }
        if !problems.list.isEmpty { throw ConfigurationError(problems: problems.list) }
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
