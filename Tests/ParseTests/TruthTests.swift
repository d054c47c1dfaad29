import Foundation
import GleanerModel
import GleanerParse
import TestSupport
import Testing

/// The TV서울 records against the hand-written ground truth in `Parsers/tvseoul/truth/`
/// (typed from the seed, not produced by any parser), so the goldens cannot drift from it.
struct TruthTests {
    let truth = Repo.tvseoul.appendingPathComponent("truth")

    private func object(_ name: String) throws -> [String: Any] {
        try #require(try Repo.json(truth.appendingPathComponent(name)) as? [String: Any])
    }

    @Test(arguments: ["article_62031", "article_64466", "article_64483"])
    func articleMatchesTruth(_ name: String) throws {
        let t = try object("\(name).json")
        let result = try Repo.parseFixture("\(name).html")
        let articles = result.records.filter { $0.type == .article }
        #expect(articles.count == 1)
        let r = try #require(articles.first)
        let a = try #require(r.article)
        #expect(r.id == t["no"] as? String)
        #expect(r.url == t["url"] as? String)
        #expect(a.section == t["section"] as? String)
        #expect(a.title == t["title"] as? String)
        #expect(a.subtitle == t["subtitle"] as? String)
        if t["subtitle"] is NSNull { #expect(a.subtitle == nil) }
        #expect(a.authors == [t["reporter"] as? String].compactMap { $0 })
        #expect(a.publishedAt == t["published_at"] as? String)
        let body = try #require(t["body"] as? [String])
        #expect(a.body.count == body.count)
        for (i, (got, want)) in zip(a.body, body).enumerated() {
            // Verbatim, U+00A0 included: no folding on either side.
            #expect(Array(got.unicodeScalars) == Array(want.unicodeScalars), "paragraph \(i + 1)")
        }
    }

    @Test func seedArticleKeepsTheTwoNoBreakSpacesOfItsByline() throws {
        let a = try #require(try Repo.parseFixture("article_62031.html").records.first?.article)
        #expect(a.body.count == 13)
        #expect(a.body[0].hasPrefix("[TV서울=이천용\u{00A0}기자]\u{00A0}인공지능"))
    }

    @Test(arguments: ["article_62031.html", "index.html"])
    func weatherMatchesTruth(_ fixture: String) throws {
        let truth = try #require(try Repo.json(truth.appendingPathComponent("weather.json")) as? [[String: Any]])
        let weather = try Repo.parseFixture(fixture).records.compactMap { r in r.weather.map { (r.id, $0) } }
        #expect(weather.count == 16)
        #expect(truth.count == 16)
        for ((id, w), t) in zip(weather, truth) {
            #expect(w.date == t["date"] as? String)
            #expect(w.location == t["city"] as? String)
            #expect(w.condition == t["condition"] as? String)
            #expect(w.temperatureC == (t["temperature_c"] as? NSNumber)?.doubleValue)
            #expect(w.provider == t["provider"] as? String)
            #expect(w.conditionCode != nil, "no condition_code for \(w.condition)")
            #expect(id == "\(w.date)/\(w.location)")
        }
    }

    @Test func conditionCodesFollowTheKMANames() throws {
        let codes = Dictionary(try Repo.parseFixture("index.html").records.compactMap { $0.weather }
            .map { ($0.condition, $0.conditionCode ?? "") }, uniquingKeysWith: { a, _ in a })
        #expect(codes == ["구름많음": "mostly_cloudy", "흐림": "cloudy", "구름조금": "partly_cloudy", "맑음": "clear", "연무": "haze"])
    }

    @Test func seedPageTeasersAreTheTwoOfTheTruthOnceEach() throws {
        let truth = try #require(try Repo.json(truth.appendingPathComponent("teasers.json")) as? [[String: Any]])
        let result = try Repo.parseFixture("article_62031.html")
        let teasers = result.records.compactMap { r in r.teaser.map { (r.id, $0) } }
        #expect(teasers.count == truth.count)
        for ((id, t), want) in zip(teasers, truth) {
            let url = try #require(want["url"] as? String)
            #expect(t.title == want["title"] as? String)
            #expect(t.targetURL == url)
            #expect(t.authors == [want["reporter"] as? String].compactMap { $0 })
            #expect(t.lead == want["lead"] as? String)
            #expect(t.lead?.count == 600)
            #expect(t.box == "related")
            #expect(id == "related:" + url.split(separator: "=").last!)
        }
    }

    @Test(arguments: ["section_politics_p1", "section_politics_p2"])
    func sectionListMatchesTruth(_ name: String) throws {
        let t = try object("\(name).json")
        let result = try Repo.parseFixture("\(name).html")
        #expect(result.pageKind == "section")
        let teasers = result.records.compactMap { r in r.teaser.map { (r.id, $0) } }
        let truth = try #require(t["teasers"] as? [[String: Any]])
        #expect(teasers.count == 15)
        #expect(teasers.count == truth.count)
        for ((id, got), want) in zip(teasers, truth) {
            #expect(id == "section:\(want["no"] as? String ?? "")")
            #expect(got.targetURL == want["url"] as? String)
            #expect(got.title == want["title"] as? String)
            #expect(got.authors == [want["reporter"] as? String].compactMap { $0 })
            #expect(got.publishedAt == want["published_at"] as? String)
            #expect(got.lead == want["lead"] as? String)
            #expect(got.box == "section")
        }
        let linkURLs = Set(result.links.map(\.url))
        for p in try #require(t["pagination_urls"] as? [String]) {
            #expect(result.links.contains(DiscoveredLink(url: p, pageKind: "section")), "pagination link \(p)")
        }
        for w in truth { #expect(linkURLs.contains(w["url"] as? String ?? ""), "article link \(w["url"] ?? "")") }
        #expect(result.canonicalURL == t["url"] as? String)
    }

    @Test func homePageYieldsItsTwentyMainArticlesAndLinksTheSidebarOnes() throws {
        let t = try object("index.json")
        let result = try Repo.parseFixture("index.html")
        #expect(result.pageKind == "home")
        let main = try #require(t["main_teasers"] as? [[String: Any]])
        let teasers = result.records.compactMap(\.teaser)
        #expect(teasers.count == 20)
        let byURL = Dictionary(teasers.map { ($0.targetURL, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(Set(byURL.keys) == Set(main.compactMap { $0["url"] as? String }))
        for m in main {
            #expect(byURL[m["url"] as? String ?? ""]?.title == m["title"] as? String)
        }
        let articleLinks = Set(result.links.filter { $0.pageKind == "article" }.map(\.url))
        for a in try #require(t["aside_only_article_links"] as? [[String: Any]]) {
            #expect(articleLinks.contains(a["url"] as? String ?? ""), "sidebar link \(a["url"] ?? "")")
        }
        #expect(articleLinks.isSuperset(of: byURL.keys))
    }

    /// The commented-out teaser (no 60584), script URLs and robots-disallowed endpoints never
    /// become records or links, on any page.
    @Test(arguments: ["article_62031.html", "article_64466.html", "article_64483.html", "index.html",
                      "section_politics_p1.html", "section_politics_p2.html"])
    func noHiddenOrForbiddenURLsAreFollowed(_ fixture: String) throws {
        let result = try Repo.parseFixture(fixture)
        let lines = result.records.map(\.jsonString).joined(separator: "\n")
        #expect(!lines.contains("60584"))
        for l in result.links {
            #expect(!l.url.contains("60584"))
            for bad in ["print.html", "ajax_", "search.html", "/member/", "/admin/", "/banner/", "&sec=", "#"] {
                #expect(!l.url.contains(bad), "followed \(l.url)")
            }
            #expect(l.url.hasPrefix("http://www.tvseoul.kr/news/"), "unexpected link \(l.url)")
        }
    }
}
