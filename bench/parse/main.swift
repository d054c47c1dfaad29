// Parse throughput on saved pages: how many pages per second one core turns into records.
// Run: make bench-parse  (release build; loopback-free, pages are read from disk once).
//   gleaner-bench-parse ROOT [PAGE.html | DIR] [SECONDS]
// A directory (the bench site's `site/a`, from bench/gen_site.py) is read as article pages
// named <no>.html; every level then cycles through its first BENCH_PAGES pages (default 50), so
// per-page numbers are averages over different articles, as in a crawl. BENCH_EMIT=article,weather
// runs only those record blocks (a source's `emit`; the crawl emits article on article pages).
import CLibXML2
import CMalloc
import Foundation
import GleanerModel
import GleanerParse

let args = CommandLine.arguments
let root = URL(fileURLWithPath: args.count > 1 ? args[1] : FileManager.default.currentDirectoryPath)
let pagePath = args.count > 2 ? args[2] : "Parsers/tvseoul/fixtures/article_62031.html"
let seconds = args.count > 3 ? Double(args[3]) ?? 3 : 3
let env = ProcessInfo.processInfo.environment
// BENCH_FASTBINS=0: glibc fastbins off, as the `gleaner` executable runs (Allocator.swift).
if env["BENCH_FASTBINS"] == "0" { _ = gl_malloc_disable_fastbins() }

let registry = try ParserRegistry.load(directories: [root.appendingPathComponent("Parsers")])
guard let parser = registry.parser(named: "tvseoul") else { fatalError("tvseoul parser not found") }

/// A fixed fetch time, so that dumps of two builds compare byte for byte.
let fetchedAt = Date(timeIntervalSince1970: 1_751_436_000)
/// The pages to parse: one file (the seed article), or the article pages of a generated site.
func loadPages() -> [Page] {
    let fm = FileManager.default
    let full = pagePath.hasPrefix("/") ? pagePath : root.appendingPathComponent(pagePath).path
    var isDir: ObjCBool = false
    guard fm.fileExists(atPath: full, isDirectory: &isDir) else { fatalError("cannot read \(pagePath)") }
    if !isDir.boolValue {
        let data = fm.contents(atPath: full)!
        return [Page(url: "http://www.tvseoul.kr/news/article.html?no=62031", body: [UInt8](data), fetchedAt: fetchedAt)]
    }
    let limit = env["BENCH_PAGES"].flatMap { Int($0) } ?? 50
    let names = (try? fm.contentsOfDirectory(atPath: full))?.filter { $0.hasSuffix(".html") }.sorted() ?? []
    return names.prefix(limit).map { name in
        let no = name.dropLast(5)
        let data = fm.contents(atPath: full + "/" + name)!
        return Page(url: "http://www.tvseoul.kr/news/article.html?no=\(no)", body: [UInt8](data), fetchedAt: fetchedAt)
    }
}
let pages = loadPages()
guard !pages.isEmpty else { fatalError("no pages in \(pagePath)") }
let averageBytes = Double(pages.reduce(0) { $0 + $1.body.count }) / Double(pages.count)
let recordTypes: Set<RecordType>? = env["BENCH_EMIT"].map { list in
    Set(list.split(separator: ",").map { RecordType(rawValue: String($0)) })
}
/// Round-robin over the pages: every call of a level parses the next page.
nonisolated(unsafe) var nextPage = 0
func page() -> Page {
    defer { nextPage = (nextPage + 1) % pages.count }
    return pages[nextPage]
}

/// BENCH_DUMP=FILE writes what parsing every page gives (records, rejects, links, charset) and
/// exits: two builds' dumps must be byte-equal (`cmp`) for a speed-up to count.
if let dump = env["BENCH_DUMP"] {
    var out = ""
    for p in pages {
        // Twice: the second parse of a page runs on warm caches (the cross-page link cache).
        for pass in 0..<2 {
            let r = try parser.parse(p, recordTypes: recordTypes)
            out += "page \(p.url) pass \(pass) kind \(r.pageKind) charset \(r.charset.charset) canonical \(r.canonicalURL ?? "-")\n"
            for rec in r.records { out += rec.jsonString + "\n" }
            for rej in r.rejects { out += "reject \(rej.type.rawValue) \(rej.field): \(rej.reason)\n" }
            for l in r.links { out += "link \(l.pageKind) \(l.url)\n" }
        }
    }
    try out.write(toFile: dump, atomically: true, encoding: .utf8)
    exit(0)
}

/// CPU time of this thread: on a shared machine it counts only the work done, not the wait for a core.
func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

let only = env["BENCH_ONLY"]
/// BENCH_COUNT=N runs each level exactly N times and prints nothing but a line per level: for
/// callgrind, whose instruction counts are repeatable on a loaded machine (two counts, subtract).
let fixedCount = env["BENCH_COUNT"].flatMap { Int($0) }

/// Runs `work` repeatedly for about `seconds` and returns iterations per second.
func measure(_ name: String, _ work: () throws -> Int) rethrows -> Double {
    if let only, !name.contains(only) { return 0 }
    nextPage = 0
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
                 name as NSString, rate, cpuRate, cpuRate * averageBytes / 1_000_000, 1e6 / cpuRate, n, sink & 1))
    return cpuRate
}

print("pages: \(pagePath), \(pages.count) page(s), \(Int(averageBytes)) bytes on average; record types: "
      + "\(recordTypes.map { $0.map(\.rawValue).sorted().joined(separator: ",") } ?? "all"); \(Int(seconds)) s per measurement")
LibXML2.prepare()  // the allocator gleaner parses with (XMLAllocator), before any libxml2 call
print("libxml2 allocator: \(XMLAllocator.active.rawValue)")
gl_xml_silence_this_thread()
// The floor: libxml2 alone on bytes already known to be UTF-8, no charset work in Swift.
_ = measure("bare htmlReadMemory + xmlFreeDoc") {
    let page = page()
    return page.body.withUnsafeBufferPointer { buf in
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
    let page = page()
    let d = try HTMLDocument(bytes: page.body, url: page.url)
    return d.root == nil ? 0 : 1
}
let fiveXPaths = ["//h2[@class='subject']", "//h3[@class='sub_subject']", "//div[@class='sec_tit']",
                  "//ul[@class='art_info']/li", "//div[@id='news_body_area']//p"]
_ = try measure("parse + 5 XPath to strings (uncached)") {
    let page = page()
    let d = try HTMLDocument(bytes: page.body, url: page.url)
    return try fiveXPaths.reduce(0) { $0 + (try d.strings($1).count) }
}
let single = try measure("SiteParser.parse (records + links)") {
    let r = try parser.parse(page(), recordTypes: recordTypes)
    return r.records.count + r.links.count
}

if only != nil || fixedCount != nil { exit(0) }
// Two threads (the machine has 2 cores): pages/s of both together.
let threads = 2
let perThread = 400
let clock = ContinuousClock()
let start = clock.now
DispatchQueue.concurrentPerform(iterations: threads) { t in
    for i in 0..<perThread { _ = try? parser.parse(pages[(t + i) % pages.count], recordTypes: recordTypes) }
}
let el = clock.now - start
let s = Double(el.components.seconds) + Double(el.components.attoseconds) / 1e18
print(String(format: "%-44@ %8.0f pages/s  (%d threads x %d pages)", "SiteParser.parse on \(threads) threads" as NSString,
             Double(threads * perThread) / s, threads, perThread))
let r = try parser.parse(pages[0], recordTypes: recordTypes)
let byType = Dictionary(grouping: r.records, by: \.type).sorted { $0.key < $1.key }.map { "\($0.value.count) \($0.key)" }
print("records on the first page: \(r.records.count) (\(byType.joined(separator: ", "))), "
      + "links: \(r.links.count); single-thread \(Int(single)) pages per CPU-second")
