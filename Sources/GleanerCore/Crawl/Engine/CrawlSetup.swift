import Foundation
import GleanerParse

/// Everything a crawl reads from files — the configuration and the parsers it names — loaded
/// and cross-checked as one value. A reload builds a new one and swaps it in whole, or keeps
/// the old one when anything is wrong: never half a new configuration.
public struct CrawlSetup: Sendable {
    public var configuration: Configuration
    public var parsers: ParserRegistry

    public init(configuration: Configuration, parsers: ParserRegistry) {
        self.configuration = configuration
        self.parsers = parsers
    }

    /// Command-line overrides of the file's paths (`--state-dir`, `--output-dir`, `--parser-dir`).
    public struct Overrides: Sendable {
        public var stateDirectory: String?
        public var outputDirectory: String?
        public var parserDirectories: [String] = []
        /// `--connect-to host:port=address:port`, added to (or replacing) `[http.connect_to]`.
        public var connectTo: [String: String] = [:]
        public init(stateDirectory: String? = nil, outputDirectory: String? = nil, parserDirectories: [String] = [],
                    connectTo: [String: String] = [:]) {
            self.stateDirectory = stateDirectory
            self.outputDirectory = outputDirectory
            self.parserDirectories = parserDirectories
            self.connectTo = connectTo
        }
    }

    /// Reads the configuration, loads the parsers from its parser directories (missing
    /// directories are skipped: `/etc/gleaner/parsers.d` may not exist), and checks every source
    /// against them. Throws `ConfigurationError` or `ParserLoadErrors`.
    public static func load(configFile: String, overrides: Overrides = Overrides()) throws -> CrawlSetup {
        var config = try Configuration.load(file: configFile)
        config.apply(overrides)
        let dirs = config.parserDirectories.filter { FileManager.default.fileExists(atPath: $0) }
        let parsers = try ParserRegistry.load(directories: dirs.map { URL(fileURLWithPath: $0) })
        var hosts: [String: Set<String>] = [:]
        for parser in parsers.parsers { hosts[parser.name] = Set(parser.hosts.map { $0.lowercased() }) }
        try config.validate(parsers: hosts)
        return CrawlSetup(configuration: config, parsers: parsers)
    }

    /// Enabled sources with their parser.
    public var runnableSources: [(SourceConfiguration, SiteParser)] {
        configuration.sources.filter(\.enabled).compactMap { source in
            parsers.parser(named: source.parser).map { (source, $0) }
        }
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
