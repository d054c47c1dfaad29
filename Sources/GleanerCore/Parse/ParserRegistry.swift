import Foundation
import TOMLKit

/// Every site parser gleaner knows, loaded from `Parsers/` and extra directories.
public struct ParserRegistry: Sendable {
    public let parsers: [SiteParser]
    /// The shared record types and those the parsers declare.
    public let types: TypeCatalog

    public init(parsers: [SiteParser], types: TypeCatalog) {
        self.parsers = parsers
        self.types = types
    }

    public func parser(named name: String) -> SiteParser? { parsers.first { $0.name == name } }

    /// The parser whose hosts include the URL's host and which has a page kind for it; a
    /// `hosts = ["*"]` parser only when no parser names the host.
    public func parser(forURL url: String) -> SiteParser? {
        parsers.first { !$0.servesAnyHost && $0.pageKind(for: url) != nil } ?? parsers.first { $0.pageKind(for: url) != nil }
    }

    /// Loads every `<dir>/<name>/parser.toml` (and `<dir>/parser.toml` when a directory is
    /// itself a parser folder).
    /// - Throws: `ParserLoadErrors` with every problem in every file, when there is any.
    public static func load(directories: [URL]) throws -> ParserRegistry {
        let report = loadReport(directories: directories)
        if !report.errors.isEmpty { throw ParserLoadErrors(report.errors) }
        return report.registry
    }

    /// Loads what loads and reports the rest, parser by parser: a parser that does not load
    /// costs only itself. A directory that is missing or holds no parser is skipped, not an
    /// error (an installed but empty `/etc/gleaner/parsers.d`).
    /// `typeDirectories` lend their shared record types (`types/*.toml`) without their parsers:
    /// `gleaner check DIR` sees the types gleaner ships.
    public static func loadReport(directories: [URL], typeDirectories: [URL] = []) -> ParserLoadReport {
        var loaded: [SiteParser] = []
        var failed: [FailedParser] = []
        var files: [URL] = []
        var skipped: [URL] = []
        // The same folder named twice (`--parser-dir Parsers` beside the default ./Parsers) is
        // one folder, not a second definition of every parser in it.
        var seen = Set<String>()
        let unique = directories.filter { seen.insert($0.standardizedFileURL.resolvingSymlinksInPath().path).inserted }
        let typeSources = typeDirectories.filter { seen.insert($0.standardizedFileURL.resolvingSymlinksInPath().path).inserted }
        let shared = TypeCatalog.load(directories: typeSources + unique)
        var types = shared.catalog
        for dir in unique {
            let found = parserFiles(in: dir)
            if found.isEmpty, TypeCatalog.files(in: dir).isEmpty { skipped.append(dir) }
            for file in found {
                files.append(file)
                let (def, errs) = ParserDefinitionLoader.load(file: file, types: shared.catalog)
                guard let def else {
                    failed.append(FailedParser(name: declaredName(file), file: file, errors: errs))
                    continue
                }
                if let other = loaded.first(where: { $0.name == def.name }) {
                    let error = ParserLoadError(file: file.path, line: nil, key: "site.name",
                                                message: "parser name '\(def.name)' is already used by \(other.definition.file.path)")
                    failed.append(FailedParser(name: def.name, file: file, errors: [error]))
                    continue
                }
                // A type this parser declares differently from another parser's is refused here.
                var merged = types
                let conflicts = def.ownTypes.compactMap { d in
                    merged.add(d).map { ParserLoadError(file: file.path, line: nil, key: "types.\(d.name)", message: $0) }
                }
                guard conflicts.isEmpty else {
                    failed.append(FailedParser(name: def.name, file: file, errors: conflicts))
                    continue
                }
                types = merged
                loaded.append(SiteParser(definition: def))
            }
        }
        return ParserLoadReport(loaded: loaded, failed: failed, files: files + shared.files, skipped: skipped,
                                typeErrors: shared.errors, types: types)
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

    /// The name a parser file that did not load goes by: its `site.name` when the file parses
    /// that far, else its folder's name (what sources would call it).
    static func declaredName(_ file: URL) -> String {
        if case .success(let doc) = TOMLDocument.read(file.path),
           let name = doc.root["site"]?.table?["name"]?.string, !name.isEmpty {
            return name
        }
        return file.deletingLastPathComponent().lastPathComponent
    }
}

/// A parser file that did not load: the name its sources use, and every problem in it.
public struct FailedParser: Sendable {
    public var name: String
    public var file: URL
    public var errors: [ParserLoadError]
}

/// What loading the parser directories found, parser by parser.
public struct ParserLoadReport: Sendable {
    /// Every file that loaded (for `gleaner check`'s `ok` lines), duplicates' first copy included.
    public var loaded: [SiteParser]
    public var failed: [FailedParser]
    /// Every `parser.toml` found.
    public var files: [URL]
    /// Directories that are missing or hold no `parser.toml` nor `types/*.toml`.
    public var skipped: [URL]
    /// Problems of the shared `types/*.toml` files (their types are then declared nowhere).
    public var typeErrors: [TOMLProblem]
    /// Every type that loaded: shared, and declared by the parsers that loaded.
    public var types: TypeCatalog

    /// The parsers sources may use: those that loaded, less any name that also failed (two
    /// files claiming one name, or a broken copy beside a good one: which was meant is unknown).
    public var registry: ParserRegistry {
        let broken = Set(failed.map(\.name))
        return ParserRegistry(parsers: loaded.filter { !broken.contains($0.name) }, types: types)
    }

    /// Every error of every file, in load order.
    public var errors: [ParserLoadError] { typeErrors + failed.flatMap(\.errors) }

    /// The errors of the parsers called `name`, or empty when it loaded (or is unknown).
    public func errors(of name: String) -> [ParserLoadError] {
        failed.filter { $0.name == name }.flatMap(\.errors)
    }
}
