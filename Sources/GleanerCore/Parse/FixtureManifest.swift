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
        let doc: TOMLDocument
        switch TOMLDocument.read(file.path) {
        case .success(let d): doc = d
        case .failure(let f): throw ParserLoadErrors([ParserLoadError(file: file.path, failure: f)])
        }
        let root = doc.root
        var r = TOMLReader(file: file.path, locator: doc.locator)
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
