import Foundation
import GleanerModel
import GleanerStore
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Exactly-once through crashes: `gleaner-crashtest` (Tests/CrashWriter) commits a deterministic
/// stream of batches; we kill it with SIGKILL at random moments and make it `_exit` at chosen
/// steps of the commit protocol, restart it each time, and compare the result with a run that
/// never crashed.
@Suite struct CrashTests {
    /// Crashing runs aim at an endless stream; the final run and the reference stop a little after
    /// where the crashes left off.
    static let endless = ["--batches", "1000000"]

    /// Once with plain sealed files, once with gzip (`--compress`), whose seal has its own steps.
    /// Serialized: each case blocks its thread on child processes for many seconds, and two at
    /// once would hold every thread of a 2-core machine's cooperative pool.
    @Test(.serialized, arguments: [false, true])
    func everyCommittedRecordAppearsExactlyOnceThroughCrashes(compress: Bool) throws {
        let helper = try Self.helper()
        let reference = try TemporaryDirectory(prefix: "gleaner-crash-ref")
        let crashed = try TemporaryDirectory(prefix: "gleaner-crash")
        let flags = compress ? ["--compress"] : []
        let args = Self.endless + flags

        // Crashes at chosen steps of the protocol; after each, recovery must leave a consistent state.
        let points = compress
            // From a fresh start, the first compression is a size rotation in the middle of an hour.
            ? [("after-compress-rename", 1), ("mid-line", 1), ("after-append", 2), ("mid-compress", 1), ("after-sync", 1),
               ("mid-line", 3), ("mid-compress", 2), ("after-sync", 5), ("after-compress-rename", 2), ("mid-line", 2)]
            : [("mid-line", 1), ("after-append", 2), ("after-sync", 1), ("after-seal-rename", 1),
               ("mid-line", 3), ("after-sync", 5), ("after-append", 1), ("after-seal-rename", 2),
               ("after-sync", 2), ("mid-line", 2)]
        for (point, n) in points {
            var env = ProcessInfo.processInfo.environment
            env["GLEANER_CRASH_AT"] = "\(point):\(n)"
            let (status, _) = try run(helper, [crashed.path] + args, environment: env, timeout: 20)
            #expect(status == 42, "crash point \(point):\(n) was not reached")
            #expect(try run(helper, [crashed.path, "--recover-only"] + args).0 == 0)
            try Self.verify(crashed.path, afterRecovery: true, compressed: compress)
        }

        // SIGKILL at random moments (seeded, so a failure can be replayed).
        let seed = UInt64(Date().timeIntervalSince1970)
        var rng = SplitMix64(seed: seed)
        var killed = 0
        for _ in 0..<30 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: helper)
            p.arguments = [crashed.path] + args
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            usleep(UInt32(20_000 + rng.next() % 180_000))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            if p.terminationReason == .uncaughtSignal { killed += 1 }
        }
        #expect(killed >= 20, "only \(killed) of 30 runs were killed mid-way (seed \(seed))")
        #expect(try run(helper, [crashed.path, "--recover-only"] + args).0 == 0)
        try Self.verify(crashed.path, afterRecovery: true, compressed: compress)

        let (_, progress) = try run(helper, [crashed.path, "--recover-only"] + args)
        let committed = try #require(Int(progress.split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""))
        #expect(committed >= 10)  // the chosen crash points alone commit more than this
        let finalArgs = ["--batches", "\(committed + 10)"] + flags
        let (status, out) = try run(helper, [crashed.path] + finalArgs)
        #expect(status == 0 && out.hasPrefix("done"), "final run: \(out)")
        #expect(try run(helper, [reference.path] + finalArgs).0 == 0)
        try Self.verify(crashed.path, afterRecovery: false, compressed: compress)
        try Self.verify(reference.path, afterRecovery: false, compressed: compress)
        // The crashed run's output is byte for byte the output of a run that never crashed.
        let a = try Self.contents(crashed.path + "/out"), b = try Self.contents(reference.path + "/out")
        #expect(a.keys.sorted() == b.keys.sorted())
        #expect(a == b, "seed \(seed)")
    }

    /// Checks the invariants a consumer relies on, in the files and against the store.
    static func verify(_ dir: String, afterRecovery: Bool, compressed: Bool) throws {
        let store = try StateStore.openReadOnly(path: dir + "/state.sqlite")
        let out = dir + "/out"
        let fm = FileManager.default
        var seen = Set<String>()
        var maxRevision: [RecordKey: Int] = [:]
        var revisionsPerKey: [RecordKey: Int] = [:]
        for stream in try fm.contentsOfDirectory(atPath: out).sorted() {
            for name in try fm.contentsOfDirectory(atPath: out + "/" + stream).sorted() {
                let path = "\(out)/\(stream)/\(name)", relative = "\(stream)/\(name)"
                if name.hasSuffix(".jsonl.open") {
                    let row = try #require(try store.outputFile(path: String(relative.dropLast(5))), "stray \(relative)")
                    if afterRecovery { #expect(Int64(try fm.attributesOfItem(atPath: path)[.size] as! Int) == row.committedOffset) }
                } else if name.hasSuffix(".jsonl") || name.hasSuffix(".jsonl.gz") {
                    // With gzip on, a plain sealed name never appears, not even for a moment.
                    #expect(name.hasSuffix(".gz") == compressed, "\(relative) sealed with compression \(!compressed)")
                    #expect(try checkManifest(path).ok, "manifest of \(relative)")
                    let row = name.hasSuffix(".gz") ? String(relative.dropLast(3)) : relative
                    #expect(try store.outputFile(path: row)?.state == .sealed)
                } else {
                    #expect(!name.hasSuffix(".tmp"), "leftover temp file \(relative)")
                    continue
                }
                for line in try Workspace.lines(of: path) {
                    if stream == "rejects" {
                        let obj = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
                        #expect(obj?["type"] as? String == "reject")
                        #expect(seen.insert(String(decoding: line, as: UTF8.self)).inserted, "duplicate reject")
                        continue
                    }
                    let r = try Record(jsonLine: line)
                    #expect(seen.insert("\(r.key)#\(r.revision)").inserted, "duplicate \(r.key) revision \(r.revision)")
                    maxRevision[r.key] = max(maxRevision[r.key] ?? 0, r.revision)
                    revisionsPerKey[r.key, default: 0] += 1
                }
            }
        }
        // Every revision from 1 to the store's current one is in the files, exactly once.
        #expect(try store.recordCount() == maxRevision.count)
        for (key, top) in maxRevision {
            #expect(revisionsPerKey[key] == top, "revisions of \(key) are not 1…\(top)")
            #expect(try store.recordState(key)?.revision == top, "store and files disagree on \(key)")
        }
    }

    static func contents(_ dir: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let fm = FileManager.default
        for stream in try fm.contentsOfDirectory(atPath: dir) {
            for name in try fm.contentsOfDirectory(atPath: dir + "/" + stream) {
                result["\(stream)/\(name)"] = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(stream)/\(name)"))
            }
        }
        return result
    }

    /// The helper is built beside the test binary (`swift build --build-tests` builds it).
    static func helper() throws -> String {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        for dir in [exe, exe.deletingLastPathComponent(), repositoryRoot().appendingPathComponent(".build/debug")] {
            let candidate = dir.appendingPathComponent("gleaner-crashtest").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw HelperMissing()
    }

    struct HelperMissing: Error, CustomStringConvertible {
        var description: String { "gleaner-crashtest not built: run `swift build --build-tests` first" }
    }
}

