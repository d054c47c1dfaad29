import Foundation
import Testing
import TestSupport

/// `gleaner fetch` and `gleaner robots`, run as the built binary against the loopback server.
@Suite struct CommandTests {
    struct Run { var status: Int32; var stdout: String; var stderr: String }

    static var binary: URL {
        // The test bundle sits beside the products of the same build.
        let beside = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("gleaner")
        return FileManager.default.isExecutableFile(atPath: beside.path)
            ? beside : repositoryRoot().appendingPathComponent(".build/debug/gleaner")
    }

    func gleaner(_ arguments: String...) async throws -> Run {
        try await gleaner(arguments)
    }

    /// With `shell`, the first argument is the executable (e.g. `/bin/sh` to set a limit first).
    func gleaner(_ arguments: String..., shell: Bool) async throws -> Run {
        try await gleaner(Array(arguments.dropFirst()), executable: URL(fileURLWithPath: arguments[0]))
    }

    func gleaner(_ arguments: [String], executable: URL = Self.binary) async throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        return Run(
            status: process.terminationStatus,
            stdout: String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
            stderr: String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    var fixture: String { repositoryRoot().appendingPathComponent("Tests/FetchTests/Fixtures/tvseoul-robots.txt").path }

    func replica() throws -> TestHTTPServer {
        let server = try HostileRoutes.server()
        server.route("/robots.txt") { _, connection in connection.respond(status: 200, text: "User-agent: *\nDisallow: /admin/\n") }
        return server
    }

    @Test func robotsFromFileNamesTheRuleAndExitsOneWhenAnyIsDisallowed() async throws {
        let run = try await gleaner("robots", "--file", fixture, "http://www.tvseoul.kr/news/article.html?no=1", "http://www.tvseoul.kr/admin/login.php")
        #expect(run.status == 1)
        #expect(run.stdout == """
            allowed\thttp://www.tvseoul.kr/news/article.html?no=1\tAllow: /news/ (line 12)
            disallowed\thttp://www.tvseoul.kr/admin/login.php\tDisallow: /admin/ (line 5)

            """)
    }

    @Test func robotsExitsZeroWhenAllAreAllowed() async throws {
        let run = try await gleaner("robots", "--file", fixture, "http://www.tvseoul.kr/", "http://www.tvseoul.kr/company/about.php")
        #expect(run.status == 0)
        #expect(run.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("allowed\t") })
    }

    @Test func robotsUsesTheGivenUserAgentsGroup() async throws {
        let run = try await gleaner("robots", "--user-agent", "MJ12bot", "--file", fixture, "http://www.tvseoul.kr/")
        #expect(run.status == 1)
        #expect(run.stdout.contains("Disallow: / (line 16)"))
    }

    @Test func robotsExitsTwoOnAnUnreadableFile() async throws {
        let run = try await gleaner("robots", "--file", "/nonexistent/robots.txt", "http://www.tvseoul.kr/")
        #expect(run.status == 2)
        #expect(run.stderr.contains("cannot read /nonexistent/robots.txt"))
    }

    /// A robots.txt file is read up to RFC 9309's 500 KiB and no further: an 8 GiB (sparse) file
    /// under a 4 GiB address-space limit is answered at once, with a note on stderr.
    @Test func robotsReadsAFileOnlyUpToTheRFCLimit() async throws {
        let temp = try TemporaryDirectory(prefix: "gleaner-robots")
        let path = temp.path + "/robots.txt"
        try Data("User-agent: *\nDisallow: /admin/\n".utf8).write(to: URL(fileURLWithPath: path))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 8 << 30)
        try handle.close()
        let run = try await gleaner("/bin/sh", "-c", "ulimit -v 4194304; exec \"$0\" robots --file \"$1\" http://www.tvseoul.kr/admin/x",
                                    Self.binary.path, path, shell: true)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("disallowed\thttp://www.tvseoul.kr/admin/x\tDisallow: /admin/ (line 2)"))
        #expect(run.stderr.contains("only its first 512000 bytes are read"), "\(run.stderr)")
    }

    @Test func robotsFetchesFromTheURLsHost() async throws {
        let server = try replica()
        defer { server.stop() }
        let run = try await gleaner("robots", "--connect-to", server.connectTo(host: "www.tvseoul.kr"), "http://www.tvseoul.kr/admin/x")
        #expect(run.status == 1)
        #expect(run.stdout == "disallowed\thttp://www.tvseoul.kr/admin/x\tDisallow: /admin/ (line 2)\n")
        #expect(server.requests(path: "/robots.txt").first?.header("Host") == "www.tvseoul.kr")
    }

    @Test func fetchPrintsStatusFinalURLCharsetAndHeadersAndWritesTheBody() async throws {
        let server = try replica()
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        let file = directory.url.appendingPathComponent("body.html").path
        let run = try await gleaner(
            "fetch", "--connect-to", server.connectTo(host: "www.tvseoul.kr"), "--header", "X-Test: 1", "-o", file,
            "http://www.tvseoul.kr/r308")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("status:    200"))
        #expect(run.stdout.contains("final url: http://www.tvseoul.kr/page (1 redirects)"))
        #expect(run.stdout.contains("charset:   utf-8"))
        #expect(run.stdout.contains("size:      \(HostileRoutes.page.utf8.count) bytes"))
        #expect(run.stdout.contains("  ETag: \(HostileRoutes.etag)"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == HostileRoutes.page)
        #expect(server.requests(path: "/page").first?.header("X-Test") == "1")
    }

    @Test func fetchRefusesADisallowedURLUnlessToldToIgnoreRobots() async throws {
        let server = try replica()
        server.route("/admin/x") { _, connection in connection.respond(status: 200, text: "secret") }
        defer { server.stop() }
        let connect = server.connectTo(host: "www.tvseoul.kr")
        let refused = try await gleaner("fetch", "--connect-to", connect, "http://www.tvseoul.kr/admin/x")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("Disallow: /admin/ (line 2)"))
        #expect(server.requests(path: "/admin/x").isEmpty)
        let forced = try await gleaner("fetch", "--ignore-robots", "--connect-to", connect, "http://www.tvseoul.kr/admin/x")
        #expect(forced.status == 0)
        #expect(server.requests(path: "/admin/x").count == 1)
    }

    @Test func fetchExitsOneOnAnHTTPErrorAndTwoOnAFailedFetch() async throws {
        let server = try replica()
        defer { server.stop() }
        let missing = try await gleaner("fetch", "\(server.baseURL)/missing")
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("status:    404"))
        let tooLarge = try await gleaner("fetch", "--ignore-robots", "\(server.baseURL)/bomb")
        #expect(tooLarge.status == 2)  // 64 MiB inflated against the default 10 MiB limit
        #expect(tooLarge.stderr.contains("fetch failed: body too large"))
        let closed = try ReservedPort()
        let failed = try await gleaner("fetch", "--ignore-robots", "http://127.0.0.1:\(closed.port)/")
        #expect(failed.status == 2)
        #expect(failed.stderr.hasPrefix("gleaner: fetch failed: could not connect - GET http://127.0.0.1:\(closed.port)/"))
    }
}
