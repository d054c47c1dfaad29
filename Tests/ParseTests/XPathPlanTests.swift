import Foundation
import GleanerModel
@testable import GleanerParse
import Testing
import TestSupport

/// Each XPath of a parser is given one way of evaluation when the parser loads.
struct XPathPlanTests {
    static func kind(_ p: XPathPlan?) -> String {
        switch p {
        case .pageIndex?: "pageIndex"
        case .attribute?: "attribute"
        case .xpath?: "xpath"
        case nil: "none"
        }
    }

    @Test func tvseoulXPathsArePlannedOnLoad() throws {
        let plan = try Repo.tvseoulParser().plan
        #expect(Self.kind(plan.base) == "pageIndex")
        #expect(Self.kind(plan.canonical) == "pageIndex")
        #expect(plan.links.values.map(Self.kind) == ["attribute", "attribute"])
        let article = try #require(plan.blocks["article"])
        #expect(article.fields["title"]?.sources.map { Self.kind($0?.xpath) } == ["pageIndex", "pageIndex"])
        #expect(Self.kind(article.fields["body"]?.sources.first??.xpath) == "xpath")
        #expect(Self.kind(article.fields["body"]?.sources.first??.skip) == "xpath")
        #expect(article.id.sources.map { Self.kind($0?.xpath) } == ["none", "none"])  // canonical URL, then URL
        // Equal XPaths share one compiled expression; equal first steps one walk slot.
        #expect(Set(plan.sources).count == plan.sources.count)
        #expect(plan.queries.count < plan.sources.count)
        let weather = try #require(plan.blocks["weather"])
        #expect(weather.fields["date"]?.pageConstant != nil)
        #expect(weather.fields["location"]?.pageConstant == nil)
        #expect(article.fields["title"]?.pageConstant == nil)  // no `each`: one node anyway
    }

    /// An XPath that does not compile (a definition built in code, not checked by the loader)
    /// fails the page that needs it, naming the expression; other pages still parse.
    @Test func anXPathThatDoesNotCompileFailsItsPage() throws {
        var def = try Repo.tvseoulParser().definition
        def.recordBlocks["weather"]!.fields["provider"]!.alternatives[0].source = .xpath("//span[", text: .text, skip: nil)
        let parser = SiteParser(definition: def)
        let fixtures = try FixtureManifest.load(parserDirectory: Repo.tvseoul)
        let article = try #require(fixtures.first { $0.name.hasPrefix("article") })
        let page = Page(url: article.url, body: try Repo.bytes(article.file), fetchedAt: article.fetchedAt)
        #expect { try parser.parse(page) } throws: { ($0 as? XPathError)?.expression == "//span[" }
        #expect(try parser.parse(page, recordTypes: [.article]).records.count == 1)
    }
}
