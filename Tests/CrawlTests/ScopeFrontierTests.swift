import Foundation
import Testing
@testable import GleanerCrawl

/// The frontier's use of a source's `allow`/`deny`: on the normalised URL, deny first, and one
/// refusal per URL and run.
@Suite struct ScopeFrontierTests {
    static func frontier(allow: [String], deny: [String]) throws -> Frontier {
        Frontier(scope: FrontierScope(hosts: ["www.tvseoul.kr"], trackingParameters: ["utm_*"]), maxPages: 100, maxDepth: 2,
                 rules: ScopeRules(allow: try allow.map(ScopeRules.Pattern.init), deny: try deny.map(ScopeRules.Pattern.init)))
    }

    @Test func rulesSeeTheNormalisedURLAndDenyWins() throws {
        var frontier = try Self.frontier(allow: ["article\\.html\\?no=\\d+$"], deny: ["no=7$"])
        let base = "http://www.tvseoul.kr/news/list.html"
        // Upper-case host, default port and a tracking parameter: matched after normalising.
        #expect(frontier.offer("HTTP://WWW.TVSEOUL.KR:80/news/article.html?no=1&utm_source=x", base: base, depth: 1,
                               pageKind: "article", known: nil, now: Date()) == .queued)
        #expect(frontier.offer("article.html?no=7", base: base, depth: 1, pageKind: "article", known: nil, now: Date())
                == .outOfScope(.denied(index: 0, pattern: "no=7$")))
        #expect(frontier.offer("/news/photo.html?no=2", base: base, depth: 1, pageKind: "photo", known: nil, now: Date())
                == .outOfScope(.notAllowed))
        // The same refused link on the next page is a duplicate, not a second refusal.
        #expect(frontier.offer("/news/article.html?no=7", base: base, depth: 1, pageKind: "article", known: nil, now: Date()) == .duplicate)
        #expect(frontier.next()?.url == "http://www.tvseoul.kr/news/article.html?no=1")
        #expect(frontier.next() == nil)
    }
}
