import Foundation
import GleanerParse
import Testing

/// HTMLDocument over libxml2: XPath to strings, numbers and node sets, relative XPath, and
/// text extraction that keeps paragraphs and drops what a reader does not see.
struct HTMLDocumentTests {
    func doc(_ html: String) throws -> HTMLDocument {
        try HTMLDocument(bytes: Array(html.utf8), url: "http://example.kr/a/b.html")
    }

    @Test func xpathToStringsNumbersAndNodes() throws {
        let d = try doc("<ul><li class=x>하나</li><li class=x>둘</li><li>셋 <b>넷</b></li></ul>")
        #expect(try d.strings("//li[@class='x']") == ["하나", "둘"])
        #expect(try d.number("count(//li)") == 3)
        #expect(try d.string("string(//li[3])") == "셋 넷")
        #expect(try d.nodes("//li").count == 3)
        #expect(try d.strings("//li[3]/@class").isEmpty)
        #expect(try d.string("//nothing") == nil)
    }

    @Test func relativeXPathFromANode() throws {
        let d = try doc("<div id=a><p>in a</p></div><div id=b><p>in b</p><p>b2</p></div>")
        let b = try #require(try d.nodes("//div[@id='b']").first)
        #expect(try d.strings("p", from: b) == ["in b", "b2"])
        #expect(try d.strings("//p", from: b).count == 3)
        #expect(b.attribute("id") == "b")
        #expect(b.name == "div")
    }

    @Test func invalidXPathIsAnErrorNotACrash() throws {
        let d = try doc("<p>x</p>")
        #expect { try d.strings("//p[") } throws: { e in
            guard let e = e as? XPathError else { return false }
            return e.expression == "//p[" && !e.detail.isEmpty
        }
        #expect(throws: XPathError.self) { try d.strings("//p[contians(., 'x')]") }
    }

    @Test func paragraphsFromPBrAndBlocks() throws {
        let d = try doc("""
            <div id=body>첫 문단<br>둘째 <b>문단</b><br/><br/>
            <p>셋째   문단
            이어짐</p><p>&nbsp;</p><p> &nbsp; </p><div>넷째<span>!</span></div>
            <ul><li>다섯</li><li>여섯</li></ul></div>
            """)
        let body = try #require(try d.nodes("//div[@id='body']").first)
        #expect(body.paragraphs() == ["첫 문단", "둘째 문단", "셋째 문단 이어짐", "넷째!", "다섯", "여섯"])
    }

    @Test func hiddenAndNonTextElementsAreDropped() throws {
        let d = try doc("""
            <div id=body><p>보임</p><script>var s = "<p>스크립트</p>";</script><style>p{}</style>
            <noscript>노스크립트</noscript><iframe src=x>아이프레임</iframe><template><p>템플릿</p></template>
            <div style="color:red; DISPLAY : none">숨김</div><p hidden>숨김2</p><!-- <p>주석</p> -->
            <p style="display:block">보임2</p></div>
            """)
        let body = try #require(try d.nodes("//div[@id='body']").first)
        #expect(body.paragraphs() == ["보임", "보임2"])
        #expect(body.text == "보임 보임2")
        #expect(body.rawText.contains("숨김"))
    }

    @Test func noBreakSpacesAreKeptInsideAndTrimmedAtTheEdges() throws {
        let d = try doc("<p id=p>&nbsp;[TV서울=이천용&nbsp;기자]&nbsp;본문&nbsp;</p>")
        let p = try #require(try d.nodes("//p").first)
        #expect(p.paragraphs() == ["[TV서울=이천용\u{A0}기자]\u{A0}본문"])
    }

    @Test func skippedNodesAreLeftOut() throws {
        let d = try doc("<div id=b><p>본문</p><figure><img src=a.jpg><figcaption>캡션</figcaption></figure><p>끝</p></div>")
        let b = try #require(try d.nodes("//div").first)
        let skip = try d.nodes(".//figure", from: b)
        #expect(b.paragraphs(skipping: skip) == ["본문", "끝"])
        #expect(b.paragraphs() == ["본문", "캡션", "끝"])
    }

    @Test func entitiesAreDecoded() throws {
        let d = try doc("<h2>&#039;상위권&#039; &quot;전략&quot; &amp; &lt;AI&gt;</h2><a href='x.html?a=1&amp;b=2'>l</a>")
        #expect(try d.string("//h2") == "'상위권' \"전략\" & <AI>")
        #expect(try d.nodes("//a/@href").first?.rawText == "x.html?a=1&b=2")
    }

    @Test func emptyAndGarbageBytesGiveADocumentNotACrash() throws {
        for bytes: [UInt8] in [[], [0], [0xFF, 0xFE], Array(repeating: 0x3C, count: 1000)] {
            for charset in [nil, "euc-kr", "utf-16le"] as [String?] {
                let d = try HTMLDocument(bytes: bytes, url: "http://example.kr/", charsetOverride: charset)
                // Whatever libxml2 makes of it (it wraps stray text in an implied <p>), it is text.
                let text = try d.strings("//body").joined()
                #expect(!text.contains("\u{0}"))
                #expect(d.charset.charset == (charset == nil ? (bytes.first == 0xFF ? "UTF-16LE" : "UTF-8") : charset == "euc-kr" ? "CP949" : "UTF-16LE"))
            }
        }
    }

    @Test func nodesKeepTheirDocumentAlive() throws {
        func firstNode() throws -> HTMLNode {
            try #require(try doc("<p>살아있다</p>").nodes("//p").first)
        }
        let n = try firstNode()
        #expect(n.text == "살아있다")
    }

    @Test func parsesOnManyThreadsAtOnce() async throws {
        let parser = try Repo.tvseoulParser()
        let body = try Repo.bytes(Repo.tvseoul.appendingPathComponent("fixtures/article_62031.html"))
        let page = Page(url: "http://www.tvseoul.kr/news/article.html?no=62031", body: body, fetchedAt: Date(timeIntervalSince1970: 0))
        let want = try parser.parse(page).records
        try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var lines: [String] = []
                    for _ in 0..<5 { lines = try parser.parse(page).records.map(\.jsonString) }
                    return lines
                }
            }
            for try await lines in group { #expect(lines == want.map(\.jsonString)) }
        }
    }
}
