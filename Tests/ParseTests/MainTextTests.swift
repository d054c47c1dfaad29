import Foundation
@testable import GleanerParse
import Testing

/// The main-text heuristic (`text = "main"`): which block of a page it takes as the article.
struct MainTextTests {
    static let storyA = "The council voted on Tuesday to keep the east side library open on Sundays through the end of the year."
    static let storyB = "Volunteers from three schools will staff the reading room, and the city will pay for the extra heating."

    func main(_ body: String) throws -> [String] {
        let doc = try HTMLDocument(bytes: Array("<html><head><title>t</title></head><body>\(body)</body></html>".utf8),
                                   url: "https://news.example/a")
        let node = try #require(try doc.nodes("/html/body").first)
        return node.mainParagraphs()
    }

    @Test func navigationCommentsAndRelatedBoxesAreNotChosenEvenWhenLonger() throws {
        let long = String(repeating: "A reader writes at length about the library and the many hours spent there. ", count: 4)
        let got = try main("""
            <nav><p>\(long)</p></nav>
            <div class="story"><p>\(Self.storyA)</p><p>\(Self.storyB)</p></div>
            <div id="comments"><p>\(long)</p><p>\(long)</p><p>\(long)</p></div>
            <div class="related-news"><p>\(long)</p><p>\(long)</p></div>
            <aside><p>\(long)</p><p>\(long)</p></aside>
            <footer><p>\(long)</p></footer>
            """)
        #expect(got == [Self.storyA, Self.storyB])
    }

    @Test func aBlockOfLinksLosesToLessTextOutsideLinks() throws {
        let link = "<p><a href=\"/x\">An unrelated headline that goes on for quite a while to look like text</a></p>"
        let got = try main("""
            <div class="list">\(String(repeating: link, count: 8))</div>
            <div class="column"><p>\(Self.storyA)</p><p>\(Self.storyB)</p></div>
            """)
        #expect(got == [Self.storyA, Self.storyB])
    }

    @Test func ofTwoCandidateBlocksTheOneWithMoreTextWins() throws {
        let extra = "The vote was seven to two, with both dissenting members citing the cost of the extra staff."
        let got = try main("""
            <div class="left"><p>\(Self.storyB)</p></div>
            <div class="right"><p>\(Self.storyA)</p><p>\(extra)</p></div>
            """)
        #expect(got == [Self.storyA, extra])
    }

    @Test func aContentHintBreaksACloseCall() throws {
        let got = try main("""
            <div class="box"><p>\(Self.storyA)</p><p>\(Self.storyB)</p></div>
            <div class="article-body"><p>\(Self.storyB)</p><p>\(Self.storyA)</p></div>
            """)
        #expect(got == [Self.storyB, Self.storyA])
    }

    @Test func aLinkListInsideTheChosenBlockIsLeftOut() throws {
        let got = try main("""
            <div class="story"><p>\(Self.storyA)</p>
            <div class="more"><strong>See also</strong><ul><li><a href="/1">Library budget passes after a long night</a></li><li><a href="/2">Sunday bus service returns</a></li></ul></div>
            <div><a href="/3">Opening hours for every branch of the library</a> and more</div>
            <p>\(Self.storyB)</p></div>
            """)
        #expect(got == [Self.storyA, Self.storyB])
    }

    /// Naver-style bodies are text between `<br>`s inside one element, with no `<p>`.
    @Test func textBetweenLineBreaksCounts() throws {
        let got = try main("""
            <div class="media_end_head"><h2>Headline</h2></div>
            <article id="dic_area" class="go_trans _article_content">\(Self.storyA)<br><br>\(Self.storyB)<br></article>
            <div class="byline"><a href="/r">Reporter page</a></div>
            """)
        #expect(got == [Self.storyA, Self.storyB])
    }

    @Test func aPageWithoutRunningTextHasNoMainText() throws {
        let got = try main("""
            <div class="list"><p><a href="/1">Library budget passes</a></p><p>Short lead.</p></div>
            <p>Opening hours: 9 to 5.</p>
            """)
        #expect(got.isEmpty)
    }
}
