import ArgumentParser
import Foundation
import GleanerModel
import GleanerParse

/// `gleaner parse`: runs one parser over saved pages and prints the records, like `scrapy parse`.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse saved HTML pages with a site parser and print the records as JSON Lines.",
        discussion: """
            Records go to stdout, one JSON object per line. The page kind, the charset decision, \
            rejected records and (with --links) discovered links go to stderr.
            The page URL decides the page kind: --url, else the parser's fixtures.toml entry for \
            FILE, else the page's <link rel="canonical">.
            Exit status: 0 when every page parsed, 1 on any error, 2 when a record was rejected.
            """)

    @Option(name: .long, help: "Parser name (its site.name), e.g. tvseoul.")
    var parser: String

    @Argument(help: "Saved HTML files.")
    var files: [String]

    @Option(name: .long, help: "The URL the page was fetched from.")
    var url: String?

    @Option(name: .long, help: "Decode as this charset, overriding BOM, headers and meta.")
    var charset: String?

    @Option(name: .long, help: "The HTTP Content-Type the page came with (its charset takes part in detection).")
    var contentType: String?

    @Option(name: .customLong("parser-dir"), help: ArgumentHelp(
        "Extra directory of parsers (repeatable), after the defaults: \(DefaultParserDirectories.help).", valueName: "dir"))
    var parserDirs: [String] = []

    @Option(name: .customLong("parsers-dir"), help: .hidden)
    var parserDirsAlias: [String] = []

    @Option(name: .customLong("fetched-at"), help: "RFC 3339 fetch time to stamp the records with (default: the fixture's, else now).")
    var fetchedAt: String?

    @Flag(name: .long, help: "Print discovered links to stderr.")
    var links = false

    func run() throws {
        let site = try loadParser(named: parser, extra: parserDirs + parserDirsAlias)
        if let charset, Charset.canonicalName(forLabel: charset) == nil {
            throw CommandFailure("--charset '\(charset)' is not a charset gleaner knows (e.g. utf-8, euc-kr, windows-1252)")
        }
        var stamp: Date?
        if let fetchedAt {
            guard let d = RFC3339.parse(fetchedAt) else { throw CommandFailure("--fetched-at '\(fetchedAt)' is not an RFC 3339 time") }
            stamp = d
        }
        let fixtures = (try? FixtureManifest.load(parserDirectory: site.definition.directory)) ?? []
        var failed = false
        var rejected = false
        for file in files {
            do {
                let result = try parse(file, with: site, fixtures: fixtures, fetchedAt: stamp)
                for r in result.records { FileHandle.standardOutput.write(Data(r.jsonLine())) }
                for r in result.rejects {
                    rejected = true
                    stderr("\(file): \(r)")
                }
            } catch {
                failed = true
                stderr("\(file): \(error)")
            }
        }
        if failed { throw ExitCode(1) }
        if rejected { throw ExitCode(2) }
    }

    private func parse(_ file: String, with site: SiteParser, fixtures: [Fixture], fetchedAt: Date?) throws -> ParseResult {
        let fileURL = URL(fileURLWithPath: file).standardizedFileURL
        let fixture = fixtures.first { $0.file.resolvingSymlinksInPath().path == fileURL.resolvingSymlinksInPath().path }
        var info = stat()
        guard stat(fileURL.path, &info) == 0 else { throw CommandFailure("cannot read the file: \(String(cString: strerror(errno)))") }
        let size = Int(info.st_size)
        // Refuse before reading: a multi-gigabyte file must not be loaded to be refused.
        if size > site.definition.maxPageBytes {
            throw ParseError(kind: .tooLarge, url: url ?? fileURL.path,
                             detail: "file is \(size) bytes, over parser \(site.name)'s limit of \(site.definition.maxPageBytes) bytes (site.max_page_bytes)")
        }
        guard let data = FileManager.default.contents(atPath: fileURL.path) else {
            throw CommandFailure("cannot read the file: \(access(fileURL.path, R_OK) == 0 ? "not a regular file" : String(cString: strerror(errno)))")
        }
        let body = [UInt8](data)
        let pageURL: String
        if let url {
            pageURL = url
        } else if let fixture {
            pageURL = fixture.url
        } else if let canonical = CanonicalLink.url(in: body) {
            pageURL = canonical
            stderr("\(file): no --url; using the page's canonical URL \(canonical)")
        } else {
            throw CommandFailure("no --url given, the file is not in \(site.name)'s fixtures.toml and the page declares no canonical URL")
        }
        let page = Page(url: pageURL, body: body, contentType: contentType ?? fixture?.contentType,
                        fetchedAt: fetchedAt ?? fixture?.fetchedAt ?? Date(), charsetOverride: charset ?? fixture?.charset)
        let result = try site.parse(page)
        stderr("\(file): page kind \(result.pageKind), \(result.charset), \(result.records.count) records, "
               + "\(result.rejects.count) rejected, \(result.links.count) links"
               + (result.invalidLinkCount > 0 ? ", \(result.invalidLinkCount) hrefs not valid URLs ("
                   + result.invalidLinks.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")" : "")
               + (result.unparsedDates.total > 0 ? ", " + UnparsedDates.summary(result.unparsedDates.counts) : "")
               + (result.skippedJSONLD.isEmpty ? "" : ", \(result.skippedJSONLD.count) JSON-LD block\(result.skippedJSONLD.count == 1 ? "" : "s") skipped"))
        for d in result.unparsedDates.examples {
            stderr("date not parsed: \(d.field): '\(d.value)' (date '\(d.pattern)')")
        }
        for s in result.skippedJSONLD { stderr("\(file): \(s)") }
        if links {
            for l in result.links { stderr("link \(l.pageKind) \(l.url)") }
        }
        return result
    }
}

/// A command-line failure with a sentence for the user; exits 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

func stderr(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// The parser `name` from the standard places plus `extra`. Only its own load errors end the
/// command: another parser folder that is broken (or an empty parsers.d) does not.
func loadParser(named name: String, extra: [String]) throws -> SiteParser {
    let (report, dirs) = try loadParserDirectories(extra: extra)
    let own = report.errors(of: name)
    if !own.isEmpty {
        throw CommandFailure("parser '\(name)' did not load:\n" + (report.typeErrors + own).map { "  \($0)" }.joined(separator: "\n"))
    }
    guard let site = report.registry.parser(named: name) else {
        let names = report.registry.parsers.map(\.name).sorted().joined(separator: ", ")
        throw CommandFailure("no parser named '\(name)' (loaded: \(names.isEmpty ? "none" : names); searched \(dirs.map(\.path).joined(separator: ", ")))")
    }
    let others = Set(report.failed.map(\.name)).sorted()
    if !others.isEmpty {
        stderr("warning: other parsers did not load: \(others.joined(separator: ", ")) (`gleaner check` lists the errors)")
    }
    return site
}

/// Loads the default parser directories and `extra` (which must exist).
func loadParserDirectories(extra: [String]) throws -> (ParserLoadReport, [URL]) {
    let dirs = DefaultParserDirectories.list() + extra.map { URL(fileURLWithPath: $0) }
    guard !dirs.isEmpty else { throw CommandFailure("no parser directories: no ./Parsers here, none installed beside the binary; pass --parser-dir DIR") }
    for dir in extra where !FileManager.default.fileExists(atPath: dir) {
        throw CommandFailure("\(dir): no such directory")
    }
    return (ParserRegistry.loadReport(directories: dirs), dirs)
}
