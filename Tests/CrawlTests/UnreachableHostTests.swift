import Foundation
import Testing
import TestSupport

/// A host nobody answers for (a loopback port bound but not listening): the operator sees a
/// fetch failure of its own kind with libcurl's reason, never "disallowed by robots.txt".
@Suite struct UnreachableHostTests {
    /// A configuration whose one source's host connects to `port`, where nothing listens.
    static func config(_ dir: TemporaryDirectory, port: Int) throws -> String {
        let text = """
            state_dir = "\(dir.path)/state"
            parser_dirs = ["\(repositoryRoot().appendingPathComponent("Parsers").path)"]
            metrics_file = "\(dir.path)/gleaner.prom"

            [log]
            level = "info"
            format = "plain"

            [http]
            contact = "https://example.org/gleaner-tests"
            timeout = "10s"

            [http.connect_to]
            "www.tvseoul.kr:80" = "127.0.0.1:\(port)"

            [politeness]
            delay = "0s"
            jitter = "0s"

            [[source]]
            name = "down"
            parser = "tvseoul"
            seeds = ["http://www.tvseoul.kr/"]
            every = "1h"
            jitter = "0s"
            max_depth = 0
            """
        let path = dir.path + "/gleaner.toml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A metrics file that cannot be written is said on stderr with its path; the run goes on.
    @Test func aMetricsFileThatCannotBeWrittenIsSaid() throws {
        let port = try ReservedPort()
        let dir = try TemporaryDirectory()
        let config = try Self.config(dir, port: port.port)
        try FileManager.default.createDirectory(atPath: dir.path + "/gleaner.prom", withIntermediateDirectories: true)
        let once = try GleanerProcess.run(["once", "--config", config, "--all"])
        #expect(once.status == 1, "\(once.stderr)")
        #expect(once.stderr.contains("gleaner: metrics file \(dir.path)/gleaner.prom not written"), "\(once.stderr)")
    }

    @Test func connectionRefusedIsUnreachableInLogSummaryMetricsAndStatus() throws {
        let port = try ReservedPort()
        let dir = try TemporaryDirectory()
        let config = try Self.config(dir, port: port.port)

        let once = try GleanerProcess.run(["once", "--config", config, "--all"])
        #expect(once.status == 1, "\(once.stderr)")
        // One log line for the URL, a warning, naming the kind and libcurl's reason.
        let lines = once.stderr.split(separator: "\n").filter { $0.contains("crawl.url=http://www.tvseoul.kr/") }
        #expect(lines.count == 1, "\(once.stderr)")
        let line = String(lines.first ?? "")
        #expect(line.contains("warning"), "\(line)")
        #expect(line.contains("unreachable"), "\(line)")
        #expect(line.contains("Couldn't connect to server"), "\(line)")
        #expect(!once.stderr.contains("disallowed by robots.txt"), "\(once.stderr)")
        // The summary counts it.
        #expect(once.stdout.contains("failed: 1 × unreachable"), "\(once.stdout)")
        #expect(!once.stdout.contains("robots.txt disallowed"), "\(once.stdout)")

        let metrics = try String(contentsOfFile: dir.path + "/gleaner.prom", encoding: .utf8)
        #expect(metrics.contains("gleaner_fetches_total{kind=\"unreachable\"} 1\n"), "\(metrics)")
        #expect(metrics.contains("gleaner_page_errors_total{source=\"down\",stage=\"fetch\"} 1\n"), "\(metrics)")
        #expect(!metrics.contains("robots_disallowed\"} 1"), "\(metrics)")
        #expect(!metrics.contains("gleaner_robots_denied_total{"), "\(metrics)")
        // A source that never succeeded is there at 0, so the staleness alert fires.
        #expect(metrics.contains("gleaner_source_last_success_timestamp_seconds{source=\"down\"} 0\n"), "\(metrics)")

        let status = try GleanerProcess.run(["status", "--state-dir", dir.path + "/state"])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("failed: host unreachable: "), "\(status.stdout)")
        #expect(status.stdout.contains("Couldn't connect to server (http://www.tvseoul.kr/)"), "\(status.stdout)")
    }
}
