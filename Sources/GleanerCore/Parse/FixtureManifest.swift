import Foundation
import GleanerModel

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
        let root = TOMLReader(doc, file: file.path)
        var out: [Fixture] = []
        for t in root.tableArray("fixture", required: true) {
            let f = t.string("file", required: true)
            let url = t.string("url", required: true)
            let at = t.string("fetched_at", required: true)
            let date = at.flatMap(RFC3339.parse)
            if at != nil, date == nil { t.report("fetched_at", "expected an RFC 3339 time such as 2025-07-02T06:00:00Z") }
            let expected = t.string("expected") ?? f.map { "expected/" + (($0 as NSString).lastPathComponent as NSString).deletingPathExtension + ".jsonl" }
            let contentType = t.string("content_type"), charset = t.string("charset")
            if let f, !FileManager.default.fileExists(atPath: directory.appendingPathComponent(f).path) {
                t.report("file", "no such file: \(f)")
            }
            t.finish()
            if let f, let url, let date, let expected {
                out.append(Fixture(file: directory.appendingPathComponent(f).standardizedFileURL, url: url, fetchedAt: date,
                                   contentType: contentType, charset: charset,
                                   expected: directory.appendingPathComponent(expected).standardizedFileURL))
            }
        }
        root.finish()
        if !root.context.problems.isEmpty { throw ParserLoadErrors(root.context.sortedProblems) }
        return out
    }
}
