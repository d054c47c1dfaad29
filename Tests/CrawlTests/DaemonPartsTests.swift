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
}
