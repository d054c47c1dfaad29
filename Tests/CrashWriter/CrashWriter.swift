// gleaner-crashtest: runs the output pipeline on a deterministic stream of batches so the
// exactly-once test can kill it anywhere and restart it. Not installed; tests only.
//
//   gleaner-crashtest DIR [--batches N] [--recover-only] [--compress]
//
// DIR gets `state.sqlite` and `out/`. Batches already committed are skipped (their marker page
// is in the store), like a crawler refetching what never committed. GLEANER_CRASH_AT=POINT:N
// makes the process `_exit(42)` at POINT of its N-th commit (or seal): after-append,
// after-sync, mid-line (half of the N-th file append written, then exit), after-seal-rename.
// With --compress (sealed files are gzipped): mid-compress (the N-th `.jsonl.gz.tmp` is cut to
// half its size, then exit, as if the process died while writing it) and after-compress-rename.
import Foundation
import GleanerModel
import GleanerOutput
import GleanerStore
import Logging
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

final class Box<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T
    init(_ v: T) { value = v }
    func get() -> T { lock.lock(); defer { lock.unlock() }; return value }
    func set(_ v: T) { lock.lock(); value = v; lock.unlock() }
    func update(_ f: (inout T) -> Void) -> T { lock.lock(); defer { lock.unlock() }; f(&value); return value }
}

@main
enum CrashWriter {
    // MARK: - The deterministic stream

    static let base = Date(timeIntervalSince1970: 1_751_425_200)  // 2025-07-02T03:00:00Z
    static func time(ofBatch i: Int) -> Date { base.addingTimeInterval(Double(i) * 600) }  // 6 batches per hour
    static func marker(_ i: Int) -> String { "http://www.tvseoul.kr/news/section_list_all.html?sec_no=1&page=\(i)" }

    static func batch(_ i: Int) -> [PageResult] {
        let at = time(ofBatch: i)
        let weather = ["서울", "부산"].map { loc in
            Record(site: "tvseoul", id: "2025-07-02/\(loc)", url: "http://www.tvseoul.kr/", fetchedAt: at,
                   body: .weather(WeatherObservation(date: "2025-07-02", location: loc, condition: "맑음",
                                                     conditionCode: "clear", temperatureC: 20 + Double(i / 3), provider: "기상청")))
        }
        var pages = [PageResult(url: marker(i), source: "tvseoul-home", fetchedAt: at, records: weather + [
            Record(site: "tvseoul", id: "latest:\(i % 7)", url: marker(i), fetchedAt: at,
                   body: .teaser(Teaser(title: "기사 \(i % 7)", targetURL: "http://www.tvseoul.kr/news/article.html?no=\(i % 7)",
                                        box: "latest"))),
        ], rejects: i % 4 == 0 ? [RejectedRecord(site: "tvseoul", pageKind: "section", type: .teaser, field: "title",
                                                 url: marker(i), reason: "empty after trim", fetchedAt: at)] : [])]
        for j in 0..<3 {
            let n = i * 3 + j
            let no = n % 25
            let url = "http://www.tvseoul.kr/news/article.html?no=\(no)"
            // Each article is seen twice per version: first emitted, then dropped as unchanged.
            let version = n / 50
            let article = Article(section: "정치", title: "제목 \(no) v\(version)", authors: ["기자 \(no)"],
                                  publishedAt: "2025-07-02T12:00:00+09:00",
                                  body: (0..<(3 + no % 4)).map { "문단 \($0) of article \(no), version \(version). \"인용\"" })
            pages.append(PageResult(url: url, source: "tvseoul-articles", fetchedAt: at, etag: "\"\(no)-\(version)\"",
                                    records: [Record(site: "tvseoul", id: "\(no)", url: url, fetchedAt: at, body: .article(article))]
                                        + (j == 1 ? weather : [])))  // same weather again in the batch: emitted once
        }
        return pages
    }


    static func main() {
        let args = CommandLine.arguments
        guard args.count >= 2 else {
            FileHandle.standardError.write(Data("usage: gleaner-crashtest DIR [--batches N] [--recover-only] [--compress]\n".utf8))
            exit(2)
        }
        let dir = args[1]
        let batches = args.firstIndex(of: "--batches").flatMap { Int(args[$0 + 1]) } ?? 120
        let recoverOnly = args.contains("--recover-only")
        let compress = args.contains("--compress")

        let crash: (point: String, n: Int)? = ProcessInfo.processInfo.environment["GLEANER_CRASH_AT"].flatMap { spec in
            let parts = spec.split(separator: ":")
            guard parts.count == 2, let n = Int(parts[1]) else { return nil }
            return (String(parts[0]), n)
        }
        let appends = Box(0)  // file appends (several per commit)
        let commits = Box(0)
        let seals = Box(0)
        let compressions = Box(0)

        let crashIf: @Sendable (String, Int) -> Void = { point, count in
            if let c = crash, c.point == point, c.n == count { _exit(42) }
        }

        let hooks = CommitHooks(
            beforeAppend: { path, bytes in
                let n = appends.update { $0 += 1 }
                guard let c = crash, c.point == "mid-line", c.n == n else { return }
                let fd = open(path, O_WRONLY | O_APPEND)
                _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress!, max(1, bytes.count / 2)) }
                _exit(42)
            },
            afterAppend: { crashIf("after-append", commits.update { $0 += 1 }) },
            afterSync: { crashIf("after-sync", commits.get()) },
            afterSealRename: { _ in crashIf("after-seal-rename", seals.update { $0 += 1 }) },
            beforeCompressRename: { temp in
                let n = compressions.update { $0 += 1 }
                guard let c = crash, c.point == "mid-compress", c.n == n else { return }
                var st = stat()
                if stat(temp, &st) == 0 { truncate(temp, st.st_size / 2) }
                _exit(42)
            },
            afterCompressRename: { _ in crashIf("after-compress-rename", compressions.get()) })


        var logger = Logger(label: "gleaner-crashtest")
        logger.logLevel = .warning
        do {
            let store = try StateStore(path: dir + "/state.sqlite")
            var first = 0
            while first < batches, try store.urlState(marker(first)) != nil { first += 1 }
            let now = Box(time(ofBatch: first))
            let pipeline = try OutputPipeline(
                store: store, outputDirectory: dir + "/out",
                settings: OutputSettings(rotation: .hour, maxFileBytes: 6_000, compressSealed: compress), clock: { now.get() }, logger: logger, hooks: hooks)
            try pipeline.recover()
            if recoverOnly {
                    print("committed \(first)")
                    exit(0)
                }
            for i in first..<batches {
                now.set(time(ofBatch: i))
                try pipeline.commit(batch(i))
            }
            now.set(time(ofBatch: batches))
            try pipeline.sealAll()
            print("done \(first)..<\(batches)")
        } catch {
            FileHandle.standardError.write(Data("gleaner-crashtest: \(error)\n".utf8))
            exit(1)
        }

    }
}
