import Foundation
@testable import GleanerCrawl
import GleanerParse
import Testing
import TestSupport

/// Which pages keep their links is remembered per URL; the answers must stay the parser's.
@Suite struct ListPageMemoTests {
    static func tvseoul() throws -> SiteParser {
        try #require(try ParserRegistry.load(directories: [repositoryRoot().appendingPathComponent("Parsers")]).parser(named: "tvseoul"))
    }

    @Test func answersAsTheParserDoesTheFirstTimeAndAfter() throws {
        let parser = try Self.tvseoul()
        let memo = ListPageMemo(capacity: 2)
        let urls = ["http://www.tvseoul.kr/", "http://www.tvseoul.kr/news/section_list_all.html?sec_no=11",
                    "http://www.tvseoul.kr/news/section_list_all.html?sec_no=12", "http://www.tvseoul.kr/news/article.html?no=64483",
                    "http://elsewhere.example/"]
        let expected = urls.map { Crawler.keepsLinks(parser, url: $0) }
        #expect(expected == [true, true, true, false, false])
        for _ in 0..<3 {  // beyond its capacity of two, it asks the parser again
            #expect(urls.map { memo.keepsLinks(parser, url: $0) } == expected)
        }
        let reloaded = try Self.tvseoul()  // another parser object (a reload): asked afresh
        #expect(urls.map { memo.keepsLinks(reloaded, url: $0) } == expected)
    }
}
