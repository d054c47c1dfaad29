// bench-store: throughput of the output stage (dedup + JSONL sink + fsync + SQLite commit) and
// state size per URL. Run with `make bench-store` (release build); docs/benchmarks.md.
//
//   bench-store throughput [--records N] [--pages-per-batch P] [--dir DIR]
//   bench-store size [--urls N] [--dir DIR]
import Foundation
import GleanerModel
import GleanerOutput
import GleanerStore
import Logging
import TestSupport

@main
enum BenchStore {
    static func main() throws {
        let args = CommandLine.arguments
        func option(_ name: String, _ fallback: Int) -> Int {
            args.firstIndex(of: name).flatMap { Int(args[$0 + 1]) } ?? fallback
        }
        let dir = args.firstIndex(of: "--dir").map { args[$0 + 1] }
            ?? NSTemporaryDirectory() + "/gleaner-bench-store-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        switch args.dropFirst().first {
        case "throughput": try throughput(dir: dir, records: option("--records", 200_000), pagesPerBatch: option("--pages-per-batch", 100))
        case "size": try size(dir: dir, urls: option("--urls", 1_000_000))
        default:
            print("usage: bench-store throughput|size [options]")
            exit(2)
        }
    }

    static let start = Date(timeIntervalSince1970: 1_751_425_200)

    /// Every page carries one new article (~1 KB of Korean text) and the site-wide weather
    /// widget, which changes every 10 batches: half the records are new, most weather is dropped.
    static func throughput(dir: String, records: Int, pagesPerBatch: Int) throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let store = try StateStore(path: dir + "/state.sqlite")
        let batchCount = records / (pagesPerBatch * 2)
        final class Clock: @unchecked Sendable { var now = BenchStore.start }
        let clock = Clock()
        let pipeline = try OutputPipeline(store: store, outputDirectory: dir + "/out", clock: { clock.now }, logger: logger)
        try pipeline.recover()
        let paragraph = String(repeating: "서울시는 2일 시민 안전을 위한 새 정책을 발표했다. ", count: 6)
        var batches: [[PageResult]] = []
        for b in 0..<batchCount {
            let at = start.addingTimeInterval(Double(b) * 2)
            batches.append((0..<pagesPerBatch).map { p in
                let no = b * pagesPerBatch + p
                let url = "http://www.tvseoul.kr/news/article.html?no=\(no)"
                return PageResult(url: url, source: "bench", fetchedAt: at, etag: "\"\(no)\"", records: [
                    Record(site: "tvseoul", id: "\(no)", url: url, fetchedAt: at, body: .article(Article(
                        section: "사회", title: "기사 제목 \(no)", authors: ["홍길동"], publishedAt: "2025-07-02T12:00:00+09:00",
                        body: [paragraph, paragraph, paragraph]))),
                    Record(site: "tvseoul", id: "2025-07-02/서울", url: url, fetchedAt: at, body: .weather(WeatherObservation(
                        date: "2025-07-02", location: "서울", condition: "맑음", conditionCode: "clear",
                        temperatureC: 20 + Double(b / 10), provider: "기상청"))),
                ])
            })
        }
        var total = CommitSummary()
        let t0 = Date()
        let cpu0 = cpuSeconds()
        for (b, batch) in batches.enumerated() {
            clock.now = start.addingTimeInterval(Double(b) * 2)
            let s = try pipeline.commit(batch)
            total.bytes += s.bytes
            total.unchanged += s.unchanged
            for (k, v) in s.emitted { total.emitted[k, default: 0] += v }
        }
        try pipeline.sealAll()
        let seconds = Date().timeIntervalSince(t0)
        let cpu = cpuSeconds() - cpu0
        let n = batchCount * pagesPerBatch * 2
        print(String(format: "records in: %d in %d batches of %d pages; emitted %d, unchanged %d, %.1f MiB written",
                     n, batchCount, pagesPerBatch, total.emittedTotal, total.unchanged, Double(total.bytes) / 1_048_576))
        print(String(format: "time: %.2f s  ->  %.0f records/s in, %.0f emitted/s, %.1f MiB/s, %.2f ms per batch",
                     seconds, Double(n) / seconds, Double(total.emittedTotal) / seconds,
                     Double(total.bytes) / 1_048_576 / seconds, seconds * 1000 / Double(batchCount)))
        // CPU of the commits and the final seal only (not building the batches): the number to
        // compare between builds, since wall time depends on fsync and on what else runs.
        print(String(format: "cpu: %.2f s (user+sys)  ->  %.1f us per record in, %.0f records/s per core",
                     cpu, cpu * 1e6 / Double(n), Double(n) / cpu))
        try store.checkpoint()
        print(String(format: "state after: %.1f MiB for %d urls and %d record ids", Double(store.sizeOnDisk) / 1_048_576,
                     try store.urlCount(), try store.recordCount()))
    }

    /// User + system CPU seconds of this process so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return s(usage.ru_utime) + s(usage.ru_stime)
    }

    /// Inserts `urls` URL rows shaped like a real crawl (article URL, ETag, Last-Modified, a
    /// SHA-256 hex content hash) and one record identity per URL, then measures the file.
    static func size(dir: String, urls: Int) throws {
        let store = try StateStore(path: dir + "/state.sqlite")
        try store.checkpoint()
        let empty = store.sizeOnDisk
        func insert(_ fill: (inout StoreCommit, Int) -> Void) throws -> (bytes: Int64, seconds: Double) {
            let t0 = Date()
            let before = store.sizeOnDisk
            var done = 0
            while done < urls {
                var commit = StoreCommit()
                for i in done..<min(urls, done + 10_000) { fill(&commit, i) }
                try store.apply(commit)
                done = min(urls, done + 10_000)
            }
            try store.checkpoint()
            return (store.sizeOnDisk - before, Date().timeIntervalSince(t0))
        }
        let u = try insert { commit, i in
            commit.fetches.append(.init(
                url: "http://www.tvseoul.kr/news/article.html?no=\(100_000 + i)", source: nil,
                fetchedAt: start.addingTimeInterval(Double(i)), status: 200,
                etag: "\"\(String(i, radix: 16))-5f3a9c\"", lastModified: "Wed, 02 Jul 2025 03:00:00 GMT",
                contentHash: String(repeating: String(format: "%08x", UInt32(truncatingIfNeeded: i &* 2_654_435_761)), count: 8)))
        }
        let r = try insert { commit, i in
            var h = [UInt8](repeating: 0, count: 32)
            withUnsafeBytes(of: UInt64(i).bigEndian) { for (j, b) in $0.enumerated() { h[j] = b; h[31 - j] = b } }
            commit.revisions.append(.init(key: RecordKey(site: "tvseoul", type: .article, id: "\(100_000 + i)"),
                                          revision: 1, hash: ContentHash(bytes: Data(h)), seen: start.addingTimeInterval(Double(i))))
        }
        func mib(_ b: Int64) -> Double { Double(b) / 1_048_576 }
        print(String(format: "empty database: %.2f MiB", mib(empty)))
        print(String(format: "%d url rows (url, status, ETag, Last-Modified, sha256 hex, times): +%.1f MiB, %.0f B/url, inserted in %.1f s",
                     urls, mib(u.bytes), Double(u.bytes) / Double(urls), u.seconds))
        print(String(format: "%d record ids (site, type, id, revision, 32-byte hash, times): +%.1f MiB, %.0f B/id, inserted in %.1f s",
                     urls, mib(r.bytes), Double(r.bytes) / Double(urls), r.seconds))
        print(String(format: "per million urls (url row + one article id): %.0f MiB",
                     mib(u.bytes + r.bytes) / Double(urls) * 1_000_000))
    }
}
