// bench-fetch: fetch throughput and memory against a static loopback server.
// Usage: bench-fetch BASE_URL PAGES FETCHES CONCURRENCY [client|fetcher] [CONNECT_TO]
// Prints pages/s, CPU seconds per 1000 pages (getrusage) and RSS after warm-up, every 10 % and at the end.
import Foundation
import GleanerFetch
#if canImport(Glibc)
import Glibc
#endif

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return s(usage.ru_utime) + s(usage.ru_stime)
}

func rssKiB() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
}

let args = CommandLine.arguments
guard args.count >= 5, let pages = Int(args[2]), let fetches = Int(args[3]), let concurrency = Int(args[4]) else {
    FileHandle.standardError.write(Data("usage: bench-fetch BASE_URL PAGES FETCHES CONCURRENCY [client|fetcher] [CONNECT_TO]\n".utf8))
    exit(2)
}
let base = args[1]
let mode = args.count > 5 ? args[5] : "client"
var settings = Fetcher.Settings()
settings.http.maxConnectionsPerHost = concurrency
settings.http.maxTotalConnections = concurrency
if args.count > 6 { settings.http.connectTo = [args[6]] }
settings.politeness.minDelay = 0
settings.politeness.jitter = 0
settings.politeness.maxConcurrentPerHost = concurrency
let fetcher = Fetcher(settings: settings)

actor Tally {
    var done = 0, failed = 0, bytes = 0
    var samples: [(Int, Int)] = []
    func record(_ ok: Bool, _ size: Int) -> Int {
        done += 1
        if ok { bytes += size } else { failed += 1 }
        return done
    }
    func sample(_ at: Int, _ rss: Int) { samples.append((at, rss)) }
}
let tally = Tally()

func one(_ index: Int) async {
    let url = "\(base)page-\(index % pages).html"
    let result = mode == "fetcher" ? await fetcher.fetch(url) : await fetcher.client.get(url)
    let size = (try? result.get())?.body.count ?? 0
    let ok = (try? result.get())?.status == 200
    let n = await tally.record(ok, size)
    if n % max(fetches / 10, 1) == 0 { await tally.sample(n, rssKiB()) }
}

// Warm-up: connections, robots.txt, allocator.
for index in 0..<min(200, fetches) { await one(index) }
let warm = await tally.done
let rssStart = rssKiB()
let cpu0 = cpuSeconds()
let t0 = Date()
await withTaskGroup(of: Void.self) { group in
    var next = 0
    for _ in 0..<concurrency { let index = next; group.addTask { await one(index) }; next += 1 }
    while await group.next() != nil, next < fetches {
        let index = next
        group.addTask { await one(index) }
        next += 1
    }
}
let elapsed = Date().timeIntervalSince(t0)
let cpu = cpuSeconds() - cpu0
let measured = await tally.done - warm
let failed = await tally.failed
let bytes = await tally.bytes
let samples = await tally.samples
print("mode=\(mode) fetches=\(measured) concurrency=\(concurrency) failed=\(failed) curl=\(HTTPClient.curlVersion)")
print(String(format: "pages/s=%.0f  MB/s=%.1f  cpu_s_per_1000=%.3f  wall_s=%.2f", Double(measured) / elapsed, Double(bytes) / elapsed / 1e6, cpu / Double(measured) * 1000, elapsed))
print("rss_kib after_warmup(\(warm))=\(rssStart) " + samples.map { "at_\($0.0)=\($0.1)" }.joined(separator: " ") + " end=\(rssKiB())")
