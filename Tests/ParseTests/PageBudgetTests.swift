import Foundation
import GleanerModel
@testable import GleanerParse
import TestSupport
import Testing

/// Hostile pages and costly parser fields: a page over its budget fails as `budget`, naming the
/// budget and the URL, and the same parser goes on to parse the next page as before.
struct PageBudgetTests {
    static let url = "http://example.kr/p"

    /// A one-kind parser for example.kr whose `article` record has `fields` (TOML lines).
    static func parser(fields: String, each: String? = nil, extraSite: String = "") throws -> SiteParser {
        let dir = try TemporaryDirectory()
        let file = dir.url.appendingPathComponent("parser.toml")
        try """
            [site]
            name = "mini"
            hosts = ["example.kr"]
            \(extraSite)
            [pages.any]
            url = '^/'
            records = ["page"]
            [records.page]
            type = "article"
            id = { from = "url" }
            \(each.map { "each = \"\($0)\"" } ?? "")
            [records.page.fields]
            \(fields)
            """.write(to: file, atomically: true, encoding: .utf8)
        let (def, errors) = ParserDefinitionLoader.load(file: file, types: SampleTypes.catalog)
        let definition = try #require(def, "\(errors)")
        return SiteParser(definition: definition)
    }

    static let good = Array("<html><body><h1>제목</h1><main><p>가</p><p>나</p></main></body></html>".utf8)

    static func parse(_ parser: SiteParser, _ body: [UInt8], budget: PageBudget = .standard, url: String = url) throws -> ParseResult {
        try parser.parse(Page(url: url, body: body, fetchedAt: Date()), budget: budget)
    }

    /// Throws unless `body` fails as over `limit`, with the URL in the message.
    static func expectOver(_ limit: PageBudget.Limit, _ parser: SiteParser, _ body: [UInt8], budget: PageBudget = .standard,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(sourceLocation: sourceLocation) { try parse(parser, body, budget: budget) } throws: { e in
            guard let e = e as? ParseError else { return false }
            return e.kind == .budget && e.budget == limit && e.label == "budget_\(limit.rawValue)"
                && e.description.contains(url) && e.description.contains(limit.rawValue)
        }
    }

    /// The parser still yields the good page's record after a page over budget.
    static func expectStillParses(_ parser: SiteParser, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try parse(parser, good)
        #expect(r.records.count == 1, sourceLocation: sourceLocation)
        #expect(r.records.first.map { String(decoding: $0.jsonLine(), as: UTF8.self) }?.contains(#""title":"제목""#) == true,
                sourceLocation: sourceLocation)
    }

    static let titleAndBody = """
        title = "//h1"
        body = { xpath = "//main", text = "paragraphs" }
        """

    static func repeated(_ piece: String, _ n: Int) -> [UInt8] {
        Array(("<html><body>" + String(repeating: piece, count: n) + "</body></html>").utf8)
    }

    // MARK: - Nodes

    @Test func aPageOverTheNodeBudgetIsRefusedBeforeATreeIsBuilt() throws {
        let p = try Self.parser(fields: Self.titleAndBody)
        var budget = PageBudget()
        budget.nodes = 1_000
        Self.expectOver(.nodes, p, Self.repeated("<p>x</p>", 1_001), budget: budget)
        // Comments and attributes are nodes too.
        Self.expectOver(.nodes, p, Self.repeated("<!---->", 1_001), budget: budget)
        Self.expectOver(.nodes, p, Self.repeated("<i a b c d e f g h i j></i>", 100), budget: budget)
        try Self.expectStillParses(p)
    }

    /// The issue's page: 9.4 MB of `<p>x</p>` (1.2 million elements) under the default budget.
    @Test func theNineMegabytePageOfParagraphsIsRefused() throws {
        let p = try Self.parser(fields: Self.titleAndBody)
        Self.expectOver(.nodes, p, Self.repeated("<p>x</p>", 1_175_000))
        try Self.expectStillParses(p)
    }

    @Test func scriptAndCommentTextIsNotCountedButUnterminatedOnesAre() {
        let script = Array(("<script>" + String(repeating: "if(a<b){c=1}", count: 500) + "</script><p>x</p>").utf8)
        #expect(MarkupCount.count(script).0.nodes == 2)
        let comment = Array(("<!--" + String(repeating: "<p>", count: 500) + "--><p>x</p>").utf8)
        #expect(MarkupCount.count(comment).0.nodes == 2)
        // Without an end, their bytes are counted as markup: never fewer nodes than libxml2 builds.
        let open = Array(("<!--" + String(repeating: "<p>", count: 500)).utf8)
        #expect(MarkupCount.count(open).0.nodes == 501)
    }

    @Test func theFixturesAreFarBelowTheDefaults() throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: Repo.tvseoul.appendingPathComponent("fixtures").path)
        where name.hasSuffix(".html") {
            let bytes = try Repo.bytes(Repo.tvseoul.appendingPathComponent("fixtures/\(name)"))
            let (count, over, _) = MarkupCount.count(bytes)
            #expect(over == 0)
            #expect(count.nodes * 20 < PageBudget.standard.nodes, "\(name): \(count.nodes) nodes")
            #expect(count.attributes * 20 < PageBudget.standard.attributesPerElement, "\(name): \(count.attributes) attributes")
        }
    }

    // MARK: - Attributes

    /// The issue's element: 80,000 attributes (870 KB), 68 s of CPU in libxml2 before.
    @Test func anElementWithEightyThousandAttributesIsRefused() throws {
        let p = try Self.parser(fields: Self.titleAndBody)
        let attributes = (0..<80_000).map { "data-a\($0)=1" }.joined(separator: " ")
        let page = Array("<html><body><div \(attributes)>x</div></body></html>".utf8)
        #expect(page.count > 800_000)
        Self.expectOver(.attributes, p, page)
        try Self.expectStillParses(p)
    }

    // MARK: - Regex

    /// The issue's field: `^(a+)+$` on 30 letters that do not match backtracks ~10⁹ steps.
    @Test func aCatastrophicRegexRunsOutOfStepsInsteadOfHanging() throws {
        let p = try Self.parser(fields: """
            title = "//h1"
            subtitle = { xpath = "//h2", transforms = [{ regex = '^(a+)+$' }] }
            """)
        let page = Array("<html><body><h1>제목</h1><h2>\(String(repeating: "a", count: 30))!</h2></body></html>".utf8)
        Self.expectOver(.regexSteps, p, page)
        try Self.expectStillParses(p)
        // The same pattern on a value it matches is cheap.
        let fine = try Self.parse(p, Array("<html><body><h1>제목</h1><h2>aaaa</h2></body></html>".utf8))
        #expect(fine.records.first.map { String(decoding: $0.jsonLine(), as: UTF8.self) }?.contains(#""subtitle":"aaaa""#) == true)
    }

    @Test func aLowRegexBudgetCoversEveryMatchOfThePage() throws {
        let p = try Self.parser(fields: """
            title = "//h1"
            authors = { xpath = "//li", transforms = [{ regex = '^(\\d+)$' }] }
            """)
        let page = Self.repeated("<h1>t</h1>" + "<li>12345</li>", 50)
        var budget = PageBudget()
        budget.regexSteps = 100
        Self.expectOver(.regexSteps, p, page, budget: budget)
        budget.regexSteps = 100_000
        #expect(try Self.parse(p, page, budget: budget).records.count == 1)
    }

    /// Outside gleaner's matcher ICU has no budget: nested repetition is refused at load.
    @Test func nestedRepetitionOutsideTheFastSubsetIsRefusedAtLoad() throws {
        #expect(throws: RegexError.self) { try CompiledRegex(#"^(\w+)+$"#) }
        #expect(throws: RegexError.self) { try CompiledRegex(#"(?i)(x*y)*"#) }
        #expect(throws: RegexError.self) { try CompiledRegex(#"\b(a{1,3}){2,}"#) }
        // Not nested, or not repeated: fine.
        for ok in [#"^\w+$"#, #"(?i)(\w{2}-)+"#, #"\b(a+)?\b"#, #"\b(a+){1}"#, #"[(]\w+[)]+"#] {
            #expect(throws: Never.self) { try CompiledRegex(ok) }
        }
        // In gleaner's own subset the step budget covers it.
        #expect(throws: Never.self) { try CompiledRegex("^(a+)+$") }
    }

    // MARK: - XPath

    @Test func anXPathOverTheStepBudgetFailsThePage() throws {
        let p = try Self.parser(fields: """
            title = "//h1"
            authors = "//*[count(ancestor::*) > 1]"
            """)
        let page = Self.repeated("<h1>t</h1><div><p><b>x</b></p></div>", 500)
        var budget = PageBudget()
        budget.xpathSteps = 1_000
        Self.expectOver(.xpathSteps, p, page, budget: budget)
        try Self.expectStillParses(p)
        #expect(try Self.parse(p, page).records.count == 1)
    }

    /// `A | B` gives what libxml2 gives (distinct nodes, document order), merged by gleaner.
    @Test func aUnionIsMergedInDocumentOrderLikeLibxml2() throws {
        let html = "<html><body><div id=a class=x><p k=1>1</p><!--c--><p k=2 j=3>2</p></div><span>3</span></body></html>"
        let doc = try HTMLDocument(utf8: Array(html.utf8), url: Self.url)
        for x in ["//p | //div", "//@* | //p | //p", "//span | //node() | //@*", "//comment() | //p/text() | /",
                  "//p[@k='2'] | //p[1] | //p[contains(., '|')]", ".//p | ..", "//nothing | //p"] {
            let merged = try doc.evaluate(XPathExpression(x)).nodes.map(\.ptr)
            let plain = try doc.evaluate(XPathExpression(plain: x)).nodes.map(\.ptr)
            #expect(merged == plain, "\(x)")
            #expect(!merged.isEmpty, "\(x)")
        }
        #expect(XPathExpression.unionBranches("//a[@x='|'] | (//b | //c)[1]") == ["//a[@x='|']", "(//b | //c)[1]"])
        // Not node sets: libxml2 decides (and reports the error).
        #expect(throws: XPathError.self) { try doc.evaluate(XPathExpression("count(//p) | //p")) }
    }

    /// The issue's query: `//node() | //@*` on a large page. libxml2's merge compares each of
    /// the 40,000 attributes with each of the 80,000 other nodes (seconds, over `parse_time`).
    @Test func theUnionOfEveryNodeAndAttributeOnALargePageFinishes() throws {
        let p = try Self.parser(fields: """
            title = "//h1"
            authors = { xpath = "//node() | //@*", transforms = ["first"] }
            """)
        let page = Array(("<html><body><h1>t</h1>" + String(repeating: "<p a=\"1\">x</p>", count: 40_000) + "</body></html>").utf8)
        var budget = PageBudget()
        budget.values = 1_000_000
        let r = try Self.parse(p, page, budget: budget)
        #expect(r.records.count == 1)
        // One value per node and attribute: that many values are over the default budget.
        Self.expectOver(.values, p, page)
    }

    // MARK: - Records, values, time

    /// The issue's block: `each = "//*"` made a reject of every element of the page.
    @Test func aBlockMatchingEveryElementIsOverTheRecordBudget() throws {
        let p = try Self.parser(fields: "title = \"h1\"", each: "//*")
        Self.expectOver(.records, p, Self.repeated("<i>x</i>", 20_000))
        var budget = PageBudget()
        budget.records = 10
        Self.expectOver(.records, p, Self.repeated("<i>x</i>", 11), budget: budget)
        try Self.expectStillParses(try Self.parser(fields: Self.titleAndBody))
    }

    @Test func valuesOverTheBudgetFailThePage() throws {
        let p = try Self.parser(fields: """
            title = "//h1"
            body = { xpath = "//main", text = "paragraphs" }
            """)
        let page = Array(("<h1>t</h1><main>" + String(repeating: "<p>x</p>", count: 200) + "</main>").utf8)
        var budget = PageBudget()
        budget.values = 100
        Self.expectOver(.values, p, page, budget: budget)
        budget.values = 1_000
        #expect(try Self.parse(p, page, budget: budget).records.count == 1)
    }

    @Test func aPageOverItsTimeFailsAsTime() throws {
        let p = try Self.parser(fields: Self.titleAndBody)
        var budget = PageBudget()
        budget.seconds = 0
        Self.expectOver(.time, p, Self.good, budget: budget)
        try Self.expectStillParses(p)
    }

    // MARK: - The fixtures under the defaults

    @Test func theFixturesParseTheSameUnderTheDefaultBudget() throws {
        let parser = try Repo.tvseoulParser()
        for name in ["article_62031.html", "index.html", "section_politics_p1.html"] {
            let page = Page(url: name == "index.html" ? "http://www.tvseoul.kr/" : name.hasPrefix("article")
                                ? "http://www.tvseoul.kr/news/article.html?no=62031" : "http://www.tvseoul.kr/news/section_list_all.html?sec_no=11",
                            body: try Repo.bytes(Repo.tvseoul.appendingPathComponent("fixtures/\(name)")), fetchedAt: Date())
            var unlimited = PageBudget()
            (unlimited.nodes, unlimited.attributesPerElement, unlimited.xpathSteps) = (.max, .max, 0)
            (unlimited.regexSteps, unlimited.values, unlimited.records, unlimited.seconds) = (.max, .max, .max, 3600)
            let a = try parser.parse(page)
            let b = try parser.parse(page, budget: unlimited)
            #expect(a.records.map { $0.jsonLine() } == b.records.map { $0.jsonLine() })
            #expect(a.links == b.links)
        }
    }
}
