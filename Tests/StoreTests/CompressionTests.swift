import Foundation
import GleanerModel
import GleanerOutput
import GleanerStore
import TestSupport
import Testing

/// `OutputSettings.compressSealed`: sealed files are published as `X.jsonl.gz`, checked here with
/// the `gzip`, `zcat`, `jq` and `sha256sum` tools rather than with gleaner's own zlib code.
@Suite struct CompressionTests {
    static let gzip = OutputSettings(compressSealed: true)

    /// The same pages through a plain and a gzip pipeline.
    static func pages() -> [PageResult] {
        let tricky = article(5, title: "따옴표 \"인용\" 역슬래시 \\ 탭\t줄\n바꿈 \u{01}")
        return [
            page("http://www.tvseoul.kr/news/article.html?no=5", records: [tricky, article(6, title: "보통")]),
            page("http://www.tvseoul.kr/", records: [weather("서울", -3.5), weather("부산", 21)],
                 rejects: [RejectedRecord(site: "tvseoul", pageKind: "section", type: .teaser, field: "title",
                                          url: "http://www.tvseoul.kr/", reason: "empty after trim", fetchedAt: at0)]),
        ]
    }

    @Test func sealedFilesAreGzipWithTheContentOfThePlainFiles() throws {
        let plain = try Workspace(), zipped = try Workspace()
        for (w, settings) in [(plain, OutputSettings()), (zipped, Self.gzip)] {
            let p = try w.pipeline(try w.store(), settings: settings)
            try p.commit(Self.pages())
            try p.sealAll()
        }
        let sealed = plain.files().filter { $0.hasSuffix(".jsonl") }
        #expect(sealed == ["article/article-2025-07-02T03.jsonl", "rejects/rejects-2025-07-02T03.jsonl",
                           "weather/weather-2025-07-02T03.jsonl"])
        // Only `.jsonl.gz` and its manifest: no plain `.jsonl`, no `.open`, no temp file left.
        #expect(zipped.files() == sealed.flatMap { [$0 + ".gz", $0 + ".gz.manifest.json"] })

        for name in sealed {
            let gz = zipped.outPath + "/" + name + ".gz", original = plain.outPath + "/" + name
            #expect(try run("/bin/sh", ["-c", "gzip -t \"$1\"", "sh", gz]).0 == 0, "gzip -t \(name).gz")
            #expect(try gunzip(gz) == Data(contentsOf: URL(fileURLWithPath: original)), "content of \(name).gz")
            let (zcatStatus, viaZcat) = try shell("zcat \"$1\" | jq -c .", gz)
            let (_, viaPlain) = try run("/usr/bin/jq", ["-c", ".", original])
            #expect(zcatStatus == 0 && !viaZcat.isEmpty && viaZcat == viaPlain)

            // The manifest describes the content exactly as the plain path does, plus the .gz itself.
            let (ok, manifest) = try checkManifest(gz)
            #expect(ok, "manifest of \(name).gz")
            let plainManifest = try checkManifest(original).manifest
            for key in ["records", "bytes", "sha256", "first_fetched_at", "last_fetched_at", "stream"] {
                #expect("\(manifest[key] ?? "nil")" == "\(plainManifest[key] ?? "nil")", "\(key) of \(name)")
            }
            #expect(manifest["file"] as? String == (name as NSString).lastPathComponent + ".gz")
        }
        #expect(try zipped.records(.article).map { r -> String in if case .article(let a) = r.body { a.title } else { "" } } == ["따옴표 \"인용\" 역슬래시 \\ 탭\t줄\n바꿈 \u{01}", "보통"])
        #expect(try zipped.store().outputFiles(state: .sealed).map(\.path).sorted() == sealed)
        #expect(StatusReport.DiskSummary.scan(zipped.outPath)?.sealed == 3)
    }

    @Test func sizeRotationAppliesToTheUncompressedBytes() throws {
        let w = try Workspace()
        let p = try w.pipeline(try w.store(), settings: OutputSettings(maxFileBytes: 1500, compressSealed: true))
        for no in 0..<12 {
            try p.commit([page("http://www.tvseoul.kr/news/article.html?no=\(no)", records: [article(no, title: "기사 \(no)")])])
        }
        try p.sealAll()
        let sealed = w.files().filter { $0.hasSuffix(".jsonl.gz") }
        #expect(sealed.count > 2)
        #expect(Array(sealed.prefix(2)) == ["article/article-2025-07-02T03.jsonl.gz", "article/article-2025-07-02T03_002.jsonl.gz"])
        #expect(!w.files().contains { $0.hasSuffix(".jsonl") || $0.hasSuffix(".open") })
        var ids: [String] = []
        for f in sealed {
            let (ok, manifest) = try checkManifest(w.outPath + "/" + f)
            #expect(ok)
            #expect((manifest["bytes"] as? Int ?? .max) <= 1500)
            ids += try w.lines(f).map { try Record(jsonLine: $0).id }
        }
        #expect(ids == (0..<12).map(String.init))
    }

    /// A crash while the `.gz.tmp` was being written: the temp is deleted, the gzip done again.
    @Test func aCompressionInterruptedBeforeItsRenameIsRedoneOnStart() throws {
        let w = try Workspace()
        let base = w.outPath + "/weather/weather-2025-07-02T03.jsonl"
        do {
            let p = try w.pipeline(try w.store(), settings: Self.gzip)
            try p.commit([page("http://www.tvseoul.kr/", records: [weather("서울", 20), weather("부산", 21)])])
        }
        let committed = try Data(contentsOf: URL(fileURLWithPath: base + ".open"))
        let (_, full) = try runForData("/bin/sh", ["-c", "gzip -nc \"$1\"", "sh", base + ".open"])
        try full.prefix(full.count / 2).write(to: URL(fileURLWithPath: base + ".gz.tmp"))

        w.clock.set(at0 + 3600)
        let store = try w.store()
        _ = try w.pipeline(store, settings: Self.gzip)
        #expect(w.files() == ["weather/weather-2025-07-02T03.jsonl.gz", "weather/weather-2025-07-02T03.jsonl.gz.manifest.json"])
        #expect(try gunzip(base + ".gz") == committed)
        #expect(try checkManifest(base + ".gz").ok)
        #expect(try store.outputFile(path: "weather/weather-2025-07-02T03.jsonl")?.state == .sealed)
    }

    /// A crash after the `.gz` was renamed into place, before the `.open` was removed: the seal is
    /// finished even though the hour is not over, since a consumer may already have read the `.gz`.
    @Test func aCompressionInterruptedAfterItsRenameIsFinishedOnStart() throws {
        let w = try Workspace()
        let base = w.outPath + "/weather/weather-2025-07-02T03.jsonl"
        do {
            let p = try w.pipeline(try w.store(), settings: Self.gzip)
            try p.commit([page("http://www.tvseoul.kr/", records: [weather("서울", 20)])])
        }
        let committed = try Data(contentsOf: URL(fileURLWithPath: base + ".open"))
        #expect(try shell("gzip -nc \"$1\" > \"$1\".gz.x && mv \"$1\".gz.x \"${1%.open}.gz\"", base + ".open").0 == 0)

        w.clock.set(at0 + 600)
        let store = try w.store()
        let p = try w.pipeline(store, settings: Self.gzip)
        #expect(w.files() == ["weather/weather-2025-07-02T03.jsonl.gz", "weather/weather-2025-07-02T03.jsonl.gz.manifest.json"])
        #expect(try gunzip(base + ".gz") == committed)
        #expect(try checkManifest(base + ".gz").ok)
        #expect(try store.outputFile(path: "weather/weather-2025-07-02T03.jsonl")?.state == .sealed)
        // Later records of the same hour go to the next file of the period.
        try p.commit([page("http://www.tvseoul.kr/", at: at0 + 600, records: [weather("서울", 22, at: at0 + 600)])])
        #expect(w.files().contains("weather/weather-2025-07-02T03_002.jsonl.open"))
    }

    /// A fresh database next to old output must not overwrite an existing `.jsonl.gz`.
    @Test func aNewFileNeverReusesTheNameOfACompressedOne() throws {
        let w = try Workspace()
        do {
            let p = try w.pipeline(try w.store(), settings: Self.gzip)
            try p.commit([page("http://www.tvseoul.kr/", records: [weather("서울", 20)])])
            try p.sealAll()
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: w.outPath + "/weather/weather-2025-07-02T03.jsonl.gz"))
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: w.dbPath + suffix) }
        let p = try w.pipeline(try w.store(), settings: Self.gzip)
        try p.commit([page("http://www.tvseoul.kr/", records: [weather("서울", 20)])])
        try p.sealAll()
        #expect(try Data(contentsOf: URL(fileURLWithPath: w.outPath + "/weather/weather-2025-07-02T03.jsonl.gz")) == before)
        #expect(w.files().contains("weather/weather-2025-07-02T03_002.jsonl.gz"))
    }

    /// Megabytes of poorly compressible text: many rounds through zlib's input and output buffers.
    @Test func aLargeFileRoundTripsThroughGzip() throws {
        let w = try Workspace()
        let p = try w.pipeline(try w.store(), settings: Self.gzip)
        var rng = SplitMix64(seed: 42)
        let records = (0..<700).map { no in
            Record(site: "tvseoul", id: "\(no)", url: "http://www.tvseoul.kr/news/article.html?no=\(no)", fetchedAt: at0,
                   body: .article(Article(section: "사회", title: "기사 \(no)", authors: ["기자"], publishedAt: "2025-07-02T12:00:00+09:00",
                                          body: (0..<8).map { _ in (0..<40).map { _ in String(rng.next(), radix: 36) }.joined(separator: " ") })))
        }
        try p.commit([page("http://www.tvseoul.kr/news/", records: records)])
        try p.sealAll()
        let gz = w.outPath + "/article/article-2025-07-02T03.jsonl.gz"
        let (ok, manifest) = try checkManifest(gz)
        #expect(ok)
        #expect((manifest["bytes"] as? Int ?? 0) > 1 << 20 && (manifest["compressed_bytes"] as? Int ?? 0) > 1 << 19)
        let content = try gunzip(gz)
        #expect(try Workspace.lines(of: gz).map { try Record(jsonLine: $0) } == records)
        // gleaner's reader agrees with gzip, also on two members back to back (as `cat a.gz b.gz`).
        #expect(try GzipReader(path: gz).readAll() == Array(content))
        let twice = w.outPath + "/twice.gz"
        #expect(try shell("cat \"$1\" \"$1\" > \"${1%/*}/../twice.gz\"", gz).0 == 0)
        #expect(try GzipReader(path: twice).readAll() == Array(content + content))
    }

    @Test func aDamagedGzipIsAnErrorNamingTheFileAndZlibsReason() throws {
        let w = try Workspace()
        try FileManager.default.createDirectory(atPath: w.outPath, withIntermediateDirectories: true)
        let garbage = w.outPath + "/garbage.jsonl.gz"
        try Data("{\"not\":\"gzip\"}\n".utf8).write(to: URL(fileURLWithPath: garbage))
        let error = try #require(throws: StoreError.self) { try GzipReader(path: garbage).readAll() }
        #expect(error.kind == .compress && error.area == .output)
        #expect(error.description.hasPrefix("output compress failed: "), "\(error)")
        #expect(error.description.contains(garbage) && error.description.contains("incorrect header check"))

        let cut = w.outPath + "/cut.jsonl.gz"
        let (_, full) = try runForData("/bin/sh", ["-c", "printf '%s\\n' '{\"a\":1}' '{\"b\":2}' | gzip -n"], timeout: 10)
        try full.prefix(full.count - 4).write(to: URL(fileURLWithPath: cut))
        let truncated = try #require(throws: StoreError.self) { try GzipReader(path: cut).readAll() }
        #expect(truncated.description.contains(cut) && truncated.description.contains("unexpected end of file"))
        // And the intact stream reads back (so the failure above is the damage, not the reader).
        try full.write(to: URL(fileURLWithPath: cut))
        #expect(try GzipReader(path: cut).readAll() == Array("{\"a\":1}\n{\"b\":2}\n".utf8))
    }
}
