import Foundation
import GleanerModel
import GleanerOutput
import GleanerStore
import Testing

@Suite struct RotationTests {
    @Test func filesAreSealedWhenTheirHourEnds() throws {
        let w = try Workspace()
        let store = try w.store()
        let p = try w.pipeline(store)
        try p.commit([page("http://www.tvseoul.kr/", records: [weather("서울", 20)])])
        w.clock.set(at0 + 1800)
        try p.commit([page("http://www.tvseoul.kr/", at: at0 + 1800, records: [weather("서울", 21, at: at0 + 1800)])])
        #expect(w.files() == ["weather/weather-2025-07-02T03.jsonl.open"])
        // A quiet hour: the daemon's timer seals the file without a new commit.
        try p.rotateIfDue(now: at0 + 3600)
        #expect(w.files() == ["weather/weather-2025-07-02T03.jsonl", "weather/weather-2025-07-02T03.jsonl.manifest.json"])
        w.clock.set(at0 + 3700)
        try p.commit([page("http://www.tvseoul.kr/", at: at0 + 3700, records: [weather("서울", 22, at: at0 + 3700)])])
        #expect(w.files().contains("weather/weather-2025-07-02T04.jsonl.open"))
        let (ok, manifest) = try checkManifest(w.outPath + "/weather/weather-2025-07-02T03.jsonl")
        #expect(ok)
        #expect(manifest["records"] as? Int == 2)
        #expect(manifest["first_fetched_at"] as? String == "2025-07-02T03:00:00Z")
        #expect(manifest["last_fetched_at"] as? String == "2025-07-02T03:30:00Z")
        #expect(try store.outputFile(path: "weather/weather-2025-07-02T03.jsonl")?.state == .sealed)
    }

    @Test func dailyRotationNamesFilesByDay() throws {
        let w = try Workspace()
        let p = try w.pipeline(try w.store(), settings: OutputSettings(rotation: .day))
        try p.commit([page("http://www.tvseoul.kr/", records: [weather("서울", 20)])])
        w.clock.set(at0 + 20 * 3600)  // 2025-07-02T23:00Z, same UTC day
        try p.commit([page("http://www.tvseoul.kr/", at: w.clock.now, records: [weather("서울", 21, at: w.clock.now)])])
        #expect(w.files() == ["weather/weather-2025-07-02.jsonl.open"])
        w.clock.set(at0 + 22 * 3600)
        try p.commit([page("http://www.tvseoul.kr/", at: w.clock.now, records: [weather("서울", 22, at: w.clock.now)])])
        #expect(w.files() == ["weather/weather-2025-07-02.jsonl", "weather/weather-2025-07-02.jsonl.manifest.json",
                              "weather/weather-2025-07-03.jsonl.open"])
    }

    @Test func aFileIsSealedBeforeABatchWouldPassTheSizeLimit() throws {
        let w = try Workspace()
        let p = try w.pipeline(try w.store(), settings: OutputSettings(rotation: .hour, maxFileBytes: 1500))
        for no in 0..<12 {
            try p.commit([page("http://www.tvseoul.kr/news/article.html?no=\(no)", records: [article(no, title: "기사 \(no)")])])
        }
        try p.sealAll()
        let sealed = w.files().filter { $0.hasSuffix(".jsonl") }
        #expect(sealed.count > 2)
        #expect(sealed.first == "article/article-2025-07-02T03.jsonl")
        #expect(sealed.dropFirst().first == "article/article-2025-07-02T03_002.jsonl")
        #expect(!w.files().contains { $0.hasSuffix(".open") })
        var ids: [String] = []
        for f in sealed {
            let size = try #require(try FileManager.default.attributesOfItem(atPath: w.outPath + "/" + f)[.size] as? Int)
            #expect(size <= 1500)
            #expect(try checkManifest(w.outPath + "/" + f).ok)
            ids += try w.lines(f).map { try Record(jsonLine: $0).id }
        }
        #expect(ids == (0..<12).map(String.init))
    }

    @Test func sealedFilesAreReadableByJq() throws {
        let w = try Workspace()
        let p = try w.pipeline(try w.store())
        let tricky = article(5, title: "따옴표 \"인용\" 역슬래시 \\ 탭\t줄\n바꿈 \u{01}")
        try p.commit([page("http://www.tvseoul.kr/news/article.html?no=5", records: [tricky, article(6, title: "보통")]),
                      page("http://www.tvseoul.kr/", records: [weather("서울", -3.5)])])
        try p.sealAll()
        let file = w.outPath + "/article/article-2025-07-02T03.jsonl"
        let (status, out) = try run("/usr/bin/jq", ["-r", ".title", file])
        #expect(status == 0)
        #expect(out == "따옴표 \"인용\" 역슬래시 \\ 탭\t줄\n바꿈 \u{01}\n보통\n")
        let (_, temp) = try run("/usr/bin/jq", ["-c", "[.type, .revision, .temperature_c]", w.outPath + "/weather/weather-2025-07-02T03.jsonl"])
        #expect(temp == "[\"weather\",1,-3.5]\n")
        // And by a JSON parser, line by line.
        #expect(try w.lines("article/article-2025-07-02T03.jsonl").map { try Record(jsonLine: $0) } == [tricky, article(6, title: "보통")])
    }
}
