import Foundation
import Synchronization
import Testing
import TestSupport

/// A site whose record type exists only as TOML (Tests/CrawlTests/Fixtures/parsers/fxrates):
/// parsed, typed, deduplicated, written to out/<type>/, counted by status, described by
/// `gleaner schema`, as an operator sees it.
@Suite struct OwnRecordTypeTests {
    static let fixtures = repositoryRoot().appendingPathComponent("Tests/CrawlTests/Fixtures")
    static let parsers = fixtures.appendingPathComponent("parsers").path
    static let page = (try? String(contentsOf: fixtures.appendingPathComponent("rates.html"), encoding: .utf8)) ?? ""

    /// A bank site on loopback whose /rates page can be changed between runs.
    final class Bank: Sendable {
        let server: TestHTTPServer
        let html = Mutex(OwnRecordTypeTests.page)

        init() throws {
            server = try TestHTTPServer()
            server.route("/rates") { [unowned self] _, connection in
                connection.respond(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")],
                                   body: Array(self.html.withLock { $0 }.utf8))
            }
        }
    }

    static func config(_ dir: TemporaryDirectory, _ bank: Bank) throws -> String {
        let path = dir.path + "/g.toml"
        try """
            state_dir = "\(dir.path)/state"
            parser_dirs = ["\(parsers)"]

            [http]
            contact = "https://example.org/gleaner-tests"
            timeout = "10s"

            [http.connect_to]
            "rates.example:80" = "127.0.0.1:\(bank.server.port)"

            [politeness]
            delay = "0s"
            jitter = "0s"

            [[source]]
            name = "bank"
            parser = "fxrates"
            seeds = ["http://rates.example/rates"]
            every = "1h"
            jitter = "0s"
            max_depth = 0
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func lines(_ dir: TemporaryDirectory, _ type: String) throws -> [[String: Any]] {
        let folder = dir.path + "/state/out/" + type
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(type + "-") && $0.hasSuffix(".jsonl") }.sorted()
        return try files.flatMap { f in
            try String(contentsOfFile: folder + "/" + f, encoding: .utf8).split(separator: "\n").map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
        }
    }

    @Test func aTypeDeclaredInTOMLRunsThroughParseDedupOutputAndStatus() throws {
        let bank = try Bank()
        let dir = try TemporaryDirectory()
        let config = try Self.config(dir, bank)

        let first = try GleanerProcess.run(["once", "--all", "--config", config])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("new records: 3 exchange_rate"), "\(first.stdout)")
        let out = dir.path + "/state/out/exchange_rate"
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: out).first { $0.hasPrefix("exchange_rate-") && $0.hasSuffix(".jsonl") })
        let firstLine = try #require(try String(contentsOfFile: out + "/" + file, encoding: .utf8).split(separator: "\n").first)
        // Envelope first, then the fields in the order the TOML declares them, each typed.
        #expect(String(firstLine).hasPrefix(#"{"type":"exchange_rate","site":"fxrates","id":"2031-04-02/USD","revision":1,"#))
        #expect(String(firstLine).hasSuffix(#""day":"2031-04-02","currency":"USD","name":"미국 달러","rate":1352.5,"unit":1,"cash_only":false,"published_at":"2031-04-02T09:30:00+09:00","source":"http://rates.example/rates/USD"}"#))

        let again = try GleanerProcess.run(["once", "--all", "--config", config])
        #expect(again.status == 0)
        #expect(again.stdout.contains("new records: 0 exchange_rate"), "\(again.stdout)")

        bank.html.withLock { $0 = $0.replacingOccurrences(of: "1,352.50", with: "1,349.00") }
        let changed = try GleanerProcess.run(["once", "--all", "--config", config])
        #expect(changed.stdout.contains("new records: 1 exchange_rate"), "\(changed.stdout)")
        let usd = try lines(dir, "exchange_rate").filter { $0["currency"] as? String == "USD" }
        #expect(usd.map { $0["revision"] as? Int } == [1, 2])
        #expect(usd.last?["rate"] as? Double == 1349)

        let status = try GleanerProcess.run(["status", "--state-dir", dir.path + "/state", "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let records = try #require(json["records"] as? [String: [String: Int]])
        #expect(records["exchange_rate"] == ["ids": 3, "emitted": 4])
        let text = try GleanerProcess.run(["status", "--state-dir", dir.path + "/state"])
        #expect(text.stdout.contains("exchange_rate  3 ids, 4 records emitted"), "\(text.stdout)")
    }

    /// Text where a number is declared is a reject naming the field, the value and why; the other
    /// records of the page are written.
    @Test func aValueNotOfItsTypeIsARejectNamingFieldValueAndWhy() throws {
        let bank = try Bank()
        bank.html.withLock { $0 = $0.replacingOccurrences(of: "912.07", with: "n/a") }
        let dir = try TemporaryDirectory()
        let run = try GleanerProcess.run(["once", "--all", "--config", try Self.config(dir, bank)])
        #expect(run.stdout.contains("new records: 2 exchange_rate"), "\(run.stdout)")
        let rejects = try lines(dir, "rejects")
        #expect(rejects.count == 1, "\(rejects)")
        #expect(rejects.first?["record_type"] as? String == "exchange_rate")
        #expect(rejects.first?["field"] as? String == "rate")
        let reason = rejects.first?["reason"] as? String ?? ""
        #expect(reason.contains("field 'rate': 'n/a' is not a number: not a decimal number"), "\(reason)")
        #expect(reason.contains("record 2031-04-02/JPY"), "\(reason)")
        #expect(try lines(dir, "exchange_rate").map { $0["currency"] as? String } == ["USD", "VND"])
    }

    @Test func schemaDescribesTheDeclaredTypeInDeclaredOrder() throws {
        let r = try GleanerProcess.run(["schema", "--parser-dir", Self.parsers, "exchange_rate"])
        #expect(r.status == 0, "\(r.stderr)")
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let properties = try #require(schema["properties"] as? [String: [String: Any]])
        #expect(properties["rate"]?["type"] as? String == "number")
        #expect(properties["unit"]?["anyOf"] != nil, "optional: a value or null")
        #expect(properties["published_at"]?["anyOf"] != nil)
        #expect(schema["additionalProperties"] as? Bool == false)
        let keys = ["type", "site", "id", "revision", "url", "fetched_at", "day", "currency", "name", "rate", "unit",
                    "cash_only", "published_at", "source"]
        #expect(schema["required"] as? [String] == keys)
        // The printed order is the declared order, for people reading it.
        let positions = keys.map { r.stdout.range(of: "\"\($0)\": {")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil } && positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())

        let unknown = try GleanerProcess.run(["schema", "--parser-dir", Self.parsers, "exchange_rates"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("record type 'exchange_rates' is declared nowhere (declared: article, exchange_rate, teaser, weather)"), "\(unknown.stderr)")
    }
}
