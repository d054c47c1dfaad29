import Foundation
@testable import GleanerParse
import Testing
import TestSupport

/// The rewritten XPath must select exactly the nodes of the XPath as written.
struct XPathRewriteTests {
    @Test(arguments: [
        ("//div[contains(concat(' ', normalize-space(@class), ' '), ' sec_tit ')]", "/descendant::div[gl-has-class('sec_tit')]"),
        ("//base[@href][1]/@href", "//base[@href][1]/@href"),
        ("//li[position() < 3]", "//li[position() < 3]"),
        ("//li[(1)]", "//li[(1)]"),
        ("//li[@n - 1]", "//li[@n - 1]"),
        ("//ul/li[contains(., '등록')]", "//ul/li[contains(., '등록')]"),
        ("//dl[dt/a]//a[@href]", "/descendant::dl[dt/a]/descendant::a[@href]"),
        ("//a/@href", "//a/@href"),
        ("id('x')//*[contains(., '//p[1]')]", "id('x')/descendant::*[contains(., '//p[1]')]"),
    ])
    func rewrites(_ source: String, _ want: String) {
        #expect(XPathRewrite.optimized(source) == want)
    }

    /// On every fixture page, each expression of the TV서울 parser selects the same nodes
    /// compiled as written and compiled through the rewrite.
    @Test func sameNodesOnFixtures() throws {
        let root = repositoryRoot().appendingPathComponent("Parsers/tvseoul")
        let toml = try String(contentsOf: root.appendingPathComponent("parser.toml"), encoding: .utf8)
        let xpaths = toml.split(separator: "\n").flatMap { line -> [String] in
            line.components(separatedBy: "xpath = \"").dropFirst().compactMap { $0.components(separatedBy: "\"").first }
                + line.components(separatedBy: "each = \"").dropFirst().compactMap { $0.components(separatedBy: "\"").first }
                + line.components(separatedBy: "skip = \"").dropFirst().compactMap { $0.components(separatedBy: "\"").first }
        }
        #expect(xpaths.count > 20)
        let pages = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("fixtures").path)
            .filter { $0.hasSuffix(".html") }
        for page in pages {
            let bytes = try [UInt8](Data(contentsOf: root.appendingPathComponent("fixtures/\(page)")))
            let doc = try HTMLDocument(bytes: bytes, url: "http://www.tvseoul.kr/")
            for x in xpaths {
                let asWritten = try doc.evaluate(XPathExpression(plain: x)).nodes.map(\.opaque)
                let rewritten = try doc.evaluate(XPathExpression(x)).nodes.map(\.opaque)
                #expect(asWritten == rewritten, "\(x) on \(page)")
            }
        }
    }
}
