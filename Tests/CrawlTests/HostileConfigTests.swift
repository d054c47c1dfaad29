import Foundation
import GleanerCrawl
import GleanerStore
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Configuration and state an unlucky operator can produce, through the real binary: nothing
/// traps, stalls or is silently accepted.
@Suite struct HostileConfigTests {
    @Test func aCorruptStoredScheduleNeitherCrashesStatusNorDelaysTheSource() throws {
        let site = try ReplicaSite()
        let dir = try TemporaryDirectory()
        let config = EndToEndTests.config(dir, site, sources: EndToEndTests.oneArticle)
        try FileManager.default.createDirectory(atPath: dir.path + "/state", withIntermediateDirectories: true)
        // What `every = "99999999999999999999d"` left behind before durations were range-checked.
        do {
            let store = try StateStore(path: dir.path + "/state/state.sqlite")
            try store.updateSource("article", lastRunAt: Date(timeIntervalSince1970: 8.64e24), outcome: "ok",
                                   nextRunAt: Date().addingTimeInterval(8.64e24), consecutiveFailures: Int.max)
        }
        let status = try GleanerProcess.run(["status", "--state-dir", dir.path + "/state"])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("article"), "\(status.stdout)")
        let json = try GleanerProcess.run(["status", "--state-dir", dir.path + "/state", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        // The source is simply due: a plain `once` runs it.
        let once = try GleanerProcess.run(["once", "--config", config])
        #expect(once.status == 0, "\(once.stdout)\(once.stderr)")
        #expect(site.server.requests.contains { $0.target == "/news/article.html?no=64483" })
        #expect(try EndToEndTests.records(dir).count == 1)
    }

    @Test func checkRefusesAStateDirThatIsAFileOrCannotBeCreated() throws {
        let site = try ReplicaSite()
        let dir = try TemporaryDirectory()
        let config = EndToEndTests.config(dir, site, sources: EndToEndTests.oneArticle)
        try Data("not a directory".utf8).write(to: URL(fileURLWithPath: dir.path + "/state"))
        let check = try GleanerProcess.run(["check", "--config", config])
        #expect(check.status == 1)
        #expect(check.stderr.contains("\(config):1: state_dir: \(dir.path)/state exists and is not a directory"), "\(check.stderr)")
        #expect(check.stderr.contains("output_dir: \(dir.path)/state/out cannot be created: \(dir.path)/state is not a directory"),
                "\(check.stderr)")
        #expect(!check.stdout.contains("ok config"))
    }

    @Test func aReloadThatWouldLeaveNoSourceIsRefusedAndTheOldOneKept() throws {
        let site = try ReplicaSite()
        let dir = try TemporaryDirectory()
        let config = EndToEndTests.config(dir, site, sources: EndToEndTests.oneArticle)
        let daemon = try GleanerProcess(["run", "--config", config])
        defer { if daemon.process.isRunning { daemon.signal(SIGKILL) } }
        #expect(eventually { daemon.stderr.contains("run finished") }, "\(daemon.stderr)")
        let good = try String(contentsOfFile: config, encoding: .utf8)
        try "".write(toFile: config, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        #expect(eventually { daemon.stderr.contains("reload failed; keeping the previous configuration") }, "\(daemon.stderr)")
        let line = daemon.stderr.split(separator: "\n").first { $0.contains("reload failed") }.map(String.init) ?? ""
        #expect(line.contains("error") && line.contains("\(config): no enabled [[source]]"), "\(line)")
        #expect(!daemon.stderr.contains("configuration reloaded"))
        // The old sources are still there: the daemon keeps running with them.
        try good.write(toFile: config, atomically: true, encoding: .utf8)
        daemon.signal(SIGTERM)
        #expect(daemon.wait(timeout: 20) == 0, "\(daemon.stderr)")
    }

    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func onceEndsOnASignalLikeTheDaemonWithSealedOutput(signal: Int32, exitStatus: Int32) throws {
        let site = try ReplicaSite()
        let dir = try TemporaryDirectory()
        // 300 ms between requests: the run takes seconds, so the signal lands in the middle.
        let config = EndToEndTests.config(dir, site, sources: EndToEndTests.home, delay: "300ms")
        let once = try GleanerProcess(["once", "--all", "--config", config])
        defer { if once.process.isRunning { once.signal(SIGKILL) } }
        #expect(eventually { site.server.requests.count >= 4 }, "\(once.stderr)")
        once.signal(signal)
        let status = once.wait(timeout: 20)
        #expect(status == exitStatus, "\(once.stdout)\(once.stderr)")
        #expect(once.process.terminationReason == .exit)
        #expect(once.stdout.contains("interrupted: pages in flight finished or abandoned, output sealed and committed"), "\(once.stdout)")
        let out = dir.path + "/state/out"
        let files = FileManager.default.enumerator(atPath: out)?.compactMap { $0 as? String } ?? []
        #expect(!files.contains { $0.hasSuffix(".open") }, "\(files)")
        #expect(files.contains { $0.hasSuffix(".jsonl") }, "what was fetched is committed: \(files)")
        #expect(site.server.requests.count < 30, "the run should have been cut short")
    }

    @Test func thousandsOfSourcesStillStopWithinTheShutdownGrace() throws {
        let site = try ReplicaSite()
        let dir = try TemporaryDirectory()
        let sources = (0..<2001).map { EndToEndTests.seedsSource("s\($0)", paths: ["/news/article.html?no=\($0)"]) }
        let config = EndToEndTests.config(dir, site, sources: sources.joined(separator: "\n"), grace: "3s")
        let daemon = try GleanerProcess(["run", "--config", config])
        defer { if daemon.process.isRunning { daemon.signal(SIGKILL) } }
        #expect(eventually(timeout: 30) { daemon.stderr.contains("run finished") }, "\(daemon.stderr.suffix(2000))")
        let start = Date()
        daemon.signal(SIGTERM)
        let status = daemon.wait(timeout: 120)
        let took = Date().timeIntervalSince(start)
        #expect(status == 0, "\(daemon.stderr.suffix(2000))")
        // Before, each finished run rewrote the metrics of all 2,001 sources: minutes, not seconds.
        #expect(took < 6, "shutdown took \(took) s with shutdown_grace = 3s")
        let files = FileManager.default.enumerator(atPath: dir.path + "/state/out")?.compactMap { $0 as? String } ?? []
        #expect(!files.contains { $0.hasSuffix(".open") }, "\(files)")
    }
}

