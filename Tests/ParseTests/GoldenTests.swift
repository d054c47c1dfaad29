import Foundation
import GleanerModel
import GleanerParse
import Testing

/// Every parser in `Parsers/` over every fixture in its `fixtures.toml`, compared line by line
/// with `expected/<page>.jsonl` (records) and `expected/<page>.links` (links to follow).
/// `GLEANER_RECORD=1 swift test` rewrites the expected files and fails, so the diff gets read.
struct GoldenTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var parser: String
        var fixture: Fixture
        var testDescription: String { "\(parser)/\(fixture.name)" }
    }

    static func cases() -> [Case] {
        guard let registry = try? Repo.registry() else { return [] }
        return registry.parsers.flatMap { p in
            ((try? FixtureManifest.load(parserDirectory: p.definition.directory)) ?? []).map { Case(parser: p.name, fixture: $0) }
        }
    }

    @Test func everyShippedParserLoadsAndHasFixtures() throws {
        let registry = try Repo.registry()
        #expect(registry.parsers.map(\.name).contains("tvseoul"))
        for p in registry.parsers {
            let fixtures = try FixtureManifest.load(parserDirectory: p.definition.directory)
            #expect(!fixtures.isEmpty, "parser \(p.name) ships no fixtures")
        }
        #expect(Self.cases().count >= 6)
    }

    @Test(arguments: cases())
    func recordsMatchExpected(_ c: Case) throws {
        let parser = try #require(try Repo.registry().parser(named: c.parser))
        let f = c.fixture
        let result = try parser.parse(Page(url: f.url, body: Repo.bytes(f.file), contentType: f.contentType,
                                           fetchedAt: f.fetchedAt, charsetOverride: f.charset))
        #expect(result.rejects.isEmpty, "rejects: \(result.rejects)")
        let records = result.records.map(\.jsonString)
        let links = result.links.map { "\($0.pageKind) \($0.url)" }
        let linksFile = f.expected.deletingPathExtension().appendingPathExtension("links")
        try compare(records, with: f.expected, label: "records", json: true)
        try compare(links, with: linksFile, label: "links", json: false)
    }

    private func compare(_ actual: [String], with file: URL, label: String, json: Bool) throws {
        if ProcessInfo.processInfo.environment["GLEANER_RECORD"] == "1" {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.map { $0 + "\n" }.joined().utf8).write(to: file)
            Issue.record("re-recorded \(file.path): review `git diff` and commit, then run without GLEANER_RECORD")
            return
        }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            Issue.record("missing \(file.path); create it with GLEANER_RECORD=1 swift test")
            return
        }
        let expected = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init).filter { !$0.isEmpty }
        if let diff = LineDiff.describe(expected: expected, actual: actual, json: json) {
            Issue.record("\(label) differ from \(file.lastPathComponent):\n\(diff)")
        }
    }
}

/// A readable difference between two lists of lines: the first differing line, and for JSON
/// lines the fields that differ.
enum LineDiff {
    static func describe(expected: [String], actual: [String], json: Bool) -> String? {
        guard expected != actual else { return nil }
        var out: [String] = ["expected \(expected.count) lines, got \(actual.count)"]
        for i in 0..<max(expected.count, actual.count) {
            let e = i < expected.count ? expected[i] : nil
            let a = i < actual.count ? actual[i] : nil
            guard e != a else { continue }
            out.append("first difference at line \(i + 1):")
            if json, let e, let a, let fields = fieldDiff(e, a) {
                out.append(fields)
            } else {
                out.append("  - \(e ?? "<no line>")")
                out.append("  + \(a ?? "<no line>")")
            }
            let more = zip(expected, actual).dropFirst(i + 1).filter { $0 != $1 }.count + abs(expected.count - actual.count)
            if more > 0 { out.append("… and \(more) more differing lines") }
            break
        }
        return out.joined(separator: "\n")
    }

    private static func fieldDiff(_ e: String, _ a: String) -> String? {
        guard let eo = try? JSONSerialization.jsonObject(with: Data(e.utf8)) as? [String: Any],
              let ao = try? JSONSerialization.jsonObject(with: Data(a.utf8)) as? [String: Any] else { return nil }
        var lines: [String] = []
        for k in Set(eo.keys).union(ao.keys).sorted() {
            let ev = eo[k].map { "\($0)" } ?? "<absent>", av = ao[k].map { "\($0)" } ?? "<absent>"
            if ev != av { lines.append("  \(k): expected \(ev.prefix(300))\n  \(String(repeating: " ", count: k.count))       got \(av.prefix(300))") }
        }
        return lines.isEmpty ? "  (same fields, different key order or formatting)\n  - \(e)\n  + \(a)" : lines.joined(separator: "\n")
    }
}
