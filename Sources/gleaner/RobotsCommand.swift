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
            line. robots.txt is read from --file, else fetched from each URL's host with the \
            configuration's User-Agent (--config). Exit status: \
            0 when all are allowed, 1 when any is disallowed, 2 on error.
            """)

    @Argument(help: "The URLs to check.")
    var urls: [String]

    @Option(help: "The crawler's User-Agent or product token. Default: the configuration's, else gleaner's own.")
    var userAgent: String?

    @Option(help: "Check against this robots.txt file instead of fetching.")
    var file: String?

    @OptionGroup var client: ClientOptions

    func validate() throws {
        if urls.isEmpty { throw ValidationError("give at least one URL") }
    }

    func run() async throws {
        do { try await execute() } catch let failure as FetchCommandFailure {
            FileHandle.standardError.write(Data("gleaner: \(failure.message)\n".utf8))
            throw ExitCode(failure.code)
        }
    }

    /// At most `Robots.maxBytes` of the file (the rest is ignored, as in a fetched robots.txt),
    /// and whether there was more: a huge file is never read into memory whole.
    static func readCapped(_ file: String) throws -> (bytes: [UInt8], cut: Bool) {
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw FetchCommandFailure(message: "cannot read \(file): \(String(cString: strerror(errno)))", code: 2)
        }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: Robots.maxBytes + 1)
        var filled = 0
        while filled < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else {
                throw FetchCommandFailure(message: "cannot read \(file): \(String(cString: strerror(errno)))", code: 2)
            }
            if n == 0 { break }
            filled += n
        }
        let cut = filled > Robots.maxBytes
        return (Array(bytes.prefix(min(filled, Robots.maxBytes))), cut)
    }

    private func execute() async throws {
        var settings = try client.fetcherSettings().http
        if let userAgent { settings.userAgent = userAgent }
        let token = GleanerFetch.productToken(of: settings.userAgent)
        var fromFile: Robots?
        if let file {
            let (bytes, cut) = try Self.readCapped(file)
            if cut {
                FileHandle.standardError.write(Data("gleaner: \(file) is longer than \(Robots.maxBytes) bytes (500 KiB, RFC 9309 §2.5): only its first \(Robots.maxBytes) bytes are read, as a crawler reads a fetched robots.txt\n".utf8))
            }
            fromFile = Robots(parsing: bytes)
        }
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
