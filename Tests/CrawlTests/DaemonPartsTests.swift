import Foundation
import GleanerCrawl
import GleanerDaemon
import Logging
import Synchronization
import Testing
import TestSupport

@Suite struct SystemdNotifierTests {
    @Test func sendsDatagramsToAPathSocketInOrder() throws {
        let dir = try TemporaryDirectory()
        let socket = try NotifySocket(path: dir.path + "/notify")
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.address])
        #expect(notifier.isEnabled)
        notifier.ready(status: "idle: 2 sources")
        notifier.watchdog()
        notifier.stopping(status: "shutting down")
        #expect(socket.receive() == "READY=1\nSTATUS=idle: 2 sources")
        #expect(socket.receive() == "WATCHDOG=1")
        #expect(socket.receive() == "STOPPING=1\nSTATUS=shutting down")
    }

    @Test func reachesTheAbstractNamespace() throws {
        let name = "gleaner-test-\(UUID().uuidString)"
        let socket = try NotifySocket(abstractName: name)
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": "@" + name])
        notifier.reloading()
        let message = try #require(socket.receive())
        #expect(message.hasPrefix("RELOADING=1\nMONOTONIC_USEC="))
    }

    @Test func isANoOpWithoutNotifySocketAndReadsTheWatchdogInterval() {
        let off = SystemdNotifier(environment: [:])
        #expect(!off.isEnabled)
        #expect(!off.send("READY=1"))
        let on = SystemdNotifier(environment: ["NOTIFY_SOCKET": "/nonexistent", "WATCHDOG_USEC": "30000000"])
        #expect(on.watchdogInterval == .seconds(30))
        let otherProcess = SystemdNotifier(environment: ["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"])
        #expect(otherProcess.watchdogInterval == nil)
    }
}

@Suite struct JournalLogHandlerTests {
    final class Lines: Sendable {
        let value = Mutex<[String]>([])
        var all: [String] { value.withLock { $0 } }
    }

    @Test func journaldLinesCarryPriorityAndKeyValueMetadata() {
        let lines = Lines()
        var logger = Logger(label: "gleaner") { label in
            JournalLogHandler(label: label, level: .debug, format: .journald) { line in lines.value.withLock { $0.append(line) } }
        }
        logger[metadataKey: "source"] = "home"
        logger.warning("page failed", metadata: ["crawl.url": "http://www.tvseoul.kr/news/article.html?no=1", "error": "timed out after 30 s"])
        logger.debug("queued")
        logger.trace("dropped below level")
        #expect(lines.all == [
            "<4>page failed crawl.url=\"http://www.tvseoul.kr/news/article.html?no=1\" error=\"timed out after 30 s\" source=home\n",
            "<7>queued source=home\n",
        ])
    }

    @Test func plainLinesAreStrictLogfmt() throws {
        let lines = Lines()
        var logger = Logger(label: "gleaner") { label in
            JournalLogHandler(label: label, level: .info, format: .plain) { line in lines.value.withLock { $0.append(line) } }
        }
        logger[metadataKey: "source"] = "home"
        logger.warning("page failed", metadata: ["crawl.error": "a \"quoted\"\tword\\", "crawl.pages": "3"])
        let line = try #require(lines.all.first)
        // Every token is key=value; the message is quoted like any value with a space.
        #expect(line.hasPrefix("time="), "\(line)")
        #expect(line.contains(" level=warning msg=\"page failed\" crawl.error=\"a \\\"quoted\\\"\\tword\\\\\" crawl.pages=3 source=home\n"), "\(line)")
        let timestamp = try #require(line.split(separator: " ").first)
        #expect(timestamp.wholeMatch(of: /time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}|time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil, "\(timestamp)")
    }

    @Test func jsonFormatWritesOneObjectPerLine() throws {
        let lines = Lines()
        var logger = Logger(label: "gleaner") { label in
            JournalLogHandler(label: label, level: .info, format: JournalLogHandler.format(named: "json")) { line in
                lines.value.withLock { $0.append(line) }
            }
        }
        logger[metadataKey: "source"] = "home"
        logger.error("run finished", metadata: ["crawl.outcome": "failed: host unreachable\n\u{1}"])
        let line = try #require(lines.all.first)
        #expect(line.hasSuffix("}\n") && line.filter { $0 == "\n" }.count == 1, "\(line)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object["level"] == "error")
        #expect(object["msg"] == "run finished")
        #expect(object["source"] == "home")
        #expect(object["crawl.outcome"] == "failed: host unreachable\n\u{1}")
        #expect(object["time"] != nil)
    }

    @Test func autoFormatFollowsJournalStream() {
        #expect(JournalLogHandler.format(named: "auto", environment: ["JOURNAL_STREAM": "8:1234"]) == .journald)
        #expect(JournalLogHandler.format(named: "auto", environment: [:]) == .plain)
        #expect(JournalLogHandler.format(named: "journald", environment: [:]) == .journald)
    }
}

@Suite struct MetricsTests {
    @Test func rendersPrometheusTextAndWritesItAtomically() throws {
        let m = CrawlMetrics()
        m.add(.fetches, [("kind", "ok")], 3)
        m.add(.fetches, [("kind", "not_modified")])
        m.add(.records, [("site", "tvseoul"), ("type", "article"), ("outcome", "emitted")], 2)
        m.add(.requiredFieldMissing, [("site", "tvseoul"), ("field", "title")])
        m.set(.lastSuccess, [("source", "home")], 1_750_000_000)
        let text = m.render()
        #expect(text.contains("# TYPE gleaner_fetches_total counter\n"))
        #expect(text.contains("gleaner_fetches_total{kind=\"not_modified\"} 1\ngleaner_fetches_total{kind=\"ok\"} 3\n"))
        #expect(text.contains("gleaner_records_total{site=\"tvseoul\",type=\"article\",outcome=\"emitted\"} 2\n"))
        #expect(text.contains("gleaner_required_field_missing_total{site=\"tvseoul\",field=\"title\"} 1\n"))
        #expect(text.contains("gleaner_source_last_success_timestamp_seconds{source=\"home\"} 1750000000\n"))
        #expect(m.total(.fetches) == 4)

        let dir = try TemporaryDirectory()
        let file = MetricsFile(path: dir.path + "/textfile/gleaner.prom")
        try file.write(m)
        m.add(.fetches, [("kind", "ok")])
        try file.write(m)
        let written = try String(contentsOfFile: file.path, encoding: .utf8)
        #expect(written.contains("gleaner_fetches_total{kind=\"ok\"} 4\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/textfile") == ["gleaner.prom"])
    }

    @Test func helpNamesTheKindLabelsThatAreCounted() {
        let help = CrawlMetrics.Family.fetches.help
        #expect(help.contains("robots_disallowed"))
        #expect(help.contains("unreachable"))
        #expect(!help.contains(" robots,"))
    }

    @Test func everyConfiguredSourceHasItsSeriesAtZeroFromTheStart() {
        let m = CrawlMetrics(version: "9.8.7")
        m.set(.lastSuccess, [("source", "good")], 1_750_000_000)
        m.declare(sources: ["good", "never"])
        let text = m.render()
        #expect(text.contains("gleaner_build_info{version=\"9.8.7\"} 1\n"), "\(text)")
        // The alert `time() - last_success > 3 * every` sees a source that never succeeded.
        #expect(text.contains("gleaner_source_last_success_timestamp_seconds{source=\"never\"} 0\n"), "\(text)")
        #expect(text.contains("gleaner_source_last_success_timestamp_seconds{source=\"good\"} 1750000000\n"), "\(text)")
        #expect(text.contains("gleaner_source_runs_total{source=\"never\",outcome=\"failure\"} 0\n"), "\(text)")
        #expect(text.contains("gleaner_source_run_duration_seconds_bucket{source=\"never\",le=\"+Inf\"} 0\n"
                              + "gleaner_source_run_duration_seconds_sum{source=\"never\"} 0\n"
                              + "gleaner_source_run_duration_seconds_count{source=\"never\"} 0\n"), "\(text)")
    }

    @Test func runDurationIsAHistogramPerSource() {
        let m = CrawlMetrics()
        m.declare(sources: ["home"])
        m.observe(.runDuration, [("source", "home")], 12)
        m.observe(.runDuration, [("source", "home")], 400)
        let text = m.render()
        #expect(text.contains("# TYPE gleaner_source_run_duration_seconds histogram\n"))
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("gleaner_source_run_duration_seconds") }
        #expect(lines == [
            "gleaner_source_run_duration_seconds_bucket{source=\"home\",le=\"1\"} 0",
            "gleaner_source_run_duration_seconds_bucket{source=\"home\",le=\"5\"} 0",
            "gleaner_source_run_duration_seconds_bucket{source=\"home\",le=\"15\"} 1",
            "gleaner_source_run_duration_seconds_bucket{source=\"home\",le=\"60\"} 1",
            "gleaner_source_run_duration_seconds_bucket{source=\"home\",le=\"300\"} 1",
            "gleaner_source_run_duration_seconds_bucket{source=\"home\",le=\"900\"} 2",
            "gleaner_source_run_duration_seconds_bucket{source=\"home\",le=\"1800\"} 2",
            "gleaner_source_run_duration_seconds_bucket{source=\"home\",le=\"3600\"} 2",
            "gleaner_source_run_duration_seconds_bucket{source=\"home\",le=\"7200\"} 2",
            "gleaner_source_run_duration_seconds_bucket{source=\"home\",le=\"14400\"} 2",
            "gleaner_source_run_duration_seconds_bucket{source=\"home\",le=\"+Inf\"} 2",
            "gleaner_source_run_duration_seconds_sum{source=\"home\"} 412",
            "gleaner_source_run_duration_seconds_count{source=\"home\"} 2",
        ])
    }
}
