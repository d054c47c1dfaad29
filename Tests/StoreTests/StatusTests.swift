import Foundation
import GleanerModel
import GleanerOutput
import GleanerStore
import TestSupport
import Testing

@Suite struct StatusTests {
    /// A store with two sources, some revisions, a sealed and an open file.
    func populated() throws -> Workspace {
        let w = try Workspace()
        let store = try w.store()
        let p = try w.pipeline(store)
        let reject = RejectedRecord(site: "tvseoul", pageKind: "article", type: .article, field: "title",
                                    url: "http://www.tvseoul.kr/news/article.html?no=9", reason: "empty", fetchedAt: at0)
        try p.commit([page("http://www.tvseoul.kr/", source: "home", records: [weather("서울", 20), weather("부산", 21)]),
                      page("http://www.tvseoul.kr/news/article.html?no=1", source: "articles", records: [article(1, title: "a")]),
                      page(reject.url, source: "articles", records: [], rejects: [reject])])
        w.clock.set(at0 + 3700)
        try p.commit([page("http://www.tvseoul.kr/", at: at0 + 3700, source: "home",
                           records: [weather("서울", 22, at: at0 + 3700), weather("부산", 21, at: at0 + 3700)])])
        try store.updateSource("home", lastRunAt: at0 + 3700, outcome: "ok", nextRunAt: at0 + 4300, consecutiveFailures: 0)
        try store.updateSource("articles", lastRunAt: at0, outcome: "http 503", nextRunAt: at0 + 7200, consecutiveFailures: 2)
        return w
    }

    @Test func statusShowsSourcesTotalsAndFiles() throws {
        let w = try populated()
        let writer = try w.store()  // the daemon still has the database open
        let report = try StateStore.openReadOnly(path: w.dbPath).statusReport()
        let text = report.text(now: at0 + 3900)
        let lines = text.split(separator: "\n").map(String.init)
        // Per source: last run, outcome, failures, next run, pages, records by type.
        let home = try #require(lines.first { $0.hasPrefix("  home") })
        #expect(home.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                == ["home", "3m", "ago", "ok", "0", "in", "6m", "2", "0", "3", "1", "0"], "columns: the types in the store (article, weather)")
        let articles = try #require(lines.first { $0.hasPrefix("  articles") })
        #expect(articles.contains("http 503"))
        #expect(articles.contains("in 55m"))
        #expect(lines.contains { $0.hasPrefix("  source") && $0.contains("article") && $0.contains("weather") })
        // Totals and files.
        #expect(text.contains("urls known  3"))
        #expect(text.contains("weather     2 ids, 3 records emitted"))
        #expect(lines.contains { $0.split(separator: " ").map(String.init) == ["weather", "1", "1", "3", "\(report.files.first { $0.stream == "weather" }!.bytes)", "B"] })
        #expect(text.contains("open: weather/weather-2025-07-02T04.jsonl.open  1 records"))
        #expect(text.contains("database  \(w.dbPath) ("))
        _ = writer
    }

    @Test func statusJSONCarriesTheSameNumbers() throws {
        let w = try populated()
        let json = try StateStore.openReadOnly(path: w.dbPath).statusReport().json()
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(obj["urls"] as? Int == 3)
        let sources = try #require(obj["sources"] as? [[String: Any]])
        let articles = try #require(sources.first { $0["name"] as? String == "articles" })
        #expect(articles["last_outcome"] as? String == "failed")
        #expect(articles["last_outcome_reason"] as? String == "http 503")
        #expect(articles["rejected"] as? Int == 1)
        #expect((articles["emitted"] as? [String: Int])?["article"] == 1)
        #expect(articles["next_run_at"] as? String == "2025-07-02T05:00:00Z")
    }

    @Test func theStatusCommandReadsADatabaseTheDaemonHasOpen() throws {
        let w = try populated()
        let writer = try w.store()
        let binary = try CrashTests.helper().replacingOccurrences(of: "gleaner-crashtest", with: "gleaner")
        let (status, out) = try run(binary, ["status", "--db", w.dbPath])
        #expect(status == 0)
        #expect(out.contains("SOURCES") && out.contains("http 503") && out.contains("on disk: 3 sealed, 1 open"))
        // No database yet is an answer, not a usage error.
        let (missing, said) = try run(binary, ["status", "--state-dir", w.temp.path + "/nowhere"])
        #expect(missing == 0)
        #expect(said.contains("no state yet at \(w.temp.path)/nowhere/state.sqlite: the daemon has not run"), "\(said)")
        _ = writer
    }
}
