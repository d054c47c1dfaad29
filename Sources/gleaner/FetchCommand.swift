import ArgumentParser
import Foundation
import GleanerFetch

/// `gleaner fetch URL`: one request the way the crawler makes it, shown in full.
struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch one URL as the crawler would (robots.txt, limits, User-Agent) and show the response.",
        discussion: """
            Prints status, final URL, HTTP version, size, timings, charset and headers. With \
            --config it sends the daemon's User-Agent, limits and connect-to entries. Exit status: \
            0 for a response below 400, 1 for 400 and above or a URL robots.txt disallows, 2 when \
            the fetch failed (DNS, connect, timeout, too large, …).
            """)

    @Argument(help: "The http(s) URL to fetch.")
    var url: String

    @Option(name: .shortAndLong, help: "Write the body to this file.")
    var output: String?

    @Option(name: .customLong("header"), help: "An extra request header, \"Name: value\" (repeatable).")
    var headers: [String] = []

    @Flag(help: "Fetch even if robots.txt disallows the URL.")
    var ignoreRobots = false

    @OptionGroup var client: ClientOptions

    @Option(help: "The User-Agent to send (its first word is the robots.txt product token). Default: the configuration's, else gleaner's own.")
    var userAgent: String?

    @Option(help: "Total timeout in seconds.")
    var timeout: Double?

    func run() async throws {
        do { try await execute() } catch let failure as FetchCommandFailure {
            FileHandle.standardError.write(Data("gleaner: \(failure.message)\n".utf8))
            throw ExitCode(failure.code)
        }
    }

    private func execute() async throws {
        var settings = try client.fetcherSettings()
        // The operator names the URL: any address it resolves to is theirs to ask.
        settings.allowPrivateAddresses = true
        if let userAgent { settings.http.userAgent = userAgent }
        if let timeout { settings.http.totalTimeout = timeout }
        let requestHeaders = try headers.map(Self.parseHeader)
        let fetcher = Fetcher(settings: settings)

        if !ignoreRobots {
            guard let verdict = await fetcher.robotsVerdict(for: url) else {
                throw FetchCommandFailure(message: "not an absolute http(s) URL: \(url)", code: 2)
            }
            if let failure = verdict.pageFailure(url: url) {
                // No answer from the host: the same failure the crawl reports, not a robots.txt rule.
                throw FetchCommandFailure(message: failure.description, code: 2)
            }
            guard verdict.allowed else {
                let message = "disallowed by robots.txt: \(verdict.reason) - \(url) (use --ignore-robots to fetch anyway)"
                throw FetchCommandFailure(message: message, code: verdict.robotsUnreachable ? 2 : 1)
            }
        }
        // One attempt, no retries: the operator wants to see what the server says now.
        let response: HTTPResponse
        switch await fetcher.client.fetch(HTTPRequest(url: url, headers: requestHeaders)) {
        case .success(let value): response = value
        case .failure(let error): throw FetchCommandFailure(message: error.description, code: 2)
        }
        print(Self.summary(of: response, requested: url))
        if let output {
            do { try Data(response.body).write(to: URL(fileURLWithPath: output)) } catch {
                throw FetchCommandFailure(message: "cannot write \(output): \(error.localizedDescription)", code: 2)
            }
        }
        if response.status >= 400 { throw ExitCode(1) }
    }

    static func parseHeader(_ text: String) throws -> (String, String) {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else {
            throw ValidationError("--header must look like \"Name: value\", got \"\(text)\"")
        }
        return (String(text[..<colon]), text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }

    static func summary(of response: HTTPResponse, requested: String) -> String {
        let t = response.timings
        func ms(_ seconds: TimeInterval) -> String { String(format: "%.1f ms", seconds * 1000) }
        var lines = [
            "status:    \(response.status)\(response.notModified ? " (not modified)" : "")",
            "url:       \(requested)",
            "final url: \(response.finalURL)\(response.redirectCount > 0 ? " (\(response.redirectCount) redirects)" : "")",
            "version:   \(response.version.rawValue)",
            "size:      \(response.body.count) bytes",
            "charset:   \(response.charset ?? "(not in Content-Type)")",
            "time:      \(ms(t.total)) total, dns \(ms(t.nameLookup)), connect \(ms(t.connect)), first byte \(ms(t.startTransfer))",
            "headers:",
        ]
        lines += response.headers.map { "  \($0.name): \($0.value)" }
        return lines.joined(separator: "\n")
    }
}

/// A failure `gleaner fetch`/`robots` report on stderr and turn into an exit status.
struct FetchCommandFailure: Error, CustomStringConvertible {
    var message: String
    var code: Int32
    var description: String { message }
}
