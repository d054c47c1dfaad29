import Foundation
import Testing
import TestSupport

/// The options every command spells the same way (`--connect-to`, `--config`, `--parser-dir`)
/// and `--version`, run as the built binary against a loopback server.
@Suite struct CommandOptionTests {
    struct Run { var status: Int32; var stdout: String; var stderr: String }

    func gleaner(_ arguments: [String], in directory: String? = nil) throws -> Run {
        let process = Process()
        process.executableURL = CommandTests.binary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A configuration with its own User-Agent and a connect-to entry for `www.tvseoul.kr:80`.
    func config(_ dir: TemporaryDirectory, connectTo: String, extra: String = "") throws -> String {
        let path = dir.path + "/gleaner.toml"
        try """
            state_dir = "\(dir.path)/state"
            parser_dirs = ["\(repositoryRoot().appendingPathComponent("Parsers").path)"]

            [log]
            level = "error"

            [http]
            user_agent = "probe/2.0"
            contact = "https://example.org/who"

            [http.connect_to]
            "www.tvseoul.kr:80" = "\(connectTo)"

            [politeness]
            delay = "0s"
            jitter = "0s"
            max_crawl_delay = "0s"
            \(extra)
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func server() throws -> TestHTTPServer {
        let server = try HostileRoutes.server()
        server.route("/robots.txt") { _, connection in connection.respond(status: 200, text: "User-agent: *\nDisallow: /admin/\n") }
        return server
    }

    @Test func versionPrintsTheUserAgentsVersion() throws {
        let run = try gleaner(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout.wholeMatch(of: /gleaner \d+\.\d+\.\d+\n/) != nil, "\(run.stdout)")
    }

    // MARK: - --connect-to

    @Test func fetchTakesTheConfigurationFormOfConnectToToo() throws {
        let server = try server()
        defer { server.stop() }
        let run = try gleaner(["fetch", "--connect-to", "www.tvseoul.kr:80=127.0.0.1:\(server.port)", "http://www.tvseoul.kr/page"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(server.requests(path: "/page").first?.header("Host") == "www.tvseoul.kr")
    }

    /// A malformed entry is refused with the expected form, never handed to libcurl (which
    /// ignores it and fetches from the URL's own host).
    @Test(arguments: [["fetch"], ["robots"], ["once", "--config", "/nonexistent.toml"], ["run", "--config", "/nonexistent.toml"]])
    func everyCommandRefusesAMalformedConnectTo(command: [String]) throws {
        let server = try server()
        defer { server.stop() }
        for entry in ["www.tvseoul.kr:127.0.0.1:\(server.port)", "www.tvseoul.kr:80-127.0.0.1:\(server.port)", "www.tvseoul.kr:80:127.0.0.1:99999"] {
            let url = command[0] == "fetch" || command[0] == "robots" ? ["\(server.baseURL)/page"] : []
            let run = try gleaner(command + ["--connect-to", entry] + url)
            #expect(run.status == 64, "\(command) \(entry): \(run.status) \(run.stderr)")
            #expect(run.stderr.contains("--connect-to \"\(entry)\": expected HOST:PORT:ADDRESS:PORT"), "\(run.stderr)")
        }
        #expect(server.requests.isEmpty)
    }

    /// `once` takes libcurl's form, as `fetch` does, besides `host:port=address:port`.
    @Test func onceTakesLibcurlsConnectToForm() throws {
        let server = try server()
        let home = try String(contentsOf: repositoryRoot().appendingPathComponent("Parsers/tvseoul/fixtures/index.html"), encoding: .utf8)
        server.route("/") { _, connection in connection.respond(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], text: home) }
        defer { server.stop() }
        let dir = try TemporaryDirectory()
        let config = try config(dir, connectTo: "127.0.0.1:1", extra: """

            [[source]]
            name = "home"
            parser = "tvseoul"
            seeds = ["http://www.tvseoul.kr/"]
            every = "1h"
            max_depth = 0
            emit = ["weather"]
            """)
        let run = try gleaner(["once", "--config", config, "--all", "--connect-to", "www.tvseoul.kr:80:127.0.0.1:\(server.port)"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(server.requests(path: "/").first?.header("Host") == "www.tvseoul.kr")
        #expect(run.stdout.contains("new records: 16 weather →"), "\(run.stdout)")
    }

    // MARK: - --config in fetch and robots

    @Test func fetchWithConfigSendsTheDaemonsUserAgentThroughItsConnectTo() throws {
        let server = try server()
        defer { server.stop() }
        let dir = try TemporaryDirectory()
        let config = try config(dir, connectTo: "127.0.0.1:\(server.port)")
        let run = try gleaner(["fetch", "--config", config, "http://www.tvseoul.kr/page"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(server.requests(path: "/page").first?.header("User-Agent") == "probe/2.0 (+https://example.org/who)")
        #expect(server.requests(path: "/robots.txt").first?.header("User-Agent") == "probe/2.0 (+https://example.org/who)")
    }

    @Test func robotsWithConfigUsesItsUserAgentAndProductToken() throws {
        let server = try server()
        server.route("/robots.txt") { _, connection in
            connection.respond(status: 200, text: "User-agent: probe\nDisallow: /news/\n\nUser-agent: *\nDisallow: /admin/\n")
        }
        defer { server.stop() }
        let dir = try TemporaryDirectory()
        let config = try config(dir, connectTo: "127.0.0.1:\(server.port)")
        let run = try gleaner(["robots", "--config", config, "http://www.tvseoul.kr/news/a"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout == "disallowed\thttp://www.tvseoul.kr/news/a\tDisallow: /news/ (line 2)\n")
        #expect(server.requests(path: "/robots.txt").first?.header("User-Agent") == "probe/2.0 (+https://example.org/who)")
    }

    @Test func fetchNamesTheFileOfABadConfiguration() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/bad.toml"
        try "[http]\ntimeout = \"soon\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        let run = try gleaner(["fetch", "--config", path, "http://127.0.0.1:1/"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(path):2: http.timeout"), "\(run.stderr)")
    }

    /// A host nobody answers on is a fetch failure of its own ("host unreachable", exit 2), as in
    /// the crawl, not a URL robots.txt disallows.
    @Test func fetchOfAnUnreachableHostSaysSo() throws {
        let run = try gleaner(["fetch", "http://127.0.0.1:1/page"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("host unreachable"), "\(run.stderr)")
        #expect(!run.stderr.contains("disallowed"), "\(run.stderr)")
    }

    // MARK: - --parser-dir

    @Test(arguments: ["--parser-dir", "--parsers-dir"])
    func parseTakesParserDirAndTheOldSpelling(option: String) throws {
        let elsewhere = try TemporaryDirectory()  // no ./Parsers here
        let root = repositoryRoot()
        let run = try gleaner(["parse", "--parser", "tvseoul", option, root.appendingPathComponent("Parsers").path,
                               root.appendingPathComponent("Parsers/tvseoul/fixtures/article_62031.html").path], in: elsewhere.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == (try String(contentsOf: root.appendingPathComponent("Parsers/tvseoul/expected/article_62031.jsonl"), encoding: .utf8)))
    }

    @Test func parseNamesTheFileItCannotReadAndWhy() throws {
        let run = try gleaner(["parse", "--parser", "tvseoul", "missing.html"], in: repositoryRoot().path)
        #expect(run.status == 1)
        #expect(run.stderr.contains("missing.html: cannot read the file: No such file or directory"), "\(run.stderr)")
    }

    @Test func helpShowsOnlyTheOneSpelling() throws {
        for command in ["parse", "run", "once"] {
            let run = try gleaner([command, "--help"])
            #expect(run.stdout.contains("--parser-dir"), "\(command)")
            #expect(!run.stdout.contains("--parsers-dir"), "\(command)")
        }
    }
}
