import Foundation
import GleanerModel
import GleanerOutput
import GleanerStore
import Logging
import TestSupport

/// A clock the test moves by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date) { current = start }
    var now: Date { lock.lock(); defer { lock.unlock() }; return current }
    func set(_ date: Date) { lock.lock(); current = date; lock.unlock() }
    func advance(_ seconds: TimeInterval) { lock.lock(); current += seconds; lock.unlock() }
}

/// A state database and output directory in a fresh temp dir.
struct Workspace {
    let temp: TemporaryDirectory
    let clock: TestClock
    var dbPath: String { temp.path + "/state.sqlite" }
    var outPath: String { temp.path + "/out" }

    static let start = Date(timeIntervalSince1970: 1_751_425_200)  // 2025-07-02T03:00:00Z

    init(start: Date = Workspace.start) throws {
        temp = try TemporaryDirectory(prefix: "gleaner-store")
        clock = TestClock(start)
    }

    func store() throws -> StateStore { try StateStore(path: dbPath) }

    func pipeline(_ store: StateStore, settings: OutputSettings = OutputSettings()) throws -> OutputPipeline {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let clock = self.clock
        let p = try OutputPipeline(store: store, outputDirectory: outPath, settings: settings, clock: { clock.now },
                                   logger: logger)
        try p.recover()
        return p
    }

    /// Relative paths of every file under `out/`, sorted.
    func files() -> [String] {
        let fm = FileManager.default
        let streams = (try? fm.contentsOfDirectory(atPath: outPath)) ?? []
        return streams.flatMap { s in ((try? fm.contentsOfDirectory(atPath: outPath + "/" + s)) ?? []).map { "\(s)/\($0)" } }
            .sorted()
    }

    func lines(_ relative: String) throws -> [[UInt8]] {
        try Self.lines(of: outPath + "/" + relative)
    }

    /// Lines of a file (a `.gz` is decompressed with `gzip -dc`); fails if the last one is not
    /// `\n`-terminated (a torn line).
    static func lines(of path: String) throws -> [[UInt8]] {
        let data = [UInt8](path.hasSuffix(".gz") ? try gunzip(path) : try Data(contentsOf: URL(fileURLWithPath: path)))
        if let last = data.last, last != 0x0A { throw TornLine(path: path) }
        return data.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map(Array.init)
    }

    /// Every record line in every `.jsonl`, `.jsonl.gz` and `.jsonl.open` file of a type directory.
    func records(_ type: RecordType) throws -> [Record] {
        try files().filter { $0.hasPrefix(type.rawValue + "/") && [".jsonl", ".jsonl.gz", ".jsonl.open"].contains(where: $0.hasSuffix) }
            .flatMap { try lines($0) }.map { try Record(jsonLine: $0) }
    }
}

struct TornLine: Error { var path: String }

let at0 = Workspace.start

func article(_ no: Int, title: String, at: Date = at0, url: String? = nil) -> Record {
    Record(site: "tvseoul", id: "\(no)", url: url ?? "http://www.tvseoul.kr/news/article.html?no=\(no)", fetchedAt: at,
           body: .article(Article(section: "사회", title: title, authors: ["나재희"], publishedAt: "2025-07-02T12:00:00+09:00",
                                  body: ["첫 문단", "둘째 문단"])))
}

func weather(_ location: String, _ temperature: Double, at: Date = at0) -> Record {
    Record(site: "tvseoul", id: "2025-07-02/\(location)", url: "http://www.tvseoul.kr/", fetchedAt: at,
           body: .weather(WeatherObservation(date: "2025-07-02", location: location, condition: "구름많음",
                                             conditionCode: "mostly_cloudy", temperatureC: temperature, provider: "기상청")))
}

func page(_ url: String, at: Date = at0, source: String? = "tvseoul", records: [Record], rejects: [RejectedRecord] = [],
          etag: String? = nil) -> PageResult {
    PageResult(url: url, source: source, fetchedAt: at, status: 200, etag: etag, records: records, rejects: rejects)
}

/// Runs a command, returns (status, stdout); killed after `timeout` seconds so a test cannot hang.
func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
         timeout: TimeInterval = 60) throws -> (Int32, String) {
    let (status, data) = try runForData(executable, arguments, environment: environment, timeout: timeout)
    return (status, String(decoding: data, as: UTF8.self))
}

/// Runs a shell pipeline with `$1` = `argument` (so paths need no quoting).
func shell(_ script: String, _ argument: String) throws -> (Int32, String) {
    try run("/bin/sh", ["-c", script, "sh", argument])
}

/// A `.gz` file's content, decompressed by the `gzip` tool (not by gleaner's own zlib code).
func gunzip(_ path: String) throws -> Data {
    let (status, data) = try runForData("/bin/sh", ["-c", "gzip -dc \"$1\"", "sh", path])
    guard status == 0 else { throw GunzipFailed(path: path, status: status) }
    return data
}

struct GunzipFailed: Error { var path: String; var status: Int32 }

func runForData(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                timeout: TimeInterval = 60) throws -> (Int32, Data) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    if let environment { p.environment = environment }
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    let pid = p.processIdentifier
    let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
    DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
    defer { watchdog.cancel() }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, data)
}

/// Checks a sealed file against its manifest with independent tools (`sha256sum`, `gzip`, line
/// count). For a `.gz`, the content fields describe the decompressed bytes and the `compressed_*`
/// fields the file itself.
func checkManifest(_ path: String) throws -> (ok: Bool, manifest: [String: Any]) {
    let data = try Data(contentsOf: URL(fileURLWithPath: path + ".manifest.json"))
    let m = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    let gz = path.hasSuffix(".gz")
    let bytes = gz ? try gunzip(path) : try Data(contentsOf: URL(fileURLWithPath: path))
    let (_, sum) = gz ? try shell("gzip -dc \"$1\" | sha256sum", path) : try run("/usr/bin/sha256sum", [path])
    var ok = (m["records"] as? Int) == bytes.filter { $0 == 0x0A }.count
        && (m["bytes"] as? Int) == bytes.count
        && (m["sha256"] as? String) == String(sum.prefix(64))
        && (m["file"] as? String) == (path as NSString).lastPathComponent
    if gz {
        let (_, fileSum) = try run("/usr/bin/sha256sum", [path])
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        ok = ok && m["compression"] as? String == "gzip" && (m["compressed_bytes"] as? Int) == size
            && (m["compressed_sha256"] as? String) == String(fileSum.prefix(64))
    } else {
        ok = ok && m["compression"] == nil && m["compressed_bytes"] == nil && m["compressed_sha256"] == nil
    }
    return (ok, m)
}
