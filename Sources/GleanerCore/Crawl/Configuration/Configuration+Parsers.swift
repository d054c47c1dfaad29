import Foundation
import GleanerModel
import GleanerParse

extension Configuration {
    /// Checks every source against the parsers that loaded: its parser exists, and each seed is
    /// on one of the parser's hosts. Sources whose parser is in `unavailable` (it did not load)
    /// are not checked: they are disabled, not errors of the configuration.
    public func sourceProblems(against parsers: ParserRegistry, unavailable: Set<String> = []) -> [ConfigurationError.Problem] {
        var problems = ProblemList(self)
        for (i, source) in sources.enumerated() where !unavailable.contains(source.parser) {
            guard let parser = parsers.parser(named: source.parser) else {
                let known = parsers.parsers.map(\.name).sorted().joined(separator: ", ")
                problems.report("source[\(i)].parser", "unknown parser \"\(source.parser)\" (installed: \(known.isEmpty ? "none" : known); searched \(parserDirectories.joined(separator: ", ")))")
                continue
            }
            let hosts = Set(parser.hosts.map { $0.lowercased() })
            // A hosts = ["*"] parser serves the seeds' hosts, whatever they are.
            for (j, seed) in source.seeds.enumerated() where !parser.servesAnyHost {
                guard let host = WebURL(seed).map({ String($0.host) }), !hosts.contains(host) else { continue }
                problems.report("source[\(i)].seeds[\(j)]", "host \(host) is not one of parser \(source.parser)'s hosts (\(hosts.sorted().joined(separator: ", ")))")
            }
            let yields = parser.recordTypes
            for (key, types) in [("emit", source.emit), ("seed_only", source.seedOnly)] {
                for (j, t) in (types ?? []).enumerated() where !yields.contains(t) {
                    problems.report("source[\(i)].\(key)[\(j)]", "parser \(source.parser) yields no \(t) records (it yields: \(yields.sorted().map(\.rawValue).joined(separator: ", ")))")
                }
            }
        }
        return problems.list
    }

    /// `gleaner check`'s stricter look at seeds: each one on its parser's hosts must match one of
    /// its page kinds, or the run fetches it only to fail with "no page kind" (a seed that
    /// redirects to such a page works, which is why loading does not refuse it).
    public func seedPageKindProblems(against parsers: ParserRegistry) -> [ConfigurationError.Problem] {
        var problems = ProblemList(self)
        for (i, source) in sources.enumerated() {
            guard let parser = parsers.parser(named: source.parser)?.serving(seeds: source.seeds) else { continue }
            let hosts = Set(parser.hosts.map { $0.lowercased() })
            for (j, seed) in source.seeds.enumerated() {
                guard let host = WebURL(seed).map({ String($0.host) }), hosts.contains(host),
                      parser.pageKind(for: parser.normalize(seed)) == nil else { continue }
                let kinds = parser.definition.pageKinds.map { "\($0.name) \($0.urlPattern)" }.joined(separator: ", ")
                problems.report("source[\(i)].seeds[\(j)]", "\(seed) matches no page kind of parser \(source.parser) (kinds: \(kinds)); use the URL of a page of one of them")
            }
        }
        return problems.list
    }
}

/// Problems of one configuration file, each placed on its key's line.
struct ProblemList {
    let file: String
    let locator: TOMLLocator?
    var list: [ConfigurationError.Problem] = []

    init(_ config: Configuration) {
        file = config.file ?? "<config>"
        locator = (try? TextFile.read(config.file ?? "").get()).map(TOMLLocator.init(source:))
    }

    mutating func report(_ key: String, _ message: String) {
        list.append(.init(file: file, line: locator?.line(of: key), key: key, message: message))
    }
}
