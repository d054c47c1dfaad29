import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A parser that does not load costs only the sources that use it: `once`, `run`, a reload and
/// `status` as an operator sees them, against the replica on loopback.
@Suite struct BrokenParserTests {
    static let tvseoul = repositoryRoot().appendingPathComponent("Parsers/tvseoul/parser.toml")

    /// A folder of parsers: `tvseoul` (the shipped file), `other` (the same file named "other")
    /// and `broken` (named "broken", with one unknown transform), plus an empty folder.
    struct Parsers {
        let root: String
        let empty: String
        let missing: String
        /// The broken parser's file and the line of its one error.
        let broken: String
        let brokenLine: Int

        init(_ dir: TemporaryDirectory) throws {
            root = dir.path + "/parsers"
            empty = dir.path + "/parsers.d"
            missing = dir.path + "/nowhere"
            try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
            let text = try String(contentsOf: BrokenParserTests.tvseoul, encoding: .utf8)
            try Self.write(text, to: root + "/tvseoul")
            try Self.write(Self.renamed(text, "other"), to: root + "/other")
            let (bad, line) = Self.broken(Self.renamed(text, "broken"))
            try Self.write(bad, to: root + "/broken")
            broken = root + "/broken/parser.toml"
            brokenLine = line
        }

        static func renamed(_ text: String, _ name: String) -> String {
            text.replacingOccurrences(of: "name = \"tvseoul\"", with: "name = \"\(name)\"")
        }

        /// The text with its first `box = { value = "home" }` given an unknown transform, and that line.
        static func broken(_ text: String) -> (String, Int) {
            var text = text
            let range = text.range(of: "box = { value = \"home\" }")!
            let line = text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
            text.replaceSubrange(range, with: "box = { value = \"home\", transforms = [\"shout\"] }")
            return (text, line)
        }

        static func write(_ text: String, to folder: String) throws {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try text.write(toFile: folder + "/parser.toml", atomically: true, encoding: .utf8)
        }

        /// The `parser_dirs` line: the parsers, an empty folder and one that does not exist.
        var dirsLine: String { "parser_dirs = [\"\(root)\", \"\(empty)\", \"\(missing)\"]" }
    }

    static func source(_ name: String, parser: String, no: Int) -> String {
        EndToEndTests.oneArticle
            .replacingOccurrences(of: "name = \"article\"", with: "name = \"\(name)\"")
            .replacingOccurrences(of: "parser = \"tvseoul\"", with: "parser = \"\(parser)\"")
            .replacingOccurrences(of: "no=64483", with: "no=\(no)")
    }

    /// The replica configuration with `parser_dirs` pointed at `parsers`.
    static func config(_ dir: TemporaryDirectory, _ site: ReplicaSite, _ parsers: Parsers, sources: String) throws -> String {
        let path = EndToEndTests.config(dir, site, sources: sources)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("parser_dirs") })
        try text.replacingOccurrences(of: String(line), with: parsers.dirsLine).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func onceRunsTheSourcesOfTheParsersThatLoadAndExitsOne() throws {
        let site = try ReplicaSite()
        let dir = try TemporaryDirectory()
        let parsers = try Parsers(dir)
        let config = try Self.config(dir, site, parsers, sources: Self.source("good", parser: "tvseoul", no: 64483)
                                     + "\n" + Self.source("bad", parser: "broken", no: 64466))
        let run = try GleanerProcess.run(["once", "--all", "--config", config])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        // The good source ran and its record is written; the other was never fetched.
        #expect(try EndToEndTests.records(dir).filter { $0.contains("\"id\":\"64483\"") }.count == 1)
        #expect(!site.server.requests.contains { $0.target == "/news/article.html?no=64466" })
        #expect(run.stdout.contains("source bad: not run: parser broken did not load (1 error; `gleaner check --config` lists them)"), "\(run.stdout)")
        #expect(run.stderr.contains("level=error msg=\"parser did not load; its sources are disabled\""), "\(run.stderr)")
        #expect(run.stderr.contains("\(parsers.broken):\(parsers.brokenLine): records.home_headline.fields.box.transforms[0]: unknown transform 'shout'"),
                "\(run.stderr)")
        let metrics = try String(contentsOfFile: dir.path + "/gleaner.prom", encoding: .utf8)
        #expect(metrics.contains("gleaner_parser_load_errors{parser=\"broken\"} 1\n"), "\(metrics)")
        #expect(metrics.contains("gleaner_parser_load_errors{parser=\"tvseoul\"} 0\n"), "\(metrics)")
        #expect(metrics.contains("gleaner_source_disabled{source=\"bad\"} 1\n"), "\(metrics)")
        #expect(metrics.contains("gleaner_source_disabled{source=\"good\"} 0\n"), "\(metrics)")

        let status = try GleanerProcess.run(["status", "--state-dir", dir.path + "/state"])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("  DISABLED bad: parser broken did not load (1 error; gleaner check lists them): "
                                       + "\(parsers.broken):\(parsers.brokenLine): records.home_headline.fields.box.transforms[0]"), "\(status.stdout)")
        let json = try GleanerProcess.run(["status", "--state-dir", dir.path + "/state", "--json"])
        #expect(json.stdout.contains("\"disabled_sources\""), "\(json.stdout)")

        // Naming the disabled source is a setup failure: nothing of it can run.
        let named = try GleanerProcess.run(["once", "--source", "bad", "--config", config])
        #expect(named.status == 2)
        #expect(named.stderr.contains("gleaner: source \"bad\" cannot run: parser \"broken\" did not load:\n  \(parsers.broken):\(parsers.brokenLine): "),
                "\(named.stderr)")

        // Fixed: the source runs and status no longer lists it.
        try String(contentsOf: Self.tvseoul, encoding: .utf8).replacingOccurrences(of: "name = \"tvseoul\"", with: "name = \"broken\"")
            .write(toFile: parsers.broken, atomically: true, encoding: .utf8)
        let fixed = try GleanerProcess.run(["once", "--all", "--config", config])
        #expect(fixed.status == 0, "\(fixed.stdout)\(fixed.stderr)")
        #expect(site.server.requests.contains { $0.target == "/news/article.html?no=64466" })
        let after = try GleanerProcess.run(["status", "--state-dir", dir.path + "/state"])
        #expect(!after.stdout.contains("DISABLED"), "\(after.stdout)")
    }

    @Test func emptyAndMissingParserFoldersAreSkipped() throws {
        let site = try ReplicaSite()
        let dir = try TemporaryDirectory()
        let parsers = try Parsers(dir)
        try FileManager.default.removeItem(atPath: parsers.root + "/broken")
        let config = try Self.config(dir, site, parsers, sources: Self.source("good", parser: "tvseoul", no: 64483))
        let check = try GleanerProcess.run(["check", "--config", config])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("skipped \(parsers.empty): missing or holds no parser.toml"), "\(check.stdout)")
        #expect(check.stdout.contains("skipped \(parsers.missing): missing or holds no parser.toml"), "\(check.stdout)")
        #expect(check.stdout.contains("ok config \(config): 1 sources (good)"), "\(check.stdout)")
        let once = try GleanerProcess.run(["once", "--config", config])
        #expect(once.status == 0, "\(once.stdout)\(once.stderr)")
        #expect(try EndToEndTests.records(dir).count == 1)
    }

    @Test func theDaemonRunsTheOtherSourcesAndAReloadKeepsTheOldVersionOfABrokenParser() throws {
        let site = try ReplicaSite()
        let dir = try TemporaryDirectory()
        let parsers = try Parsers(dir)
        let sources = Self.source("good", parser: "tvseoul", no: 64483) + "\n" + Self.source("bad", parser: "broken", no: 64466)
        let config = try Self.config(dir, site, parsers, sources: sources)
        let daemon = try GleanerProcess(["run", "--config", config])
        defer { if daemon.process.isRunning { daemon.signal(SIGKILL) } }
        #expect(eventually { daemon.stderr.contains("run finished") }, "\(daemon.stderr)")
        #expect(daemon.stderr.contains("level=error msg=\"parser did not load; its sources are disabled\""), "\(daemon.stderr)")
        #expect(daemon.stderr.contains("\(parsers.broken):\(parsers.brokenLine): records.home_headline.fields.box.transforms[0]"))
        let prom = dir.path + "/gleaner.prom"
        #expect(eventually { ((try? String(contentsOfFile: prom, encoding: .utf8)) ?? "").contains("gleaner_source_disabled{source=\"bad\"} 1\n") },
                "\((try? String(contentsOfFile: prom, encoding: .utf8)) ?? "no metrics file")")
        let status = try GleanerProcess.run(["status", "--state-dir", dir.path + "/state"])
        #expect(status.stdout.contains("  DISABLED bad: parser broken did not load"), "\(status.stdout)")

        // Reload: `other` is broken on disk but loaded before, so its old version serves the new
        // source "second"; `broken` still has no old version, so "bad" stays off.
        let (otherBroken, otherLine) = Parsers.broken(Parsers.renamed(try String(contentsOf: Self.tvseoul, encoding: .utf8), "other"))
        try otherBroken.write(toFile: parsers.root + "/other/parser.toml", atomically: true, encoding: .utf8)
        #expect(try Self.config(dir, site, parsers, sources: sources + "\n" + Self.source("second", parser: "other", no: 62031)) == config)
        daemon.signal(SIGHUP)
        #expect(eventually { site.server.requests.contains { $0.target == "/news/article.html?no=62031" } }, "\(daemon.stderr)")
        #expect(daemon.stderr.contains("level=error msg=\"configuration reloaded partially: some parsers did not load\""), "\(daemon.stderr)")
        #expect(daemon.stderr.contains("daemon.parsers_kept=other"), "\(daemon.stderr)")
        #expect(daemon.stderr.contains("level=error msg=\"parser did not load; its previous version stays in use\""), "\(daemon.stderr)")
        #expect(daemon.stderr.contains("\(parsers.root)/other/parser.toml:\(otherLine): records.home_headline.fields.box.transforms[0]"))
        #expect(!site.server.requests.contains { $0.target == "/news/article.html?no=64466" }, "the source of the parser with no old version stays off")
        #expect(eventually { ((try? String(contentsOfFile: prom, encoding: .utf8)) ?? "").contains("gleaner_parser_load_errors{parser=\"other\"} 1\n") })
        daemon.signal(SIGTERM)
        #expect(daemon.wait(timeout: 20) == 0, "\(daemon.stderr)")
        #expect(try EndToEndTests.records(dir).contains { $0.contains("\"id\":\"62031\"") && $0.contains("\"site\":\"other\"") },
                "the kept parser's records")
    }

    @Test func checkConfigReportsEveryStageInOneRunAndCountsFiles() throws {
        let site = try ReplicaSite()
        let dir = try TemporaryDirectory()
        let parsers = try Parsers(dir)
        let photo = EndToEndTests.seedsSource("photo", paths: ["/photo/view.html?no=7"])
        let config = try Self.config(dir, site, parsers, sources: Self.source("good", parser: "tvseoul", no: 64483)
                                     + "\n" + Self.source("bad", parser: "broken", no: 64466) + "\n" + photo)
        let text = try String(contentsOfFile: config, encoding: .utf8)
        try text.replacingOccurrences(of: "every = \"1h\"", with: "every = \"1 hour\"", options: [], range: text.range(of: "every = \"1h\""))
            .write(toFile: config, atomically: true, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let everyLine = lines.firstIndex { $0.hasPrefix("every =") }! + 1
        let seedLine = lines.firstIndex { $0.contains("/photo/view.html") }! + 1

        let check = try GleanerProcess.run(["check", "--config", config])
        #expect(check.status == 1)
        let errors = check.stderr.split(separator: "\n").filter { $0.hasPrefix("error: ") }.map(String.init)
        #expect(errors.count == 3, "\(check.stderr)")
        #expect(errors.first?.hasPrefix("error: \(config):\(everyLine): source[0].every: expected a duration") == true, "\(errors)")
        #expect(errors.dropFirst().first?.hasPrefix(
            "error: \(parsers.broken):\(parsers.brokenLine): records.home_headline.fields.box.transforms[0]: unknown transform 'shout'") == true, "\(errors)")
        #expect(errors.last == "error: \(config):\(seedLine): source[2].seeds[0]: http://www.tvseoul.kr/photo/view.html?no=7 matches no page kind "
                + "of parser tvseoul (kinds: home ^/(index\\.html?)?(\\?.*)?$, article ^/news/article\\.html\\?(.*&)?no=\\d+, "
                + "section ^/news/section_list_all\\.html\\?(.*&)?sec_no=\\d+); use the URL of a page of one of them", "\(errors)")
        #expect(check.stderr.contains("note: \(config): source[1] \"bad\": parser broken did not load; the daemon runs the other sources without it"),
                "\(check.stderr)")
        #expect(check.stderr.hasSuffix("3 errors in 2 files\n"), "\(check.stderr)")
        #expect(check.stderr.split(separator: "\n").suffix(2).first?.hasPrefix("note: ") == true, "notes come after the errors: \(check.stderr)")
        #expect(!check.stdout.contains("ok"), "\(check.stdout)")
    }
}
