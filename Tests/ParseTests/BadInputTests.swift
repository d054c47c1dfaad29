import Foundation
import GleanerModel
import GleanerParse
import TestSupport
import Testing

/// Bad pages and broken parser files: a clear error naming the place, never a crash.
struct BadInputTests {
    let url = "http://www.tvseoul.kr/news/article.html?no=62031"

    func parse(_ body: [UInt8], url: String? = nil) throws -> ParseResult {
        try Repo.tvseoulParser().parse(Page(url: url ?? self.url, body: body, fetchedAt: Date()))
    }

    @Test func emptyAndWhitespaceOnlyPagesAreRefused() {
        #expect(throws: ParseError(kind: .emptyBody, url: url, detail: "page is empty (0 bytes)")) { try parse([]) }
        #expect { try parse(Array(" \n\t\n".utf8)) } throws: { ($0 as? ParseError)?.kind == .emptyBody }
    }

    @Test func binaryGarbageIsRefused() {
        var rng = SystemRandomNumberGenerator()
        var garbage: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        garbage += (0..<20_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        #expect { try parse(garbage) } throws: { e in
            guard let e = e as? ParseError else { return false }
            return e.kind == .binary && e.description.contains(url) && e.description.contains("not text")
        }
    }

    @Test func pagesOverTheLimitAreRefusedBeforeParsing() throws {
        let big = [UInt8](repeating: UInt8(ascii: "a"), count: 50 * 1024 * 1024)
        #expect { try parse(big) } throws: { e in
            guard let e = e as? ParseError else { return false }
            return e.kind == .tooLarge && e.description.contains("52428800 bytes") && e.description.contains("10485760")
        }
    }

    @Test func aURLNoPageKindMatchesIsAnError() throws {
        let body = try Repo.bytes(Repo.tvseoul.appendingPathComponent("fixtures/article_62031.html"))
        for bad in ["http://www.tvseoul.kr/news/print.html?no=62031", "http://example.com/news/article.html?no=1"] {
            #expect { try parse(body, url: bad) } throws: { ($0 as? ParseError)?.kind == .noPageKind }
        }
    }

    @Test func aPageOfAKnownKindMissingItsFieldsIsRejectedNotEmittedHalfEmpty() throws {
        let html = "<html><head><meta charset=utf-8></head><body><div id=news_body_area><p>본문만 있다</p></div></body></html>"
        let r = try parse(Array(html.utf8))
        #expect(r.records.filter { $0.type == .article }.isEmpty)
        let reject = try #require(r.rejects.first { $0.type == .article })
        #expect(reject.field == "title")
        #expect(reject.pageKind == "article")
        #expect(reject.site == "tvseoul")
        #expect(reject.url == url)
        #expect(reject.description.contains("subject"))
        // The weather widget is required on article pages too: its absence is reported.
        #expect(r.rejects.contains { $0.type == .weather && $0.field == "each" })
    }

    @Test func markupSoupStillParses() throws {
        let soup = "<html><body><div id=news_body_area><p>하나<p>둘<div><b>셋</div></span></td>"
        let r = try parse(Array(soup.utf8))
        #expect(r.rejects.contains { $0.field == "title" })
    }

    // MARK: - Broken parser files

    /// A copy of the shipped parser with one edit, loaded; returns the errors.
    func brokenCopy(_ edit: (String) -> String) throws -> [ParserLoadError] {
        let dir = try TemporaryDirectory()
        let src = try String(contentsOf: Repo.tvseoul.appendingPathComponent("parser.toml"), encoding: .utf8)
        let file = dir.url.appendingPathComponent("parser.toml")
        let edited = edit(src)
        #expect(edited != src, "the edit changed nothing")
        try edited.write(to: file, atomically: true, encoding: .utf8)
        let (def, errors) = ParserDefinitionLoader.load(file: file, types: SampleTypes.catalog)
        #expect(def == nil)
        return errors
    }

    func line(of needle: String, in text: String) -> Int? {
        text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) }.map { $0 + 1 }
    }

    @Test func theSameFolderNamedTwiceLoadsEachParserOnce() throws {
        let again = Repo.parsers.appendingPathComponent(".")  // `--parsers-dir Parsers` beside ./Parsers
        let registry = try ParserRegistry.load(directories: [Repo.parsers, again])
        #expect(registry.parsers.map(\.name).filter { $0 == "tvseoul" }.count == 1)
    }

    @Test func tomlSyntaxErrorNamesLineAndColumn() throws {
        let errors = try brokenCopy { $0.replacingOccurrences(of: "[records.weather.fields]", with: "[records.weather.fields") }
        let e = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(e.message.contains("TOML syntax error"))
        let src = try String(contentsOf: Repo.tvseoul.appendingPathComponent("parser.toml"), encoding: .utf8)
        #expect(e.line == line(of: "[records.weather.fields]", in: src))
        #expect(e.column != nil)
    }

    @Test func xpathTypoNamesFileLineAndKey() throws {
        var edited = ""
        let errors = try brokenCopy { s in
            edited = s.replacingOccurrences(of: "location = { xpath = \"span[contains(", with: "location = { xpath = \"span[[contains(")
            return edited
        }
        let e = try #require(errors.first { $0.key == "records.weather.fields.location.xpath" })
        #expect(e.message.contains("XPath does not compile"))
        #expect(e.line == line(of: "location = { xpath = \"span[[", in: edited))
        #expect(e.description.contains("parser.toml:\(e.line ?? -1): records.weather.fields.location.xpath"))
    }

    @Test func unknownXPathFunctionIsCaught() throws {
        let errors = try brokenCopy { $0.replacingOccurrences(of: "[contains(., '등록')]", with: "[contians(., '등록')]") }
        #expect(errors.contains { $0.key.hasPrefix("records.article.fields.published_at") && $0.message.contains("XPath") })
    }

    @Test func unknownTransformIsNamedWithTheKnownOnes() throws {
        var edited = ""
        let errors = try brokenCopy { s in
            edited = s.replacingOccurrences(of: "section = { xpath = \"//div[contains(concat(' ', normalize-space(@class), ' '), ' sec_tit ')]\", transforms = [\"collapse\"] }",
                                            with: "section = { xpath = \"//div[contains(concat(' ', normalize-space(@class), ' '), ' sec_tit ')]\", transforms = [\"colapse\"] }")
            return edited
        }
        let e = try #require(errors.first)
        #expect(e.key == "records.article.fields.section.transforms[0]")
        #expect(e.message.contains("unknown transform 'colapse'"))
        #expect(e.message.contains("collapse"))
        #expect(e.line == line(of: "\"colapse\"", in: edited))
    }

    @Test func unknownRecordTypeAndFieldAreNamed() throws {
        let errors = try brokenCopy {
            $0.replacingOccurrences(of: "[records.weather]\ntype = \"weather\"", with: "[records.weather]\ntype = \"forecast\"")
              .replacingOccurrences(of: "subtitle = {", with: "sub_title = {")
        }
        #expect(errors.contains { $0.key == "records.weather.type" && $0.message.contains("record type 'forecast' is declared nowhere") })
        #expect(errors.contains { $0.key == "records.article.fields.sub_title" && $0.message.contains("not a field of article") })
    }

    @Test func allErrorsAreReportedNotJustTheFirst() throws {
        let errors = try brokenCopy {
            $0.replacingOccurrences(of: "\"collapse\"", with: "\"colapse\"")
              .replacingOccurrences(of: "{ regex = '[?&]no=(\\d+)' }", with: "{ regex = '[?&no=(\\d+)' }")
              .replacingOccurrences(of: "kind = \"section\"", with: "kind = \"sections\"")
        }
        #expect(errors.filter { $0.message.contains("colapse") }.count > 10)
        #expect(errors.contains { $0.message.contains("regex") && $0.message.contains("does not compile") })
        #expect(errors.contains { $0.key == "links.sections.kind" })
        #expect(errors.allSatisfy { $0.line != nil })
        // Sorted by line, so the author reads them top to bottom.
        #expect(errors.compactMap(\.line) == errors.compactMap(\.line).sorted())
    }
}
