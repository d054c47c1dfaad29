import Foundation
import GleanerModel
import GleanerOutput
import GleanerStore
import TestSupport
import Testing

@Suite struct RecoveryTests {
    @Test func bytesPastTheCommittedOffsetAreCutOnStart() throws {
        let w = try Workspace()
        do {
            let p = try w.pipeline(try w.store())
            try p.commit([page("http://www.tvseoul.kr/news/article.html?no=1", records: [article(1, title: "a")])])
        }
        // A batch that was written but never committed, ending in a torn line.
        let path = w.outPath + "/article/article-2025-07-02T03.jsonl.open"
        let committed = try Data(contentsOf: URL(fileURLWithPath: path))
        let h = try #require(FileHandle(forWritingAtPath: path))
        try h.seekToEnd()
        try h.write(contentsOf: Data(article(2, title: "b").jsonLine() + Array(#"{"type":"article","si"#.utf8)))
        try h.close()
        // And a file created by a batch that never committed at all.
        try Data("{\"type\":\"teaser\"".utf8).write(to: URL(fileURLWithPath: w.outPath + "/article/article-2025-07-02T03_002.jsonl.open"))

        let store = try w.store()
        let p = try w.pipeline(store)  // recovers
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == committed)
        #expect(w.files() == ["article/article-2025-07-02T03.jsonl.open"])
        // The page never committed, so it is fetched again and emitted exactly once.
        try p.commit([page("http://www.tvseoul.kr/news/article.html?no=2", records: [article(2, title: "b")])])
        #expect(try w.records(.article).map(\.id) == ["1", "2"])
    }

    @Test func anOpenFileWhosePeriodIsOverIsSealedOnStart() throws {
        let w = try Workspace()
        do {
            let p = try w.pipeline(try w.store())
            try p.commit([page("http://www.tvseoul.kr/", records: [weather("서울", 20)])])
        }
        w.clock.set(at0 + 2 * 3600)  // the daemon was down for two hours
        _ = try w.pipeline(try w.store())
        #expect(w.files() == ["weather/weather-2025-07-02T03.jsonl", "weather/weather-2025-07-02T03.jsonl.manifest.json"])
        #expect(try checkManifest(w.outPath + "/weather/weather-2025-07-02T03.jsonl").ok)
    }

    @Test func aSealInterruptedAfterTheRenameIsFinishedOnStart() throws {
        let w = try Workspace()
        do {
            let p = try w.pipeline(try w.store())
            try p.commit([page("http://www.tvseoul.kr/", records: [weather("서울", 20), weather("부산", 21)])])
        }
        // The rename happened, the manifest and the store update did not; and the last batch's
        // commit was lost (power loss with synchronous=NORMAL), so the file holds one line too many.
        let base = w.outPath + "/weather/weather-2025-07-02T03.jsonl"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: base + ".open"))
        bytes.append(contentsOf: weather("대전", 23).jsonLine())
        try bytes.write(to: URL(fileURLWithPath: base))
        try FileManager.default.removeItem(atPath: base + ".open")

        let store = try w.store()
        _ = try w.pipeline(store)
        #expect(w.files() == ["weather/weather-2025-07-02T03.jsonl", "weather/weather-2025-07-02T03.jsonl.manifest.json"])
        #expect(try w.lines("weather/weather-2025-07-02T03.jsonl").map { try Record(jsonLine: $0).id }
                == ["2025-07-02/서울", "2025-07-02/부산"])
        #expect(try checkManifest(base).ok)
        #expect(try store.outputFile(path: "weather/weather-2025-07-02T03.jsonl")?.state == .sealed)
    }
}
