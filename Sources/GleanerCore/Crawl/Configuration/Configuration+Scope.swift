import Foundation
import GleanerParse

// MARK: - Reading `allow`, `deny`, `headers`, `cookies`

extension TOMLReader {
    /// `allow` / `deny`: an array of regexes, each compiled now; one that does not compile is
    /// reported under its index with the regex's own error.
    func scopePatterns(_ key: String) -> [ScopeRules.Pattern] {
        guard let texts = stringArray(key) else { return [] }
        var out: [ScopeRules.Pattern] = []
        for (i, text) in texts.enumerated() {
            do { out.append(try ScopeRules.Pattern(text)) } catch {
                report("\(key)[\(i)]", "\(error)")
            }
        }
        return out
    }

    /// `headers`: a table of header name → value; names and values that would break the request
    /// are reported under `headers.<name>`.
    func requestHeaders(_ key: String) -> [String: String]? {
        guard let table = stringTable(key) else { return nil }
        var out: [String: String] = [:]
        for (name, value) in table.sorted(by: { $0.key < $1.key }) {
            if let problem = RequestHeaderRules.headerProblem(name: name, value: value) {
                report("\(key).\(name)", problem)
            } else if let clash = out.keys.first(where: { $0.lowercased() == name.lowercased() }) {
                report("\(key).\(name)", "header \(name) is also set as \(clash) (header names ignore case)")
            } else {
                out[name] = value
            }
        }
        return out
    }

    /// `cookies`: a table of cookie name → value, sent as one Cookie header.
    func requestCookies(_ key: String) -> [String: String]? {
        guard let table = stringTable(key) else { return nil }
        var out: [String: String] = [:]
        for (name, value) in table.sorted(by: { $0.key < $1.key }) {
            if let problem = RequestHeaderRules.cookieProblem(name: name, value: value) {
                report("\(key).\(name)", problem)
            } else {
                out[name] = value
            }
        }
        return out
    }
}

// MARK: - Resolving and validating

extension Configuration {
    /// Lays `[http] headers` and `cookies` under each source's own, and resolves a relative
    /// `cookie_file` against `state_dir`.
    mutating func resolveRequestExtras() {
        for i in sources.indices {
            sources[i].headers = RequestHeaderRules.merge(sources[i].headers, over: http.headers, caseInsensitive: true)
            sources[i].cookies = RequestHeaderRules.merge(sources[i].cookies, over: http.cookies, caseInsensitive: false)
            if let file = sources[i].cookieFile, !file.hasPrefix("/") {
                sources[i].cookieFile = (stateDirectory as NSString).appendingPathComponent(file)
            }
        }
    }

    /// Every seed inside its source's `allow`/`deny`; no cookie file shared by two sources, and
    /// each one a file gleaner can read and write.
    func validateScopeAndRequests(_ context: TOMLReader.Context) {
        var jars: [String: Int] = [:]
        for (i, source) in sources.enumerated() {
            let at = "source[\(i)]"
            if !source.scope.admitsAll {
                for (j, seed) in source.seeds.enumerated() {
                    guard case .success(let url) = URLNormalizer.normalize(seed), let refusal = source.scope.refusal(of: url) else { continue }
                    context.report("\(at).seeds[\(j)]", "seed \(url) is outside the source's scope: \(refusal)")
                }
            }
            guard let file = source.cookieFile else { continue }
            let path = (file as NSString).standardizingPath
            if let first = jars[path] {
                context.report("\(at).cookie_file", "\(file) is also source[\(first)]'s cookie_file: each source needs its own, or cookies would pass between them")
            }
            jars[path] = jars[path] ?? i
            if let problem = Self.cookieFileProblem(path) { context.report("\(at).cookie_file", problem) }
        }
    }

    /// Why gleaner could not keep cookies in `path`, or nil when it can.
    static func cookieFileProblem(_ path: String) -> String? {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return "\(path) is a directory; expected a file" }
            return access(path, R_OK | W_OK) == 0 ? nil : "\(path) is not readable and writable by this user"
        }
        let folder = (path as NSString).deletingLastPathComponent
        return directoryProblem(folder.isEmpty ? "." : folder).map { "cannot keep cookies in \(path): \($0)" }
    }
}
