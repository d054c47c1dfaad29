import Foundation
import GleanerModel
import GleanerParse
import TOMLKit

extension Configuration {
    /// Reads and validates a configuration file. Relative paths in it are kept as written
    /// (they resolve against the working directory, like any command-line path).
    public static func load(file: String) throws -> Configuration {
        try build(TOMLDocument.read(file), file: file)
    }

    /// Parses TOML text; `file` only names it in messages. Throws `ConfigurationError` listing
    /// every problem found, each with file, line, key and what was expected.
    public static func parse(_ text: String, file: String = "<config>") throws -> Configuration {
        try build(TOMLDocument.parse(text), file: file)
    }

    private static func build(_ document: Result<TOMLDocument, TOMLDocument.Failure>, file: String) throws -> Configuration {
        let doc: TOMLDocument
        switch document {
        case .success(let d): doc = d
        case .failure(let f): throw ConfigurationError(problems: [.init(file: file, failure: f)])
        }
        let root = TOMLReader(doc, file: file)
        let context = root.context
        var config = Configuration()
        config.file = file
        config.read(root)
        root.finish()
        config.validate(context)
        if !context.problems.isEmpty { throw ConfigurationError(problems: context.problems) }
        return config
    }

    // MARK: - Reading

    private mutating func read(_ r: TOMLReader) {
        if let v = r.string("state_dir") {
            stateDirectory = v
            outputDirectory = (v as NSString).appendingPathComponent("out")
        }
        if let v = r.string("output_dir") { outputDirectory = v }
        if let v = r.stringArray("parser_dirs") { parserDirectories = v }
        if let v = r.string("metrics_file") { metricsFile = v.isEmpty ? nil : v }
        if let t = r.table("log") {
            if let v = t.choice("level", ["trace", "debug", "info", "notice", "warning", "error", "critical"]) { log.level = v }
            if let v = t.choice("format", ["auto", "journald", "plain", "json"]) { log.format = v }
            t.finish()
        }
        if let t = r.table("http") { http.read(t); t.finish() }
        if let t = r.table("politeness") { politeness.read(t); t.finish() }
        if let t = r.table("output") {
            if let v = t.choice("rotate", ["hour", "day"]) { output.rotate = v }
            if let v = t.byteSize("max_file_size", ConfigLimits.maxFileSize) { output.maxFileSize = v }
            if let v = t.bool("gzip") { output.gzip = v }
            if let v = t.duration("retention", ConfigLimits.retention) { output.retention = v }
            t.finish()
        }
        if let t = r.table("daemon") {
            if let v = t.duration("shutdown_grace", ConfigLimits.shutdownGrace) { daemon.shutdownGrace = v }
            if let v = t.duration("backoff_max", ConfigLimits.backoffMax) { daemon.backoffMax = v }
            if let v = t.int("parse_workers", ConfigLimits.parseWorkers) { daemon.parseWorkers = v }
            t.finish()
        }
        if let t = r.table("limits") { limits.read(t); t.finish() }
        let defaults = politeness
        sources = r.tableArray("source").compactMap { SourceConfiguration(reading: $0, politeness: defaults) }
        resolveRequestExtras()
    }
}

extension HTTPConfiguration {
    mutating func read(_ t: TOMLReader) {
        if let v = t.string("user_agent") { userAgent = v }
        if let v = t.string("contact") { contact = v }
        if let v = t.int("concurrency", ConfigLimits.concurrency) { concurrency = v }
        if let v = t.duration("connect_timeout", ConfigLimits.connectTimeout) { connectTimeout = v }
        if let v = t.duration("timeout", ConfigLimits.timeout) { timeout = v }
        if let v = t.byteSize("max_body_size", ConfigLimits.maxBodySize) { maxBodySize = v }
        if let v = t.int("max_redirects", ConfigLimits.maxRedirects) { maxRedirects = v }
        if let v = t.int("max_attempts", ConfigLimits.maxAttempts) { maxAttempts = v }
        if let v = t.string("proxy") { proxy = v }
        if let v = t.requestHeaders("headers") { headers = v }
        if let v = t.requestCookies("cookies") { cookies = v }
        if let v = t.stringTable("connect_to") {
            for (from, to) in v.sorted(by: { $0.key < $1.key }) {
                if !Self.isHostPort(from) {
                    t.report("connect_to.\(from)", "expected the key as \"host:port\", e.g. \"www.example.org:80\"")
                } else if !Self.isHostPort(to) {
                    t.report("connect_to.\(from)", "expected the value as \"address:port\", e.g. \"127.0.0.1:8089\", found \"\(to)\"")
                } else {
                    connectTo[from] = to
                }
            }
        }
    }

    static func isHostPort(_ s: String) -> Bool {
        guard let colon = s.lastIndex(of: ":"), let port = Int(s[s.index(after: colon)...]) else { return false }
        return colon != s.startIndex && (1...65535).contains(port)
    }
}

extension PolitenessConfiguration {
    /// Reads the keys a source may override; the global table also allows the rest.
    mutating func read(_ t: TOMLReader, globalKeys: Bool = true) {
        if let v = t.duration("delay", ConfigLimits.delay) { delay = v }
        if let v = t.duration("jitter", ConfigLimits.politenessJitter) { jitter = v }
        guard globalKeys else { return }
        if let v = t.int("per_host_concurrency", ConfigLimits.perHostConcurrency) { perHostConcurrency = v }
        if let v = t.duration("max_crawl_delay", ConfigLimits.maxCrawlDelay) { maxCrawlDelay = v }
        if let v = t.duration("robots_ttl", ConfigLimits.robotsTTL) { robotsTTL = v }
    }
}

extension SourceConfiguration {
    init?(reading r: TOMLReader, politeness defaults: PolitenessConfiguration) {
        let name = r.string("name")
        let parser = r.string("parser")
        let seeds = r.stringArray("seeds")
        if name == nil, r.table["name"] == nil { r.report("name", "missing: every [[source]] needs a name") }
        if parser == nil, r.table["parser"] == nil { r.report("parser", "missing: every [[source]] needs a parser") }
        let hasFeeds = FeedSources.declared(in: r)
        if seeds == nil, r.table["seeds"] == nil, !hasFeeds {
            r.report("seeds", "missing: every [[source]] needs seed URLs, feeds or sitemaps")
        }
        self.init(name: name ?? "", parser: parser ?? "", seeds: seeds ?? [], politeness: defaults)
        feeds.read(r)
        if let v = r.duration("every", ConfigLimits.every) { every = v; jitter = .seconds(v.seconds / 10) }
        if let v = r.duration("jitter", ConfigLimits.sourceJitter) { jitter = v }
        if let v = r.int("max_pages", ConfigLimits.maxPages) { maxPages = v }
        if let v = r.int("max_depth", ConfigLimits.maxDepth) { maxDepth = v }
        // Whether the parser yields these types is checked against it (sourceProblems).
        for key in ["emit", "seed_only"] {
            guard let v = r.stringArray(key) else { continue }
            for (i, s) in v.enumerated() {
                if let why = RecordType.problem(with: s) { r.report("\(key)[\(i)]", "expected a record type name: \(why)") }
            }
            let types = v.map { RecordType(rawValue: $0) }
            if key == "emit" { emit = types } else { seedOnly = types }
        }
        if let v = r.durationArray("revisit", ConfigLimits.revisit) { revisit = v }
        if let v = r.bool("enabled") { enabled = v }
        if let v = r.bool("allow_private_addresses") { allowPrivateAddresses = v }
        if let t = r.table("politeness") { politeness.read(t, globalKeys: false); t.finish() }
        scope = ScopeRules(allow: r.scopePatterns("allow"), deny: r.scopePatterns("deny"))
        if let v = r.requestHeaders("headers") { headers = v }
        if let v = r.requestCookies("cookies") { cookies = v }
        if let v = r.string("cookie_file") {
            if v.isEmpty { r.report("cookie_file", "expected a file path, found \"\"") } else { cookieFile = v }
        }
        r.finish()
        if name == nil || parser == nil || (seeds == nil && !hasFeeds) { return nil }
    }
}

extension PageBudget {
    /// `[limits]`: every key within its range (ConfigLimits, docs/configuration.md).
    mutating func read(_ t: TOMLReader) {
        if let v = t.duration(Limit.time.rawValue, ConfigLimits.parseTime) { seconds = v.seconds }
        if let v = t.int(Limit.nodes.rawValue, ConfigLimits.budgetCount) { nodes = v }
        if let v = t.int(Limit.attributes.rawValue, ConfigLimits.budgetCount) { attributesPerElement = v }
        if let v = t.int(Limit.xpathSteps.rawValue, ConfigLimits.budgetCount) { xpathSteps = v }
        if let v = t.int(Limit.regexSteps.rawValue, ConfigLimits.budgetCount) { regexSteps = v }
        if let v = t.int(Limit.values.rawValue, ConfigLimits.budgetCount) { values = v }
        if let v = t.int(Limit.records.rawValue, ConfigLimits.budgetCount) { records = v }
    }
}
