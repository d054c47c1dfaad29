/// The range every size, duration and count key accepts (docs/configuration.md lists them).
/// Values outside are refused at load with file, line, key and these bounds, so no timer,
/// multiplication or allocation later meets a value it cannot hold.
enum ConfigLimits {
    // [[source]]
    static let every = ConfigDuration.seconds(1)...ConfigDuration.days(365)
    static let sourceJitter = ConfigDuration.zero...ConfigDuration.days(365)
    static let maxPages = 1...10_000_000
    static let maxDepth = 0...1000
    static let revisit = ConfigDuration.seconds(1)...ConfigDuration.days(3650)

    // [http]
    static let concurrency = 1...1024
    static let connectTimeout = ConfigDuration.seconds(0.1)...ConfigDuration.minutes(10)
    static let timeout = ConfigDuration.seconds(1)...ConfigDuration.hours(1)
    static let maxBodySize = ByteSize(bytes: 1 << 10)...ByteSize(bytes: 1 << 30)
    static let maxRedirects = 0...20
    static let maxAttempts = 1...10

    // [politeness], [source.politeness]
    static let delay = ConfigDuration.zero...ConfigDuration.hours(1)
    static let politenessJitter = ConfigDuration.zero...ConfigDuration.hours(1)
    static let perHostConcurrency = 1...64
    static let maxCrawlDelay = ConfigDuration.zero...ConfigDuration.days(1)
    static let robotsTTL = ConfigDuration.minutes(1)...ConfigDuration.days(30)

    // [output]
    static let maxFileSize = ByteSize(bytes: 4 << 10)...ByteSize(bytes: 64 << 30)
    static let retention = ConfigDuration.hours(1)...ConfigDuration.days(36_500)

    // [daemon]
    static let shutdownGrace = ConfigDuration.zero...ConfigDuration.hours(1)
    static let backoffMax = ConfigDuration.seconds(1)...ConfigDuration.days(30)
    static let parseWorkers = 0...256

    // [limits]
    static let parseTime = ConfigDuration.seconds(0.001)...ConfigDuration.hours(1)
    static let budgetCount = 1...1_000_000_000
}
