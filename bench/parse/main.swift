// Parse throughput on one saved page: how many pages per second one core turns into records.
// Run: make bench-parse  (release build; loopback-free, the page is read from disk once).
import CLibXML2
import Foundation
import GleanerModel
import GleanerParse

let args = CommandLine.arguments
let root = URL(fileURLWithPath: args.count > 1 ? args[1] : FileManager.default.currentDirectoryPath)
let pagePath = args.count > 2 ? args[2] : "Parsers/tvseoul/fixtures/article_62031.html"
let seconds = args.count > 3 ? Double(args[3]) ?? 3 : 3

let registry = try ParserRegistry.load(directories: [root.appendingPathComponent("Parsers")])
guard let parser = registry.parser(named: "tvseoul") else { fatalError("tvseoul parser not found") }
guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(pagePath).path) else {
    fatalError("cannot read \(pagePath)")
}
let body = [UInt8](data)
let page = Page(url: "http://www.tvseoul.kr/news/article.html?no=62031", body: body, fetchedAt: Date())

/// CPU time of this thread: on a shared machine it counts only the work done, not the wait for a core.
func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

let only = ProcessInfo.processInfo.environment["BENCH_ONLY"]
/// BENCH_COUNT=N runs each level exactly N times and prints nothing but a line per level: for
/// callgrind, whose instruction counts are repeatable on a loaded machine (two counts, subtract).
let fixedCount = ProcessInfo.processInfo.environment["BENCH_COUNT"].flatMap { Int($0) }

/// Runs `work` repeatedly for about `seconds` and returns iterations per second.
func measure(_ name: String, _ work: () throws -> Int) rethrows -> Double {
    if let only, !name.contains(only) { return 0 }
    if let fixedCount {
        var sink = 0
        for _ in 0..<fixedCount { sink &+= try work() }
        print("\(name): \(fixedCount) pages (sink \(sink & 1))")
        return 0
    }
    for _ in 0..<50 { _ = try work() }  // warm up: caches, compiled XPaths, allocator
    let clock = ContinuousClock()
    var n = 0
    var sink = 0
    let start = clock.now
    let cpuStart = threadCPUSeconds()
    var elapsed = Duration.zero
    while elapsed < .seconds(seconds) {
        for _ in 0..<20 { sink &+= try work() }
        n += 20
        elapsed = clock.now - start
    }
    let cpu = threadCPUSeconds() - cpuStart
    let s = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let rate = Double(n) / s
    let cpuRate = Double(n) / cpu
    print(String(format: "%-40@ %7.0f pages/s wall  %7.0f pages/CPU-s  %6.1f MB/CPU-s  %7.1f µs CPU/page  (%d pages, sink %d)",
                 name as NSString, rate, cpuRate, cpuRate * Double(body.count) / 1_000_000, 1e6 / cpuRate, n, sink & 1))
    return cpuRate
}

print("page: \(pagePath), \(body.count) bytes; \(Int(seconds)) s per measurement")
xmlInitParser()
gl_xml_silence_this_thread()
// The floor: libxml2 alone on bytes already known to be UTF-8, no charset work in Swift.
_ = measure("bare htmlReadMemory + xmlFreeDoc") {
    body.withUnsafeBufferPointer { buf in
        buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { p in
            let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)
            guard let d = htmlReadMemory(p, Int32(buf.count), page.url, "UTF-8", options) else { return 0 }
            xmlFreeDoc(d)
            return 1
        }
    }
}
_ = try measure("libxml2 parse only (charset + tree)") {
    let d = try HTMLDocument(bytes: body, url: page.url)
    return d.root == nil ? 0 : 1
}
let fiveXPaths = ["//h2[@class='subject']", "//h3[@class='sub_subject']", "//div[@class='sec_tit']",
                  "//ul[@class='art_info']/li", "//div[@id='news_body_area']//p"]
_ = try measure("parse + 5 XPath to strings (uncached)") {
    let d = try HTMLDocument(bytes: body, url: page.url)
    return try fiveXPaths.reduce(0) { $0 + (try d.strings($1).count) }
}
let single = try measure("SiteParser.parse (all records + links)") {
    let r = try parser.parse(page)
    return r.records.count + r.links.count
}

if only != nil || fixedCount != nil { exit(0) }
// Two threads (the machine has 2 cores): pages/s of both together.
let threads = 2
let perThread = 400
let clock = ContinuousClock()
let start = clock.now
DispatchQueue.concurrentPerform(iterations: threads) { _ in
    for _ in 0..<perThread { _ = try? parser.parse(page) }
}
let el = clock.now - start
let s = Double(el.components.seconds) + Double(el.components.attoseconds) / 1e18
print(String(format: "%-44@ %8.0f pages/s  (%d threads x %d pages)", "SiteParser.parse on \(threads) threads" as NSString,
             Double(threads * perThread) / s, threads, perThread))
let r = try parser.parse(page)
print("records per page: \(r.records.count) (\(r.records.filter { $0.type == .article }.count) article, "
      + "\(r.records.filter { $0.type == .weather }.count) weather, \(r.records.filter { $0.type == .teaser }.count) teaser), "
      + "links: \(r.links.count); single-thread \(Int(single)) pages per CPU-second")
