import Foundation
import GleanerModel
import TOMLKit

/// `Parsers/<name>/fixtures.toml`: for each saved page, the URL it was fetched from, a fixed
/// fetch time and the expected JSON Lines beside it. Golden tests and `gleaner parse` read it.
///
/// ```toml
/// [[fixture]]
/// file = "fixtures/article_62031.html"
/// url = "http://www.tvseoul.kr/news/article.html?no=62031"
/// fetched_at = "2025-07-02T06:00:00Z"
/// expected = "expected/article_62031.jsonl"
/// ```
public struct Fixture: Sendable {
    public var file: URL
    public var url: String
    public var fetchedAt: Date
    public var contentType: String?
    public var charset: String?
    public var expected: URL

    public var name: String { file.lastPathComponent }
}

public enum FixtureManifest {
    public static let fileName = "fixtures.toml"

    /// The fixtures of the parser in `directory`; empty when it has no manifest.
    /// - Throws: `ParserLoadErrors` naming the manifest, line and key.
    public static func load(parserDirectory directory: URL) throws -> [Fixture] {
        let file = directory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: file.path) else { return [] }
        let source: String
        switch TextFile.read(file.path) {
        case .success(let text): source = text
        case .failure(let failure):
            throw ParserLoadErrors([ParserLoadError(file: file.path, line: failure.line, keyPath: "", message: failure.message)])
        }
        if let bad = TextFile.tomlControlCharacter(in: source) ?? TextFile.tomlBadTableHeader(in: source) {
            throw ParserLoadErrors([ParserLoadError(file: file.path, line: bad.line, column: bad.column, keyPath: "",
                                                    message: "TOML syntax error: \(bad.message)")])
        }
        let root: TOMLTable
        do {
            root = try TOMLTable(string: source)
        } catch let e as TOMLParseError {
            throw ParserLoadErrors([ParserLoadError(file: file.path, line: e.source.begin.line, column: e.source.begin.column,
                                                    keyPath: "", message: "TOML syntax error: \(e.description)")])
        }
        var r = TOMLReader(file: file.path, locator: TOMLLocator(source: source))
        var out: [Fixture] = []
        let entries = root["fixture"]?.array
        if entries == nil { r.error("fixture", "expected [[fixture]] entries") }
        let items: [TOMLValueConvertible] = entries.map { Array($0) } ?? []
        for (i, e) in items.enumerated() {
            let path = "fixture[\(i)]"
            guard let t = e.table else { r.error(path, "expected a table"); continue }
            r.checkKeys(t, path, allowed: ["file", "url", "fetched_at", "expected", "content_type", "charset"])
            let f = r.string(t, "file", path, required: true)
            let url = r.string(t, "url", path, required: true)
            let at = r.string(t, "fetched_at", path, required: true)
            let date = at.flatMap(RFC3339.parse)
            if at != nil, date == nil { r.error("\(path).fetched_at", "expected an RFC 3339 time such as 2025-07-02T06:00:00Z") }
            let expected = r.string(t, "expected", path) ?? f.map { "expected/" + (($0 as NSString).lastPathComponent as NSString).deletingPathExtension + ".jsonl" }
            if let f, !FileManager.default.fileExists(atPath: directory.appendingPathComponent(f).path) {
                r.error("\(path).file", "no such file: \(f)")
            }
            if let f, let url, let date, let expected {
                out.append(Fixture(file: directory.appendingPathComponent(f).standardizedFileURL, url: url, fetchedAt: date,
                                   contentType: r.string(t, "content_type", path), charset: r.string(t, "charset", path),
                                   expected: directory.appendingPathComponent(expected).standardizedFileURL))
            }
        }
        if !r.errors.isEmpty { throw ParserLoadErrors(r.errors) }
        return out
    }
}

extension ParserRegistry {
    /// `./Parsers` when it exists, then `/etc/gleaner/parsers.d` when it exists.
    public static func standardDirectories(currentDirectory: String = FileManager.default.currentDirectoryPath) -> [URL] {
        [URL(fileURLWithPath: currentDirectory).appendingPathComponent("Parsers"), URL(fileURLWithPath: "/etc/gleaner/parsers.d")]
            .filter { FileManager.default.fileExists(atPath: $0.path) }
    }
}
