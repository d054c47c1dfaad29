import Foundation
import GleanerModel
import GleanerOutput
import GleanerStore
import TestSupport
import Testing

@Suite struct DedupTests {
    @Test func feedingTheSamePagesTwiceEmitsNothingNew() throws {
        let w = try Workspace()
        let store = try w.store()
        let p = try w.pipeline(store)
        let pages = [page("http://www.tvseoul.kr/news/article.html?no=1", records: [article(1, title: "가")]),
                     page("http://www.tvseoul.kr/", records: [weather("서울", 27.5), weather("부산", 29.1)])]
        let first = try p.commit(pages)
        #expect(first.emitted == [.article: 1, .weather: 2])
        // Later fetch of the same content, from another URL variant: same identity, same content.
        var again = pages
        again[0].records[0].url = "http://tvseoul.kr/news/article.html?no=1&sc=x"
        again[0].records[0].fetchedAt += 3600
        let second = try p.commit(again)
        #expect(second.emittedTotal == 0)
        #expect(second.unchanged == 3)
        #expect(try w.records(.article).count == 1)
        #expect(try w.records(.weather).count == 2)
    }

    @Test func changedContentEmitsTheNextRevision() throws {
        let w = try Workspace()
        let store = try w.store()
        let p = try w.pipeline(store)
        let url = "http://www.tvseoul.kr/news/article.html?no=7"
        try p.commit([page(url, records: [article(7, title: "초판")])])
        try p.commit([page(url, at: at0 + 3600, records: [article(7, title: "수정판", at: at0 + 3600)])])
        try p.commit([page(url, at: at0 + 7200, records: [article(7, title: "수정판", at: at0 + 7200)])])  // unchanged
        try p.commit([page(url, at: at0 + 9000, records: [article(7, title: "재수정", at: at0 + 9000)])])
        let lines = try w.records(.article)
        #expect(lines.map(\.revision) == [1, 2, 3])
        if case .article(let a) = lines[1].body { #expect(a.title == "수정판") } else { Issue.record("not an article") }
        let state = try #require(try store.recordState(RecordKey(site: "tvseoul", type: .article, id: "7")))
        #expect(state.revision == 3)
        #expect(state.firstSeen == at0)
        #expect(state.lastSeen == at0 + 9000)
    }

    @Test func weatherThroughTheDayIsASeriesOfRevisions() throws {
        let w = try Workspace()
        let p = try w.pipeline(try w.store())
        for (i, t) in [24.0, 24.0, 25.5, 27.0, 27.0].enumerated() {
            let at = at0 + Double(i) * 600
            try p.commit([page("http://www.tvseoul.kr/", at: at, records: [weather("서울", t, at: at)])])
        }
        let series = try w.records(.weather)
        #expect(series.map(\.revision) == [1, 2, 3])
        let temperatures: [Double] = series.compactMap { if case .weather(let o) = $0.body { o.temperatureC } else { nil } }
        #expect(temperatures == [24.0, 25.5, 27.0])
    }

    @Test func aRecordTwiceInOneBatchIsEmittedOnce() throws {
        let w = try Workspace()
        let p = try w.pipeline(try w.store())
        // Every page repeats the same weather widget; the article changes within the batch.
        let s = try p.commit([
            page("http://www.tvseoul.kr/news/article.html?no=1", records: [weather("서울", 25), article(1, title: "a")]),
            page("http://www.tvseoul.kr/news/article.html?no=2", records: [weather("서울", 25), article(1, title: "a")]),
            page("http://www.tvseoul.kr/news/article.html?no=3", records: [weather("서울", 25), article(1, title: "b")]),
        ])
        #expect(s.emitted == [.weather: 1, .article: 2])
        #expect(s.unchanged == 3)
        #expect(try w.records(.weather).map(\.revision) == [1])
        #expect(try w.records(.article).map(\.revision) == [1, 2])
    }

    /// The batch's identities reach SQLite as one JSON list: ids with quotes, backslashes,
    /// control characters and Korean must still find their stored state.
    @Test func identitiesThatNeedEscapingAreRecognisedAgain() throws {
        let w = try Workspace()
        let store = try w.store()
        let p = try w.pipeline(store)
        let ids = [#"a"b"#, #"back\slash"#, "tab\there", "2025-07-02/동두천", "[\"x\",1]", "plain"]
        let pages = ids.enumerated().map { i, id in
            page("http://www.tvseoul.kr/?no=\(i)", records: [
                Record(site: "tvseoul", id: id, url: "http://www.tvseoul.kr/?no=\(i)", fetchedAt: at0,
                       body: .article(Article(title: "t\(i)"))),
            ])
        }
        #expect(try p.commit(pages).emitted == [.article: ids.count])
        let again = try p.commit(pages)
        #expect(again.emittedTotal == 0)
        #expect(again.unchanged == ids.count)
        let states = try store.recordStates(ids.map { RecordKey(site: "tvseoul", type: .article, id: $0) })
        #expect(Set(states.keys.map(\.id)) == Set(ids))
        #expect(states.values.allSatisfy { $0.revision == 1 })
    }

    @Test func rejectsGoToTheirOwnFileWithTheReason() throws {
        let w = try Workspace()
        let p = try w.pipeline(try w.store())
        let reject = RejectedRecord(site: "tvseoul", pageKind: "article", type: .article, field: "title",
                                    url: "http://www.tvseoul.kr/news/article.html?no=9", reason: "no match for XPath", fetchedAt: at0)
        let s = try p.commit([page(reject.url, records: [], rejects: [reject])])
        #expect(s.rejected == 1)
        #expect(w.files() == ["rejects/rejects-2025-07-02T03.jsonl.open"])
        let line = try #require(try w.lines("rejects/rejects-2025-07-02T03.jsonl.open").first)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
        #expect(obj["field"] as? String == "title")
        #expect(obj["reason"] as? String == "no match for XPath")
        #expect(obj["url"] as? String == reject.url)
    }
}
