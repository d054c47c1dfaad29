import Foundation
import GleanerParse
import TestSupport
import Testing

/// `gleaner parse` and `gleaner check` as a user runs them: the built binary, its stdout,
/// stderr and exit status.
struct CommandTests {
    @Test(arguments: ["article_62031", "article_64466", "article_64483", "index", "section_politics_p1", "section_politics_p2"])
    func parsePrintsExactlyTheExpectedRecords(_ name: String) throws {
        let r = try runGleaner(["parse", "--parser", "tvseoul", "Parsers/tvseoul/fixtures/\(name).html"])
        #expect(r.status == 0, "\(r.stderr)")
        let expected = try String(contentsOf: Repo.tvseoul.appendingPathComponent("expected/\(name).jsonl"), encoding: .utf8)
        #expect(r.stdout == expected)
        #expect(r.stderr.contains("page kind"))
        #expect(r.stderr.contains("charset UTF-8 from meta"))
    }

    @Test func parseTakesURLAndFetchTimeFromTheCommandLine() throws {
        let r = try runGleaner(["parse", "--parser", "tvseoul", "--url", "http://tvseoul.kr/news/article.html?no=62031&sec=10",
                                "--fetched-at", "2026-01-01T00:00:00Z", "--links",
                                "Tests/ParseTests/Fixtures/variants/euckr_no_meta.html"])
        #expect(r.status == 0, "\(r.stderr)")
        let first = try #require(r.stdout.split(separator: "\n").first)
        #expect(first.contains(#""id":"62031""#))
        #expect(first.contains(#""fetched_at":"2026-01-01T00:00:00Z""#))
        #expect(first.contains("국가대표AI에 돌아갈 컴퓨팅 자원 규모는 얼마"))
        #expect(r.stderr.contains("CP949 (label euc-kr) from default"))
        #expect(r.stderr.contains("link article http://www.tvseoul.kr/news/article.html?no=64466"))
    }

    @Test func charsetOptionOverridesDetection() throws {
        let r = try runGleaner(["parse", "--parser", "tvseoul", "--charset", "utf-8",
                                "--url", "http://www.tvseoul.kr/news/article.html?no=62031",
                                "Tests/ParseTests/Fixtures/variants/euckr_meta.html"])
        #expect(r.stderr.contains("from override"))
        #expect(!r.stdout.contains("국가대표AI"))
        let bad = try runGleaner(["parse", "--parser", "tvseoul", "--charset", "klingon", "Parsers/tvseoul/fixtures/index.html"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("--charset 'klingon' is not a charset"))
    }

    @Test func badInputsFailWithASentenceAndNoLibxmlNoise() throws {
        let dir = try TemporaryDirectory()
        let empty = dir.url.appendingPathComponent("empty.html")
        try Data().write(to: empty)
        let garbage = dir.url.appendingPathComponent("garbage.html")
        try Data((0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }).write(to: garbage)
        let big = dir.url.appendingPathComponent("big.html")
        try Data(count: 50 * 1024 * 1024).write(to: big)
        let cases: [(URL, String)] = [(empty, "page is empty"), (garbage, "page is not text"), (big, "over parser tvseoul's limit")]
        for (file, sentence) in cases {
            let r = try runGleaner(["parse", "--parser", "tvseoul", "--url", "http://www.tvseoul.kr/", file.path])
            #expect(r.status == 1, "\(file.lastPathComponent): \(r.stderr)")
            #expect(r.stderr.contains(sentence), "\(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
        // Markup soup that libxml2 complains loudly about: only gleaner's own lines on stderr.
        let soup = dir.url.appendingPathComponent("soup.html")
        try Data("<html><meta charset=euc-kr><body><p>\u{FF}\u{FE}<a href=<<>>&bogus;<b><i></p></b></div></td>".utf8).write(to: soup)
        let r = try runGleaner(["parse", "--parser", "tvseoul", "--url", "http://www.tvseoul.kr/news/article.html?no=1", soup.path])
        #expect(r.status == 2, "a page of a known kind without its fields is rejected: \(r.stderr)")
        for line in r.stderr.split(separator: "\n") {
            #expect(line.hasPrefix(soup.path), "unexpected stderr line: \(line)")
        }
        #expect(r.stderr.contains("rejected article record: parser tvseoul, page kind article, field 'title'"))
    }

    @Test func parseNeedsAURLWhenThePageDoesNotSayWhereItIsFrom() throws {
        let dir = try TemporaryDirectory()
        let f = dir.url.appendingPathComponent("page.html")
        try Data("<html><body><p>x</p></body></html>".utf8).write(to: f)
        let r = try runGleaner(["parse", "--parser", "tvseoul", f.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("no --url given"))
        let empty = dir.url.appendingPathComponent("empty.html")
        try Data().write(to: empty)
        let e = try runGleaner(["parse", "--parser", "tvseoul", empty.path])
        #expect(e.status == 1)
        #expect(e.stderr.contains("no --url given"))
        let unknown = try runGleaner(["parse", "--parser", "nosuch", f.path])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("no parser named 'nosuch'"))
    }

    /// A saved page outside fixtures.toml says where it is from with its canonical link, in its
    /// head as pages put it, or (broken pages) after it.
    @Test func parseTakesThePageURLFromItsCanonicalLink() throws {
        let dir = try TemporaryDirectory()
        let html = try String(contentsOf: Repo.tvseoul.appendingPathComponent("fixtures/article_62031.html"), encoding: .utf8)
        let link = #"<link rel="canonical" href="http://www.tvseoul.kr/news/article.html?no=62031">"#
        #expect(html.contains(link))
        let inHead = dir.url.appendingPathComponent("saved.html")
        try Data(html.utf8).write(to: inHead)
        let inBody = dir.url.appendingPathComponent("moved.html")
        try Data(html.replacingOccurrences(of: link, with: "").replacingOccurrences(of: "</body>", with: link + "</body>").utf8)
            .write(to: inBody)
        let expected = try String(contentsOf: Repo.tvseoul.appendingPathComponent("expected/article_62031.jsonl"), encoding: .utf8)
        for file in [inHead, inBody] {
            let r = try runGleaner(["parse", "--parser", "tvseoul", "--fetched-at", "2025-07-02T06:00:00Z", file.path])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stderr.contains("using the page's canonical URL http://www.tvseoul.kr/news/article.html?no=62031"), "\(r.stderr)")
            #expect(r.stdout.split(separator: "\n").first == expected.split(separator: "\n").first)
        }
    }

    @Test func checkPassesOnTheShippedParsers() throws {
        let r = try runGleaner(["check"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("ok tvseoul"))
        let explicit = try runGleaner(["check", "Parsers"])
        #expect(explicit.status == 0)
    }

    @Test func checkFailsOnABrokenCopyNamingFileLineAndKey() throws {
        let dir = try TemporaryDirectory()
        let copy = dir.url.appendingPathComponent("tvseoul-broken")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        var toml = try String(contentsOf: Repo.tvseoul.appendingPathComponent("parser.toml"), encoding: .utf8)
        toml = toml.replacingOccurrences(of: "name = \"tvseoul\"", with: "name = \"tvseoul_broken\"")
            .replacingOccurrences(of: "lead = { xpath = \"dd\", transforms = [\"trim\"] }", with: "lead = { xpath = \"dd[\", transforms = [\"trim\"] }")
            .replacingOccurrences(of: "[records.section_list]\ntype = \"teaser\"", with: "[records.section_list]\ntype = \"teasers\"")
            .replacingOccurrences(of: "box = { value = \"home\" }", with: "box = { value = \"home\", transforms = [\"shout\"] }")
        let file = copy.appendingPathComponent("parser.toml")
        try toml.write(to: file, atomically: true, encoding: .utf8)
        let lines = toml.split(separator: "\n", omittingEmptySubsequences: false)
        func line(_ needle: String) -> Int { (lines.firstIndex { $0.contains(needle) } ?? -2) + 1 }

        let r = try runGleaner(["check", dir.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(file.path):\(line("xpath = \"dd[\"")): records.related_list.fields.lead.xpath: XPath does not compile"))
        #expect(r.stderr.contains("\(file.path):\(line("type = \"teasers\"")): records.section_list.type: record type 'teasers' is declared nowhere"))
        #expect(r.stderr.contains("unknown transform 'shout'"))
        #expect(r.stderr.contains("records.home_headline.fields.box.transforms[0]"))

        try "[site\nname = 1".write(to: file, atomically: true, encoding: .utf8)
        let syntax = try runGleaner(["check", copy.path])
        #expect(syntax.status == 1)
        #expect(syntax.stderr.contains("\(file.path):1:"))
        #expect(syntax.stderr.contains("TOML syntax error"))
    }

    @Test func parseLoadsExtraParserDirectories() throws {
        let dir = try TemporaryDirectory()
        let p = dir.url.appendingPathComponent("mini")
        try FileManager.default.createDirectory(at: p, withIntermediateDirectories: true)
        try """
            [site]
            name = "mini"
            hosts = ["example.kr"]
            [pages.any]
            url = '^/'
            records = ["page"]
            [records.page]
            type = "article"
            id = { from = "url" }
            [records.page.fields]
            title = "//h1"
            body = { xpath = "//main", text = "paragraphs" }
            """.write(to: p.appendingPathComponent("parser.toml"), atomically: true, encoding: .utf8)
        let page = dir.url.appendingPathComponent("p.html")
        try Data("<h1> 제목 </h1><main><p>가</p><p>나</p></main>".utf8).write(to: page)
        let r = try runGleaner(["parse", "--parser", "mini", "--parsers-dir", dir.path, "--url", "http://example.kr/x",
                                "--fetched-at", "2025-07-02T06:00:00Z", page.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == #"{"type":"article","site":"mini","id":"http://example.kr/x","revision":1,"url":"http://example.kr/x","fetched_at":"2025-07-02T06:00:00Z","section":null,"title":"제목","subtitle":null,"authors":[],"published_at":null,"body":["가","나"],"images":[],"description":null,"modified_at":null,"tags":[],"language":null,"captions":[],"lead_image":null,"publisher":null}"# + "\n")
    }

    /// Another parser folder that does not load, and an empty extra folder (an installed
    /// parsers.d), leave `parse` with the parser it was asked for.
    @Test func parseWorksWhileAnotherParserIsBrokenAndAnExtraFolderIsEmpty() throws {
        let dir = try TemporaryDirectory()
        let broken = dir.url.appendingPathComponent("parsers/broken")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        try "[site]\nname = \"broken\"\nhosts = [\"example.kr\"]\ncolour = \"red\"\n"
            .write(to: broken.appendingPathComponent("parser.toml"), atomically: true, encoding: .utf8)
        let empty = dir.url.appendingPathComponent("parsers.d")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let r = try runGleaner(["parse", "--parser", "tvseoul", "--parsers-dir", dir.url.appendingPathComponent("parsers").path,
                                "--parsers-dir", empty.path, "Parsers/tvseoul/fixtures/article_62031.html"])
        #expect(r.status == 0, "\(r.stderr)")
        let expected = try String(contentsOf: Repo.tvseoul.appendingPathComponent("expected/article_62031.jsonl"), encoding: .utf8)
        #expect(r.stdout == expected)
        #expect(r.stderr.hasPrefix("warning: other parsers did not load: broken (`gleaner check` lists the errors)\n"), "\(r.stderr)")

        let own = try runGleaner(["parse", "--parser", "broken", "--parsers-dir", dir.url.appendingPathComponent("parsers").path,
                                  "--url", "http://example.kr/", "Parsers/tvseoul/fixtures/index.html"])
        #expect(own.status == 1)
        #expect(own.stderr.hasPrefix("Error: parser 'broken' did not load:\n  \(broken.path)/parser.toml:4: site.colour: unknown key 'colour'"),
                "\(own.stderr)")
        #expect(own.stdout.isEmpty)
    }
}
