import Foundation
import GleanerParse
import Testing

struct URLResolverTests {
    let base = "http://www.tvseoul.kr/news/section_list_all.html?sec_no=11"

    @Test(arguments: [
        ("/news/article.html?no=1", "http://www.tvseoul.kr/news/article.html?no=1"),
        ("article.html?no=64466&sec=11", "http://www.tvseoul.kr/news/article.html?no=64466&sec=11"),
        ("?sec_no=11&page=3", "http://www.tvseoul.kr/news/section_list_all.html?sec_no=11&page=3"),
        ("//www.tvseoul.kr/news/article.html?no=2", "http://www.tvseoul.kr/news/article.html?no=2"),
        ("HTTP://WWW.TVSEOUL.KR:80/x", "http://www.tvseoul.kr/x"),
        ("../company/about.php", "http://www.tvseoul.kr/company/about.php"),
        ("./a/../b.html#top", "http://www.tvseoul.kr/news/b.html"),
        (" /news/search.html?sch_txt=영등포 ", "http://www.tvseoul.kr/news/search.html?sch_txt=%EC%98%81%EB%93%B1%ED%8F%AC"),
        ("", nil), ("#top", nil), ("javascript:void(0)", nil), ("mailto:news@tvseoul.kr", nil),
        ("data:image/gif;base64,R0lG", nil), ("ftp://x/y", nil),
    ] as [(String, String?)])
    func resolves(_ ref: String, _ want: String?) {
        #expect(URLResolver.resolve(ref, against: base) == want)
    }

    @Test func normalizeDropsTrackingParametersAndMovesHostAliases() {
        let u = URLResolver.normalize("http://tvseoul.kr/news/article.html?sec=11&no=5&utm_source=x",
                                      dropping: ["sec", "utm_source"], hostAliases: ["tvseoul.kr", "www.tvseoul.kr"],
                                      canonicalHost: "www.tvseoul.kr")
        #expect(u == "http://www.tvseoul.kr/news/article.html?no=5")
    }

    @Test func pageKindsMatchPathAndQueryOnTheSitesHosts() throws {
        let p = try Repo.tvseoulParser()
        #expect(p.pageKind(for: "http://www.tvseoul.kr/") == "home")
        #expect(p.pageKind(for: "http://tvseoul.kr/index.html") == "home")
        #expect(p.pageKind(for: "http://www.tvseoul.kr/news/article.html?no=62031&sec=11") == "article")
        #expect(p.pageKind(for: "http://www.tvseoul.kr/news/article.html?sec=11&no=62031") == "article")
        #expect(p.pageKind(for: "http://www.tvseoul.kr/news/section_list_all.html?sec_no=11&page=2") == "section")
        #expect(p.pageKind(for: "http://www.tvseoul.kr/news/print.html?no=62031") == nil)
        #expect(p.pageKind(for: "http://evil.example/news/article.html?no=1") == nil)
    }
}

struct TransformTests {
    @Test func datePatternsWriteRFC3339WithTheZonesOffset() throws {
        let seoul = try #require(TimeZone(identifier: "Asia/Seoul"))
        let p = try DatePattern("yyyy.MM.dd HH:mm:ss")
        #expect(p.parse("등록 2025.03.22 10:07:10", timeZone: seoul, dateOnly: false) == "2025-03-22T10:07:10+09:00")
        #expect(p.parse("2025.13.22 10:07:10", timeZone: seoul, dateOnly: false) == nil)
        #expect(try DatePattern("yyyy.MM.dd").parse("2025.07.02 (수)", timeZone: seoul, dateOnly: true) == "2025-07-02")
        let ny = try #require(TimeZone(identifier: "America/New_York"))
        #expect(try DatePattern("yyyy-MM-dd'T'HH:mm").parse("2025-07-02T12:30", timeZone: ny, dateOnly: false) == "2025-07-02T12:30:00-04:00")
        #expect(try DatePattern("yyyy-MM-dd HH:mm").parse("2025-01-02 12:30", timeZone: ny, dateOnly: false) == "2025-01-02T12:30:00-05:00")
        #expect(throws: DatePatternError.self) { try DatePattern("yyyy.MM.dd HH:mm QQQ") }
    }

    @Test func numbersComeOutOfText() {
        #expect(Transform.firstNumber(in: "27.7℃") == "27.7")
        #expect(Transform.firstNumber(in: "영하 -3.0도") == "-3")
        #expect(Transform.firstNumber(in: "1,234.5원") == "1234.5")
        #expect(Transform.firstNumber(in: "없음") == nil)
    }

    @Test func collapseFoldsEveryKindOfSpace() {
        #expect(Transform.collapseWhitespace("\n\t\u{A0} 국가대표AI에\u{A0}돌아갈\n  컴퓨팅\u{A0}") == "국가대표AI에 돌아갈 컴퓨팅")
    }
}
