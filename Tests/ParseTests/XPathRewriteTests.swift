import Foundation
import GleanerModel
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
        // Any spacing and either quotes; the class test inside a larger predicate, twice.
        ("//p[ contains( concat( \" \" , normalize-space( @class ) ,' ' ) , \" a-b \" ) ]", "/descendant::p[ gl-has-class('a-b') ]"),
        ("//p[contains(concat(' ', normalize-space(@class), ' '), ' a ') and contains(concat(' ', normalize-space(@class), ' '), ' b ')]",
         "/descendant::p[gl-has-class('a') and gl-has-class('b')]"),
        // Not the idiom: quotes that do not pair, two names, no padding, another attribute, a non-ASCII name.
        ("//p[contains(concat(' ', normalize-space(@class), ' '), ' a \")]", "//p[contains(concat(' ', normalize-space(@class), ' '), ' a \")]"),
        ("//p[contains(concat(' ', normalize-space(@class), ' '), ' a b ')]", "/descendant::p[contains(concat(' ', normalize-space(@class), ' '), ' a b ')]"),
        ("//p[contains(concat(' ', normalize-space(@class), ' '), 'a')]", "/descendant::p[contains(concat(' ', normalize-space(@class), ' '), 'a')]"),
        ("//p[contains(concat(' ', normalize-space(@id), ' '), ' a ')]", "/descendant::p[contains(concat(' ', normalize-space(@id), ' '), ' a ')]"),
        ("//p[contains(concat(' ', normalize-space(@class), ' '), ' 제목 ')]", "/descendant::p[contains(concat(' ', normalize-space(@class), ' '), ' 제목 ')]"),
    ])
    func rewrites(_ source: String, _ want: String) {
        #expect(XPathRewrite.optimized(source) == want)
    }

    /// The class-test scan agrees with the regular expression it replaced (ICU's, kept here as
    /// the reference) on the idiom with every spacing and quoting, and on each of its variants
    /// with one byte dropped or changed.
    @Test func classTestScanAgreesWithTheRegex() throws {
        let regex = try NSRegularExpression(pattern: """
            contains\\(\\s*concat\\(\\s*(['"]) \\1\\s*,\\s*normalize-space\\(\\s*@class\\s*\\)\\s*,\\s*(['"]) \\2\\s*\\)\
            \\s*,\\s*(['"]) ([^\\s'"]+) \\3\\s*\\)
            """)
        func reference(_ s: String) -> String {
            guard s.contains("normalize-space") else { return s }
            return regex.stringByReplacingMatches(in: s, range: NSRange(s.startIndex..., in: s), withTemplate: "gl-has-class('$4')")
        }
        var rng = SplitMix64(seed: 7)
        var cases = 0
        for sp in ["", " ", "  ", "\t", "\n "] {
            for (q1, q2, q3) in [("'", "'", "'"), ("\"", "'", "\""), ("'", "\"", "'")] {
                for name in ["a", "sec_tit", "a-b", "x1.y"] {
                    let x = "//div[contains(\(sp)concat(\(sp)\(q1) \(q1)\(sp),\(sp)normalize-space(\(sp)@class\(sp))\(sp),\(sp)\(q2) \(q2)\(sp))"
                        + "\(sp),\(sp)\(q3) \(name) \(q3)\(sp))]/a"
                    #expect(XPathRewrite.classTests(x) == reference(x), "\(x)")
                    #expect(XPathRewrite.classTests(x).contains("gl-has-class('\(name)')"), "\(x)")
                    var b = Array(x.utf8)
                    for _ in 0..<12 {
                        let at = Int(rng.next() % UInt64(b.count))
                        var m = b
                        if rng.next() % 2 == 0 { m.remove(at: at) } else { m[at] = Array(" '\"(),a".utf8)[Int(rng.next() % 7)] }
                        let v = String(decoding: m, as: UTF8.self)
                        #expect(XPathRewrite.classTests(v) == reference(v), "\(v)")
                        cases += 1
                    }
                    b.removeAll()
                }
            }
        }
        #expect(cases == 720)
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
