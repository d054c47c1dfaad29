import ArgumentParser
import Foundation
import GleanerFetch

/// `gleaner robots URL…`: why was (or wasn't) this page crawled?
struct RobotsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "robots",
        abstract: "Say whether robots.txt allows each URL, and which rule decided.",
        discussion: """
            Prints one line per URL: allowed or disallowed, the URL, and the deciding rule with its \
            line. robots.txt is read from --file, else fetched from each URL's host. Exit status: \
            0 when all are allowed, 1 when any is disallowed, 2 on error.
            """)

    @Argument(help: "The URLs to check.")
    var urls: [String]

    @Option(help: "The crawler's User-Agent or product token (default: gleaner's own).")
    var userAgent: String = GleanerFetch.defaultUserAgent

    @Option(help: "Check against this robots.txt file instead of fetching.")
    var file: String?

    @Option(name: .customLong("connect-to"), help: "libcurl CONNECT_TO, HOST:PORT:CONNECT-HOST:CONNECT-PORT (repeatable).")
    var connectTo: [String] = []

    func validate() throws {
        if urls.isEmpty { throw ValidationError("give at least one URL") }
    }

    func run() async throws {
        do { try await execute() } catch let failure as FetchCommandFailure {
            FileHandle.standardError.write(Data("gleaner: \(failure.message)\n".utf8))
            throw ExitCode(failure.code)
        }
    }

    private func execute() async throws {
        let token = GleanerFetch.productToken(of: userAgent)
        var fromFile: Robots?
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw FetchCommandFailure(message: "cannot read \(file)", code: 2)
            }
            fromFile = Robots(parsing: Array(data))
        }
        var settings = HTTPClientSettings()
        settings.connectTo = connectTo
        settings.userAgent = userAgent
        let cache = RobotsCache(client: HTTPClient(settings: settings))

        var anyDisallowed = false, anyError = false
        for url in urls {
            let robots: Robots? = if let fromFile { fromFile } else { await cache.robots(for: url) }
            guard let robots, let path = RobotsCache.pathAndQuery(of: url), fromFile != nil || RobotsCache.origin(of: url) != nil else {
                FileHandle.standardError.write(Data("gleaner: not an absolute http(s) URL: \(url)\n".utf8))
                anyError = true
                continue
            }
            let verdict = robots.verdict(for: path, productToken: token)
            anyDisallowed = anyDisallowed || !verdict.allowed
            print("\(verdict.allowed ? "allowed" : "disallowed")\t\(url)\t\(verdict.reason)")
        }
        if anyError { throw ExitCode(2) }
        if anyDisallowed { throw ExitCode(1) }
    }
}
