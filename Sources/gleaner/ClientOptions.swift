import ArgumentParser
import GleanerCrawl
import GleanerFetch

/// The options `fetch` and `robots` share: the daemon's configuration file, so that they send
/// the daemon's User-Agent through its connect-to entries, and connect-to entries of their own.
struct ClientOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Use this configuration file's [http] settings: user_agent and contact (the daemon's User-Agent), timeouts, proxy, max_body_size and connect_to.",
        valueName: "file"))
    var config: String?

    @Option(name: .customLong("connect-to"), help: ArgumentHelp(
        "Connect to ADDRESS:PORT for HOST:PORT, as libcurl's CONNECT_TO (repeatable; added to the configuration's connect_to).",
        valueName: "host:port:address:port"))
    var connectTo: [String] = []

    func validate() throws {
        _ = try ConnectTo.parseAll(connectTo)
    }

    /// Settings from the configuration file (or the built-in defaults), with this command line's
    /// connect-to entries replacing the file's for the same `host:port`.
    func fetcherSettings() throws -> Fetcher.Settings {
        var settings = Fetcher.Settings()
        var entries: [String: String] = [:]
        if let config {
            let configuration: Configuration
            do { configuration = try Configuration.load(file: config) } catch {
                throw FetchCommandFailure(message: "\(error)", code: 2)
            }
            settings = configuration.fetcherSettings
            entries = configuration.http.connectTo
        }
        for entry in try ConnectTo.parseAll(connectTo) { entries[entry.from] = entry.to }
        settings.http.connectTo = entries.sorted { $0.key < $1.key }.map { ConnectTo(from: $0.key, to: $0.value).curlEntry }
        return settings
    }
}
