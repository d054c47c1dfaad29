import Foundation
import GleanerFetch
import GleanerOutput

/// The configuration file's settings, mapped onto the settings types of the stages.
extension Configuration {
    public var fetcherSettings: Fetcher.Settings {
        var s = Fetcher.Settings()
        s.http.maxTotalConnections = http.concurrency
        s.http.maxConnectionsPerHost = max(politeness.perHostConcurrency, 1)
        s.http.connectTimeout = http.connectTimeout.seconds
        s.http.totalTimeout = http.timeout.seconds
        s.http.maxBodyBytes = http.maxBodySize.bytes
        s.http.maxRedirects = http.maxRedirects
        s.http.userAgent = http.userAgentHeader
        s.http.proxy = http.proxy.isEmpty ? nil : http.proxy
        s.http.connectTo = http.connectTo.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }
        s.politeness.minDelay = politeness.delay.seconds
        s.politeness.jitter = politeness.jitter.seconds
        s.politeness.maxConcurrentPerHost = politeness.perHostConcurrency
        s.politeness.crawlDelayCap = politeness.maxCrawlDelay.seconds
        s.retry.maxAttempts = http.maxAttempts
        s.robots.ttl = politeness.robotsTTL.seconds
        return s
    }

    public var outputSettings: OutputSettings {
        OutputSettings(rotation: output.rotate == "day" ? .day : .hour, maxFileBytes: Int64(output.maxFileSize.bytes),
                       compressSealed: output.gzip)
    }

    /// `<state_dir>/state.sqlite`.
    public var databasePath: String { (stateDirectory as NSString).appendingPathComponent("state.sqlite") }
}
