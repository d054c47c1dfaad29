import Foundation
import GleanerParse

/// Everything a crawl reads from files — the configuration and the parsers it names — loaded
/// and cross-checked as one value. A reload builds a new one and swaps it in whole, or keeps
/// the old one when the configuration is wrong: never half a new configuration. A parser that
/// does not load costs only the sources that use it (`disabledSources`).
public struct CrawlSetup: Sendable {
    public var configuration: Configuration
    public var parsers: ParserRegistry
    /// Parsers whose file did not load, by name, with every error in it.
    public var parserErrors: [String: [ParserLoadError]]
    /// Of those, the ones whose previous version (from before a reload) is still in use.
    public var keptParsers: Set<String>
    /// Parser directories that are missing or hold no parser (skipped, not errors).
    public var skippedParserDirectories: [String]

    public init(configuration: Configuration, parsers: ParserRegistry, parserErrors: [String: [ParserLoadError]] = [:],
                keptParsers: Set<String> = [], skippedParserDirectories: [String] = []) {
        self.configuration = configuration
        self.parsers = parsers
        self.parserErrors = parserErrors
        self.keptParsers = keptParsers
        self.skippedParserDirectories = skippedParserDirectories
    }

    /// Command-line overrides of the file's paths (`--state-dir`, `--output-dir`, `--parser-dir`).
    public struct Overrides: Sendable {
        public var stateDirectory: String?
        public var outputDirectory: String?
        public var parserDirectories: [String] = []
        /// `--connect-to host:port=address:port`, added to (or replacing) `[http.connect_to]`.
        public var connectTo: [String: String] = [:]
        /// Directories whose shared record types (`types/*.toml`) are known whatever `parser_dirs`
        /// says: the types gleaner ships.
        public var typeDirectories: [String] = []
        public init(stateDirectory: String? = nil, outputDirectory: String? = nil, parserDirectories: [String] = [],
                    connectTo: [String: String] = [:], typeDirectories: [String] = []) {
            self.stateDirectory = stateDirectory
            self.outputDirectory = outputDirectory
            self.parserDirectories = parserDirectories
            self.connectTo = connectTo
            self.typeDirectories = typeDirectories
        }
    }

    /// Reads the configuration, loads the parsers from its parser directories (a directory that
    /// is missing or empty is skipped: `/etc/gleaner/parsers.d` may be), and checks every source
    /// against them. A parser that does not load is recorded in `parserErrors`; with `previous`
    /// (a reload) its previous version is kept when there is one. Throws `ConfigurationError`.
    public static func load(configFile: String, overrides: Overrides = Overrides(), previous: CrawlSetup? = nil) throws -> CrawlSetup {
        var config = try Configuration.load(file: configFile)
        config.apply(overrides)
        let report = ParserRegistry.loadReport(directories: config.parserDirectories.map { URL(fileURLWithPath: $0) },
                                               typeDirectories: overrides.typeDirectories.map { URL(fileURLWithPath: $0) })
        var parsers = report.registry.parsers
        var errors: [String: [ParserLoadError]] = [:]
        for failed in report.failed { errors[failed.name, default: []] += failed.errors }
        var kept: Set<String> = []
        for name in errors.keys.sorted() {
            if let old = previous?.parsers.parser(named: name) {
                parsers.append(old)
                kept.insert(name)
            }
        }
        let registry = ParserRegistry(parsers: parsers, types: report.types.adding(parsers.flatMap(\.declarations)))
        let problems = config.sourceProblems(against: registry, unavailable: Set(errors.keys).subtracting(kept))
        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
        return CrawlSetup(configuration: config, parsers: registry, parserErrors: errors, keptParsers: kept,
                          skippedParserDirectories: report.skipped.map(\.path))
    }

    /// Enabled sources with their parser (a `hosts = ["*"]` parser bound to the source's seeds' hosts).
    public var runnableSources: [(SourceConfiguration, SiteParser)] {
        configuration.sources.filter(\.enabled).compactMap { source in
            // A parser for any host serves the hosts of the seeds and of the feeds and sitemaps.
            parsers.parser(named: source.parser).map {
                (source, $0.serving(seeds: source.seeds + source.feeds.feeds + source.feeds.sitemaps))
            }
        }
    }

    /// Enabled sources that cannot run because their parser did not load.
    public var disabledSources: [SourceConfiguration] {
        if parserErrors.isEmpty { return [] }  // the common case, asked after every daemon event
        return configuration.sources.filter { $0.enabled && parsers.parser(named: $0.parser) == nil && parserErrors[$0.parser] != nil }
    }
}

extension Configuration {
    public mutating func apply(_ o: CrawlSetup.Overrides) {
        if let s = o.stateDirectory {
            stateDirectory = s
            if o.outputDirectory == nil { outputDirectory = (s as NSString).appendingPathComponent("out") }
        }
        if let out = o.outputDirectory { outputDirectory = out }
        if !o.parserDirectories.isEmpty { parserDirectories = o.parserDirectories }
        http.connectTo.merge(o.connectTo) { $1 }
    }
}
