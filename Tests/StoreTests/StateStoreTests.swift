import Foundation
import GleanerModel
import GleanerOutput
import GleanerStore
import TestSupport
import Testing

@Suite struct StateStoreTests {
    @Test func validatorsAreKeptAcrossA304() throws {
        let w = try Workspace()
        let store = try w.store()
        let p = try w.pipeline(store)
        let url = "http://www.tvseoul.kr/news/article.html?no=3"
        var first = page(url, records: [article(3, title: "t")], etag: "\"abc\"")
        first.lastModified = "Wed, 02 Jul 2025 03:00:00 GMT"
        try p.commit([first])
        #expect(try store.validators(for: url) == Validators(etag: "\"abc\"", lastModified: "Wed, 02 Jul 2025 03:00:00 GMT"))
        try p.commit([PageResult(url: url, fetchedAt: at0 + 60, status: 304)])
        let state = try #require(try store.urlState(url))
        #expect(state.status == 304)
        #expect(state.etag == "\"abc\"")
        #expect(state.fetchedAt == at0 + 60)
        #expect(state.firstSeen == at0)
        // A 200 without validators clears them: sending a stale ETag would be wrong.
        try p.commit([PageResult(url: url, fetchedAt: at0 + 120, status: 200)])
        #expect(try store.validators(for: url) == nil)
        #expect(try store.validators(for: "http://www.tvseoul.kr/never") == nil)
    }

    /// What the crawl asks for a page's new article links: when each known one was first seen and
    /// last fetched, in one read; unknown URLs (and a quote in a URL) are simply absent.
    @Test func fetchTimesOfManyURLsComeBackForTheKnownOnes() throws {
        let w = try Workspace()
        let store = try w.store()
        let p = try w.pipeline(store)
        let a = "http://www.tvseoul.kr/news/article.html?no=1", b = "http://www.tvseoul.kr/news/article.html?no=\"2\""
        try p.commit([PageResult(url: a, fetchedAt: at0, status: 200), PageResult(url: b, fetchedAt: at0 + 5, status: 200)])
        try p.commit([PageResult(url: a, fetchedAt: at0 + 60, status: 304)])
        let times = try store.fetchTimes([a, "http://www.tvseoul.kr/never", b, a])
        #expect(times.count == 2)
        #expect(times[a]?.firstSeen == at0)
        #expect(times[a]?.fetchedAt == at0 + 60)
        #expect(times[b]?.fetchedAt == at0 + 5)
        #expect(try store.fetchTimes([]).isEmpty)
    }

    @Test func sourceScheduleAndCountersPersist() async throws {
        let w = try Workspace()
        do {
            let store = try w.store()
            let p = try w.pipeline(store)
            try await p.commit([page("http://www.tvseoul.kr/", source: "home", records: [weather("서울", 20), weather("부산", 21)]),
                          page("http://www.tvseoul.kr/news/article.html?no=1", source: "home", records: [article(1, title: "x")])])
            try await p.commit([page("http://www.tvseoul.kr/", source: "home", records: [weather("서울", 20)])])
            try await store.updateSource("home", lastRunAt: at0, outcome: "ok", nextRunAt: at0 + 600, consecutiveFailures: 0)
            try await store.updateSource("home", lastRunAt: at0 + 600, outcome: "http 503", nextRunAt: at0 + 1800,
                                         consecutiveFailures: 1)
        }
        let reopened = try w.store()
        let s = try #require(try await reopened.sourceState("home"))
        #expect(s.lastOutcome == "http 503")
        #expect(s.consecutiveFailures == 1)
        #expect(s.nextRunAt == at0 + 1800)
        #expect(s.pagesFetched == 3)
        #expect(s.emitted == [.weather: 2, .article: 1])
        #expect(s.unchanged == 1)
        #expect(try await reopened.firstSeen(RecordKey(site: "tvseoul", type: .article, id: "1")) == at0)
        #expect(try await reopened.firstSeen(RecordKey(site: "tvseoul", type: .article, id: "2")) == nil)
    }

    @Test func pruningRemovesOnlyWhatIsPastRetention() throws {
        let w = try Workspace()
        let store = try w.store()
        let p = try w.pipeline(store)
        let day: TimeInterval = 86400
        let old = at0, recent = at0 + 80 * day, now = at0 + 100 * day
        try p.commit([page("http://www.tvseoul.kr/news/article.html?no=1", at: old, records: [article(1, title: "old", at: old)]),
                      page("http://www.tvseoul.kr/news/article.html?no=2", at: old, records: [article(2, title: "seen again", at: old)])])
        // Article 2 is seen again (unchanged) later: it must survive.
        w.clock.set(recent)
        try p.commit([page("http://www.tvseoul.kr/news/article.html?no=2", at: recent, records: [article(2, title: "seen again", at: recent)]),
                      page("http://www.tvseoul.kr/news/article.html?no=3", at: recent, records: [article(3, title: "new", at: recent)])])
        let removed = try store.prune(olderThan: now - StateStore.defaultRetention)
        #expect(removed == PruneSummary(urls: 1, records: 1))
        #expect(try store.recordState(RecordKey(site: "tvseoul", type: .article, id: "1")) == nil)
        #expect(try store.recordState(RecordKey(site: "tvseoul", type: .article, id: "2"))?.revision == 1)
        #expect(try store.urlState("http://www.tvseoul.kr/news/article.html?no=1") == nil)
        #expect(try store.urlState("http://www.tvseoul.kr/news/article.html?no=3") != nil)
        // Forgotten content counts as new again: revision 1 once more.
        let s = try p.commit([page("http://www.tvseoul.kr/news/article.html?no=1", at: now, records: [article(1, title: "old", at: now)])])
        #expect(s.emitted == [.article: 1])
    }

    @Test func aListPagesLinksSurviveAReopenAndGoWithItsURLWhenPruned() async throws {
        let w = try Workspace()
        let list = "http://www.tvseoul.kr/news/section_list_all.html?sec_no=11"
        let links = [StoredLink(url: "http://www.tvseoul.kr/news/article.html?no=1", pageKind: "article"),
                     StoredLink(url: "http://www.tvseoul.kr/news/section_list_all.html?sec_no=11&page=2", pageKind: "section")]
        do {
            let store = try w.store()
            try await w.pipeline(store).commit([page(list, at: at0, records: [])])
            #expect(try store.lookup(list, withLinks: true).links == nil)
            try await store.saveLinks([(list, links)])
        }
        let store = try w.store()
        #expect(try store.lookup(list, withLinks: true).links == links)
        try await store.saveLinks([(list, Array(links.prefix(1)))])
        #expect(try store.lookup(list, withLinks: true).links == Array(links.prefix(1)))
        try await store.prune(olderThan: at0 + 1)
        #expect(try store.lookup(list, withLinks: true).links == nil)
    }

    /// A list page's lookup is answered from memory after the first read; every commit, link
    /// save and prune must leave it equal to what the database itself says.
    @Test func aListPagesLookupAgreesWithTheDatabaseAcrossCommits() async throws {
        let w = try Workspace()
        let store = try w.store()
        let p = try w.pipeline(store)
        let list = "http://www.tvseoul.kr/news/section_list_all.html?sec_no=11"
        let links = [StoredLink(url: "http://www.tvseoul.kr/news/article.html?no=1", pageKind: "article"),
                     StoredLink(url: "http://www.tvseoul.kr/news/article.html?no=2", pageKind: "article")]
        let reader = try StateStore.openReadOnly(path: w.dbPath)  // reads the file every time
        func agrees(_ expected: PageLookup, _ note: Comment) throws {
            #expect(try store.lookup(list, withLinks: true) == expected, note)
            #expect(try reader.lookup(list, withLinks: true) == expected, note)
        }
        try agrees(PageLookup(), "never fetched")
        try await p.commit([PageResult(url: list, fetchedAt: at0, status: 200, etag: "\"a\"", lastModified: "Wed, 02 Jul 2025 03:00:00 GMT")])
        try await store.saveLinks([(list, links)])
        let both = Validators(etag: "\"a\"", lastModified: "Wed, 02 Jul 2025 03:00:00 GMT")
        try agrees(PageLookup(validators: both, links: links), "first fetch")
        try await p.commit([PageResult(url: list, fetchedAt: at0 + 60, status: 304)])
        try agrees(PageLookup(validators: both, links: links), "a bare 304 keeps both validators")
        try await p.commit([PageResult(url: list, fetchedAt: at0 + 120, status: 304, etag: "\"b\"")])
        try agrees(PageLookup(validators: Validators(etag: "\"b\"", lastModified: both.lastModified), links: links),
                   "a 304 with a new ETag replaces only the ETag")
        try await store.saveLinks([(list, Array(links.prefix(1)))])
        try agrees(PageLookup(validators: Validators(etag: "\"b\"", lastModified: both.lastModified), links: Array(links.prefix(1))),
                   "new links replace the old")
        try await p.commit([PageResult(url: list, fetchedAt: at0 + 180, status: 200, lastModified: "Thu, 03 Jul 2025 03:00:00 GMT")])
        try agrees(PageLookup(validators: Validators(etag: nil, lastModified: "Thu, 03 Jul 2025 03:00:00 GMT"), links: Array(links.prefix(1))),
                   "a 200 replaces both validators, dropping the ETag it lacks")
        try await p.commit([PageResult(url: list, fetchedAt: at0 + 240, status: 200)])
        try agrees(PageLookup(validators: nil, links: Array(links.prefix(1))), "a 200 without validators leaves none")
        try await store.prune(olderThan: at0 + 241)
        try agrees(PageLookup(), "pruned")
    }

    /// A run reads its seeds' lookups in one statement; what it keeps must answer as the
    /// database does, for a page with links, one with validators only, and one never fetched,
    /// also after a commit that lands after the prefetch.
    @Test func prefetchedListPagesAnswerAsTheDatabaseDoes() async throws {
        let w = try Workspace()
        let store = try w.store()
        let p = try w.pipeline(store)
        let list = "http://www.tvseoul.kr/news/section_list_all.html?sec_no=11"
        let bare = "http://www.tvseoul.kr/news/section_list_all.html?sec_no=12"
        let never = "http://www.tvseoul.kr/news/section_list_all.html?sec_no=13"
        let links = [StoredLink(url: "http://www.tvseoul.kr/news/article.html?no=1", pageKind: "article")]
        try await p.commit([PageResult(url: list, fetchedAt: at0, status: 200, etag: "\"a\""),
                            PageResult(url: bare, fetchedAt: at0, status: 200, lastModified: "Wed, 02 Jul 2025 03:00:00 GMT")])
        try await store.saveLinks([(list, links)])
        let fresh = try StateStore(path: w.dbPath)  // a new process: nothing in memory yet
        let reader = try StateStore.openReadOnly(path: w.dbPath)
        try fresh.prefetchListPages([list, bare, never]) { $0 != bare }  // `bare` is not asked for
        for url in [list, bare, never] {
            #expect(try fresh.lookup(url, withLinks: true) == reader.lookup(url, withLinks: true), "\(url)")
        }
        #expect(try fresh.lookup(list, withLinks: true) == PageLookup(validators: Validators(etag: "\"a\"", lastModified: nil), links: links))
        #expect(try fresh.lookup(never, withLinks: true) == PageLookup())
        var commit = StoreCommit()
        commit.fetches = [.init(url: list, source: nil, fetchedAt: at0 + 60, status: 304, etag: "\"b\"", lastModified: nil,
                                contentHash: nil)]
        try fresh.apply(commit)
        #expect(try fresh.lookup(list, withLinks: true) == reader.lookup(list, withLinks: true))
        #expect(try fresh.lookup(list, withLinks: true).validators?.etag == "\"b\"")
    }

    /// Article links' fetch times are answered from memory after the first read; every commit
    /// (a 304, a 200, a URL first fetched) and a prune must leave them equal to
    /// what the database itself says.
    @Test func fetchTimesAgreeWithTheDatabaseAcrossCommits() async throws {
        let w = try Workspace()
        let store = try w.store()
        let p = try w.pipeline(store)
        let a = "http://www.tvseoul.kr/news/article.html?no=1", b = "http://www.tvseoul.kr/news/article.html?no=2"
        let never = "http://www.tvseoul.kr/news/article.html?no=3"
        let reader = try StateStore.openReadOnly(path: w.dbPath)  // reads the file every time
        func agrees(_ expected: [String: (Date, Date)], _ note: Comment) throws {
            for s in [store, reader] {
                let times = try s.fetchTimes([a, b, never])
                #expect(times.count == expected.count, note)
                for (url, (firstSeen, fetchedAt)) in expected {
                    #expect(times[url]?.firstSeen == firstSeen, note)
                    #expect(times[url]?.fetchedAt == fetchedAt, note)
                }
            }
        }
        try agrees([:], "never fetched")
        try await p.commit([PageResult(url: a, fetchedAt: at0, status: 200)])
        try agrees([a: (at0, at0)], "a fetched once")
        try await p.commit([PageResult(url: a, fetchedAt: at0 + 60, status: 304)])
        try agrees([a: (at0, at0 + 60)], "a 304 moves the fetch time, not the first sight")
        try await p.commit([PageResult(url: b, fetchedAt: at0 + 90, status: 200), PageResult(url: a, fetchedAt: at0 + 120, status: 200)])
        try agrees([a: (at0, at0 + 120), b: (at0 + 90, at0 + 90)], "a 200, and a URL first fetched after its absence was read")
        try await store.prune(olderThan: at0 + 100)
        try agrees([a: (at0, at0 + 120)], "b pruned (last seen before the cutoff)")
    }

    @Test func readOnlyOpenSeesCommitsWhileTheWriterIsOpen() throws {
        let w = try Workspace()
        let store = try w.store()
        let p = try w.pipeline(store)
        try p.commit([page("http://www.tvseoul.kr/", records: [weather("서울", 20)])])
        let reader = try StateStore.openReadOnly(path: w.dbPath)
        #expect(try reader.recordCount() == 1)
        try p.commit([page("http://www.tvseoul.kr/", records: [weather("서울", 21), weather("부산", 22)])])
        #expect(try reader.recordCount() == 2)
        #expect(throws: StoreError.self) { try reader.setMeta("x", "y") }
        try store.checkpoint()
        let wal = (try? FileManager.default.attributesOfItem(atPath: w.dbPath + "-wal"))?[.size] as? Int
        #expect(wal == nil || wal == 0)
        #expect(try reader.recordCount() == 2)
        #expect(throws: StoreError.self) { try StateStore.openReadOnly(path: w.temp.path + "/missing.sqlite") }
    }
}
