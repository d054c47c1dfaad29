import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `gleaner status` as an operator meets it: before anything ran, after a failed run, and
/// beside a running daemon.
@Suite struct StatusCommandTests {
    @Test func noStateYetIsAnAnswerNotAUsageError() throws {
        let dir = try TemporaryDirectory()
        let text = try GleanerProcess.run(["status", "--state-dir", dir.path + "/state"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("no state yet at \(dir.path)/state/state.sqlite: the daemon has not run"), "\(text.stdout)")
        #expect(text.stdout.contains("daemon    not running"), "\(text.stdout)")
        #expect(!text.stderr.contains("Usage"), "\(text.stderr)")

        let json = try GleanerProcess.run(["status", "--db", dir.path + "/state.sqlite", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["database"] as? [String: Any])?["exists"] as? Bool == false)
        #expect((object["daemon"] as? [String: Any])?["running"] as? Bool == false)
    }

    @Test func jsonOutcomeIsAMachineValueAndTheRunningDaemonIsNamed() throws {
        let port = try ReservedPort()
        let dir = try TemporaryDirectory()
        let config = try UnreachableHostTests.config(dir, port: port.port)
        #expect(try GleanerProcess.run(["once", "--config", config]).status == 1)

        let after = try GleanerProcess.run(["status", "--state-dir", dir.path + "/state", "--json"])
        #expect(after.status == 0, "\(after.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [String: Any])
        let source = try #require((object["sources"] as? [[String: Any]])?.first)
        #expect(source["last_outcome"] as? String == "failed")
        let reason = try #require(source["last_outcome_reason"] as? String)
        #expect(reason.hasPrefix("host unreachable: "), "\(reason)")
        #expect(reason.hasSuffix("(http://www.tvseoul.kr/)"), "\(reason)")
        #expect((object["daemon"] as? [String: Any])?["running"] as? Bool == false)

        // The daemon holds the state directory's lock for as long as it runs.
        let daemon = try GleanerProcess(["run", "--config", config])
        defer { if daemon.process.isRunning { daemon.signal(SIGKILL); daemon.wait(timeout: 5) } }
        let pid = daemon.process.processIdentifier
        var seen = ""
        #expect(eventually(timeout: 20) {
            seen = (try? GleanerProcess.run(["status", "--state-dir", dir.path + "/state"]).stdout) ?? ""
            return seen.contains("daemon    running: pid \(pid) (gleaner run --config \(config))")
        }, "\(seen)\n\(daemon.stderr)")
        let json = try GleanerProcess.run(["status", "--state-dir", dir.path + "/state", "--json"])
        let running = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((running["daemon"] as? [String: Any])?["pid"] as? Int == Int(pid))
        daemon.signal(SIGTERM)
        #expect(daemon.wait(timeout: 15) == 0, "\(daemon.stderr)")
    }
}
