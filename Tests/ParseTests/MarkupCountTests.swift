@testable import GleanerParse
import Testing

/// The markup count a page's node budget is checked against never falls below the nodes the
/// running libxml2 builds (elements, attributes, comments, processing instructions), whether its
/// tokenizer is 2.9's or the HTML5 one of 2.14 and later.
struct MarkupCountTests {
    /// What a page of `piece` repeated 200 times, then `tail`, costs as a tree and as counted.
    static func counts(_ piece: String, tail: String = "") throws -> (counted: Int, built: Int) {
        let page = Array(("<html><body>" + String(repeating: piece, count: 200) + tail + "</body></html>").utf8)
        let d = try HTMLDocument(utf8: page, url: "http://example.kr/p")
        let built = try d.number("count(//*) + count(//@*) + count(//comment()) + count(//processing-instruction())")
        return (MarkupCount.count(page).0.nodes, Int(try #require(built)))
    }

    @Test(arguments: [
        // Comment ends: `--!>` in every version, `<!-->` and `<!--->` from 2.14; each piece is a
        // comment and a paragraph even though a `-->` follows at the end.
        "<!-- a --!><p>x</p>", "<!--><p>x</p>", "<!---><p>x</p>",
        // `</` + a non-letter: text for 2.9, a comment for 2.14 and later.
        "</ x>", "</1>", "</>",
        "<?x <p>?>", "<!x><p>", "<![CDATA[<i>]]>", "<i x=\"1\"<b c>", "<p<b>", "</p a=1 b=2>",
        "<script>a<!--<script></script><p>--></script>", "<textarea><p></textarea>",
    ])
    func neverBelowTheTreeLibxml2Builds(piece: String) throws {
        let (counted, built) = try Self.counts(piece, tail: "-->")
        #expect(counted >= built, "\(piece): counted \(counted), libxml2 \(LibXML2.version) built \(built)")
    }
}
