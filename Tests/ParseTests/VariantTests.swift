import Foundation
import GleanerModel
import GleanerParse
import TestSupport
import Testing

/// Real pages differ from the replica; the same article must come out of every variant in
/// `Fixtures/variants/` (made by make-variants.py from the seed article page).
struct VariantTests {
    static let url = "http://www.tvseoul.kr/news/article.html?no=62031"
    static let fetchedAt = Date(timeIntervalSince1970: 1_751_436_000)

    func parse(_ file: String, contentType: String? = nil) throws -> ParseResult {
        try Repo.tvseoulParser().parse(Page(url: Self.url, body: Repo.bytes(Repo.variants.appendingPathComponent(file)),
                                            contentType: contentType, fetchedAt: Self.fetchedAt))
    }

    func original() throws -> ParseResult {
        try Repo.tvseoulParser().parse(Page(url: Self.url, body: Repo.bytes(Repo.tvseoul.appendingPathComponent("fixtures/article_62031.html")),
                                            fetchedAt: Self.fetchedAt))
    }

    @Test(arguments: ["br_paragraphs.html", "extra_wrappers.html", "title_whitespace.html", "euckr_meta.html",
                      "euckr_no_meta.html", "meta_after_1024.html", "truncated.html"])
    func variantYieldsTheSameArticle(_ file: String) throws {
        let want = try #require(try original().records.first)
        let got = try parse(file)
        #expect(got.rejects.isEmpty, "\(got.rejects)")
        let article = try #require(got.records.first { $0.type == .article })
        #expect(article == want, "\(article.jsonString)")
        #expect(got.records.filter { $0.type == .weather }.count == 16)
    }

    @Test func bodyNoiseIsDroppedAndItsFigureImageKept() throws {
        let want = try #require(try original().records.first?.article)
        let got = try #require(try parse("noise_in_body.html").records.first?.article)
        #expect(got.body == want.body)
        #expect(got.title == want.title)
        #expect(got.images == ["http://www.tvseoul.kr/data/photo/2503/ai_center.jpg"])
        #expect(!got.body.joined().contains("광고"))
        #expect(!got.body.joined().contains("숨겨진"))
    }

    @Test func everyRecordOfTheFullVariantsMatches() throws {
        let want = try original().records
        for file in ["br_paragraphs.html", "extra_wrappers.html", "title_whitespace.html", "euckr_meta.html",
                     "euckr_no_meta.html", "meta_after_1024.html"] {
            #expect(try parse(file).records == want, "\(file)")
        }
    }

    @Test func charsetDecisionSaysWhichRuleDecided() throws {
        #expect(try parse("euckr_meta.html").charset.source == .metaTag)
        #expect(try parse("euckr_meta.html").charset.charset == "CP949")
        #expect(try parse("meta_after_1024.html").charset.source == .metaTag)
        #expect(try parse("euckr_no_meta.html").charset.source == .parserDefault)
        #expect(try parse("euckr_no_meta.html", contentType: "text/html; charset=EUC-KR").charset.source == .httpContentType)
        #expect(try parse("title_whitespace.html").charset.source == .metaTag)
        let truncated = try parse("truncated.html")
        #expect(truncated.charset.charset == "UTF-8")
        #expect(truncated.charset.replacedBytes == 1)
    }

    @Test func onlyTheRequestedRecordTypesAreRead() throws {
        let page = Page(url: Self.url, body: try Repo.bytes(Repo.tvseoul.appendingPathComponent("fixtures/article_62031.html")),
                        fetchedAt: Self.fetchedAt)
        let r = try Repo.tvseoulParser().parse(page, recordTypes: [.article, .teaser])
        #expect(r.records.map(\.type) == [.article, .teaser, .teaser])
        #expect(r.links.count == (try original().links.count))
    }

    @Test func truncatedPageKeepsWhatItHas() throws {
        let r = try parse("truncated.html")
        // The cut falls inside the first teaser's lead: that teaser survives, cut short; the second is gone.
        let teasers = r.records.compactMap(\.teaser)
        #expect(teasers.count == 1)
        #expect(teasers.first?.lead?.hasSuffix("\u{FFFD}") == true)
    }
}
