import Foundation
import GleanerParse
import Testing

/// The seed is the visible text of the real article page. Text extraction over the replica
/// page, minus header, menus, sidebar and footer (which the seed's source dropped), must give
/// exactly the seed's non-blank lines, in order.
struct SeedTextTests {
    @Test func visibleTextOfTheSeedPageIsTheSeed() throws {
        let seed = try String(contentsOf: Repo.tvseoul.appendingPathComponent("truth/seed.txt"), encoding: .utf8)
        let want = seed.split(separator: "\n").map { line -> String in
            var s = Substring(line)
            while let f = s.first, f == " " || f == "•" || f == "\u{A0}" || f == "\t" { s.removeFirst() }
            return String(s)
        }.filter { !isBlankLine($0) }
        let doc = try HTMLDocument(bytes: Repo.bytes(Repo.tvseoul.appendingPathComponent("fixtures/article_62031.html")),
                                   url: "http://www.tvseoul.kr/news/article.html?no=62031")
        let body = try #require(try doc.nodes("//body").first)
        let chrome = try doc.nodes("//header | //nav | //aside | //footer", from: body)
        let got = body.paragraphs(skipping: chrome)
        #expect(want.count == 44)
        #expect(got.count == want.count)
        for (i, (g, w)) in zip(got, want).enumerated() where g != w {
            Issue.record("line \(i + 1): got «\(g)» want «\(w)»")
            break
        }
    }
}

private func isBlankLine(_ s: String) -> Bool {
    s.unicodeScalars.allSatisfy { $0 == " " || $0 == "\u{A0}" || $0 == "\t" }
}
