import Foundation

/// Every site parser gleaner knows, loaded from `Parsers/` and extra directories.
public struct ParserRegistry: Sendable {
    public let parsers: [SiteParser]

    public init(parsers: [SiteParser]) { self.parsers = parsers }

    public func parser(named name: String) -> SiteParser? { parsers.first { $0.name == name } }

    /// The parser whose hosts include the URL's host and which has a page kind for it.
    public func parser(forURL url: String) -> SiteParser? {
        parsers.first { $0.pageKind(for: url) != nil }
    }

    /// Loads every `<dir>/<name>/parser.toml` (and `<dir>/parser.toml` when a directory is
    /// itself a parser folder).
    /// - Throws: `ParserLoadErrors` with every problem in every file, when there is any.
    public static func load(directories: [URL]) throws -> ParserRegistry {
        let report = loadReport(directories: directories)
        if !report.errors.isEmpty { throw ParserLoadErrors(report.errors) }
        return report.registry
    }

    /// Loads what loads and reports the rest, for `gleaner check` and for keeping the good
    /// parsers running on reload.
    public static func loadReport(directories: [URL]) -> (registry: ParserRegistry, errors: [ParserLoadError], files: [URL]) {
        var parsers: [SiteParser] = []
        var errors: [ParserLoadError] = []
        var files: [URL] = []
        // The same folder named twice (`--parsers-dir Parsers` beside the default ./Parsers) is
        // one folder, not a second definition of every parser in it.
        var seen = Set<String>()
        let unique = directories.filter { seen.insert($0.standardizedFileURL.resolvingSymlinksInPath().path).inserted }
        for dir in unique {
            let found = parserFiles(in: dir)
            if found.isEmpty {
                errors.append(ParserLoadError(file: dir.path, key: "", message: "no parser.toml in this directory or its subdirectories"))
            }
            for file in found {
                files.append(file)
                let (def, errs) = ParserDefinitionLoader.load(file: file)
                errors += errs
                guard let def else { continue }
                if let other = parsers.first(where: { $0.name == def.name }) {
                    errors.append(ParserLoadError(file: file.path, line: nil, key: "site.name",
                                                  message: "parser name '\(def.name)' is already used by \(other.definition.file.path)"))
                    continue
                }
                parsers.append(SiteParser(definition: def))
            }
        }
        return (ParserRegistry(parsers: parsers), errors, files)
    }

    /// `dir/parser.toml`, else `dir/*/parser.toml` in name order.
    public static func parserFiles(in dir: URL) -> [URL] {
        let fm = FileManager.default
        let direct = dir.appendingPathComponent("parser.toml")
        if fm.fileExists(atPath: direct.path) { return [direct] }
        guard let entries = try? fm.contentsOfDirectory(atPath: dir.path) else { return [] }
        return entries.sorted().map { dir.appendingPathComponent($0).appendingPathComponent("parser.toml") }
            .filter { fm.fileExists(atPath: $0.path) }
    }
}
