import Foundation
import GleanerParse

extension Configuration {
    /// Checks every source against the parsers that loaded: its parser exists, and each seed is on
    /// one of the parser's hosts and matches one of its page kinds (a seed no page kind takes is
    /// never fetched). Sources whose parser is in `unavailable` (it did not load) are not checked
    /// here: they are disabled, not errors of the configuration.
    public func sourceProblems(against parsers: ParserRegistry, unavailable: Set<String> = []) -> [ConfigurationError.Problem] {
        var problems: [ConfigurationError.Problem] = []
        let locator = (try? TextFile.read(file ?? "").get()).map(TOMLLocator.init(source:))
        func report(_ key: String, _ message: String) {
            problems.append(.init(file: file ?? "<config>", line: locator?.line(of: key), key: key, message: message))
        }
        for (i, source) in sources.enumerated() where !unavailable.contains(source.parser) {
            guard let parser = parsers.parser(named: source.parser) else {
                let known = parsers.parsers.map(\.name).sorted().joined(separator: ", ")
                report("source[\(i)].parser", "unknown parser \"\(source.parser)\" (installed: \(known.isEmpty ? "none" : known); searched \(parserDirectories.joined(separator: ", ")))")
                continue
            }
            let hosts = Set(parser.hosts.map { $0.lowercased() })
            for (j, seed) in source.seeds.enumerated() {
                guard let host = Self.httpURL(seed)?.host?.lowercased() else { continue }
                if !hosts.contains(host) {
                    report("source[\(i)].seeds[\(j)]", "host \(host) is not one of parser \(source.parser)'s hosts (\(hosts.sorted().joined(separator: ", ")))")
                } else if parser.pageKind(for: parser.normalize(seed)) == nil {
                    let kinds = parser.definition.pageKinds.map { "\($0.name) \($0.urlPattern)" }.joined(separator: ", ")
                    report("source[\(i)].seeds[\(j)]", "\(seed) matches no page kind of parser \(source.parser) (kinds: \(kinds)), so it would never be fetched")
                }
            }
        }
        return problems
    }
}
