import Foundation
@testable import GleanerParse
import Testing
import TestSupport

/// Page-wide lookups (`//tag[class]…`, `(//tag[@a])[1]…`) answered by one C walk a page must
/// select exactly the nodes libxml2's XPath selects.
struct ElementQueryTests {
    static func classTest(_ c: String) -> String { "contains(concat(' ', normalize-space(@class), ' '), ' \(c) ')" }

    @Test func recognisesOnlyItsShapes() {
        let yes = [
            "//div[\(Self.classTest("sec_tit"))]",
            "//ul[\(Self.classTest("art_info"))]/li[contains(., '등록')]",
            "(//link[@rel='canonical'])[1]/@href",
            "(/descendant::base[@href])[1]/@href",
            "//meta[@property=\"og:title\"]/@content",
            "//*[@id]//img/@src",
        ]
        let no = [
            "//li[1]", "//a/@href", "//div[@a] | //p", "//div[gl-has-class('x')] = 'y'",
            "//div[@class='a' or @id='b']", "id('x')", "//div[@a]/b*2", "//div[@a][@b]",
            "(//link[@rel='canonical'])[2]/@href", "//div[@a]/p[1] | //x", "//svg:a[@href]",
        ]
        for x in yes { #expect(ElementQuery(xpath: x) != nil, "\(x)") }
        for x in no { #expect(ElementQuery(xpath: x) == nil, "\(x)") }
    }

    static let tricky = """
        <html><head><base target="_blank"><base href="http://a.example/x/"><base href="http://b.example/">
        <link rel="Canonical" href="/wrong"><link rel="canonical"><link rel="canonical" href="/right">
        <meta property="og:title" content="og"></head><body>
        <div class="subject_x">not a subject</div>
        <H2 CLASS=" subject\textra ">title</H2>
        <div class="sec_tit">outer<div class="sec_tit">nested</div></div>
        <ul class="art_info"><li>등록 2025.07.02</li><li>수정</li></ul>
        <p class="today"><span class="date">2025.07.02</span><span class="date">2</span></p>
        <span class="w_copy">a</span><span class="w_copy">b</span>
        <div class="a&amp;b">entity</div><div class="">empty</div><div class>bare</div>
        </body></html>
        """

    /// The XPaths of the TV서울 parser plus shapes the tricky page answers differently.
    static func xpaths() throws -> [String] {
        let def = try Repo.tvseoulParser().definition
        var out = ["(/descendant::base[@href])[1]/@href", "(//link[@rel='canonical'])[1]/@href",
                   "//h2[\(classTest("subject"))]", "//div[\(classTest("sec_tit"))]",
                   "//div[\(classTest("sec_tit"))]/div", "(//div[\(classTest("sec_tit"))])[1]/text()",
                   "//p[\(classTest("today"))]/span[\(classTest("date"))]", "//div[\(classTest("a&b"))]",
                   "//div[@class='']", "//div[@class]/@class", "//*[\(classTest("w_copy"))]/text()",
                   "//h3[\(classTest("sub_subject"))]", "//meta[@property='og:title']/@content"]
        for block in def.recordBlocks.values {
            for spec in [block.id] + Array(block.fields.values) {
                for alt in spec.alternatives { if case .xpath(let x, _, _) = alt.source { out.append(x) } }
            }
            if let each = block.each { out.append(each) }
        }
        return out
    }

    /// Every plan, on the tricky page and every fixture, selects what libxml2 selects for the
    /// expression as written.
    @Test func sameNodesAsXPath() throws {
        let xpaths = try Self.xpaths()
        var planner = XPathPlanner()
        let plans = xpaths.map { planner.plan($0) }
        #expect(plans.filter { if case .pageIndex = $0 { true } else { false } }.count >= 15)
        let compiled = CompiledXPaths(planner.sources)
        var pages = [Array(Self.tricky.utf8)]
        let fixtures = try FixtureManifest.load(parserDirectory: Repo.tvseoul)
        pages += try fixtures.map { try Repo.bytes($0.file) }
        var one = 0, several = 0
        for body in pages {
            let doc = try HTMLDocument(bytes: body, url: "http://www.tvseoul.kr/")
            let index = PageIndex(doc: doc, queries: planner.queries, compiled: compiled, wanted: [])
            for (x, plan) in zip(xpaths, plans) {
                let want = try doc.evaluate(XPathExpression(plain: x)).nodes.map(\.opaque)
                #expect(try index.evaluate(plan, from: doc.documentNode).nodes.map(\.opaque) == want, "\(x)")
                if case .pageIndex(let slot, false, _, _) = plan {
                    if index.matches(slot: slot).count >= 2 { several += 1 } else { one += 1 }
                }
            }
        }
        #expect(one > 50)
        #expect(several > 0)  // the nested sec_tit and the two w_copy: answered by XPath
    }
}
