import Foundation
import GleanerParse
import GleanerStore
import Logging

extension CrawlRuntime {
    /// Makes the parsers that did not load visible everywhere an operator looks: one error-level
    /// log line per problem (file:line: key: message), the gauges `gleaner_parser_load_errors`
    /// and `gleaner_source_disabled`, and the store's list of disabled sources for
    /// `gleaner status`. `previous` (on reload) lets gauges of parsers and sources that are
    /// gone fall back to 0.
    public func reportParserHealth(_ setup: CrawlSetup, previous: CrawlSetup? = nil) async {
        for dir in setup.skippedParserDirectories {
            logger.debug("parser directory skipped: missing or holds no parser.toml", metadata: ["parser.directory": "\(dir)"])
        }
        let disabled = setup.disabledSources
        for (name, errors) in setup.parserErrors.sorted(by: { $0.key < $1.key }) {
            let users = setup.configuration.sources.filter { $0.enabled && $0.parser == name }.map(\.name)
            let kept = setup.keptParsers.contains(name)
            for error in errors {
                logger.error(kept ? "parser did not load; its previous version stays in use" : "parser did not load; its sources are disabled",
                             metadata: ["parser": "\(name)", "parser.error": "\(error)", "parser.sources": "\(users.joined(separator: ","))"])
            }
        }
        var parserNames = Set(setup.parsers.parsers.map(\.name)).union(setup.parserErrors.keys)
        var sourceNames = Set(setup.configuration.sources.map(\.name))
        if let previous {
            parserNames.formUnion(previous.parsers.parsers.map(\.name))
            parserNames.formUnion(previous.parserErrors.keys)
            sourceNames.formUnion(previous.configuration.sources.map(\.name))
        }
        for name in parserNames {
            metrics.set(.parserLoadErrors, [("parser", name)], Double(setup.parserErrors[name]?.count ?? 0))
        }
        let disabledNames = Set(disabled.map(\.name))
        for name in sourceNames {
            metrics.set(.sourceDisabled, [("source", name)], disabledNames.contains(name) ? 1 : 0)
        }
        let records = disabled.map { source in
            let errors = setup.parserErrors[source.parser] ?? []
            return DisabledSource(source: source.name, parser: source.parser, error: errors.first.map { "\($0)" } ?? "",
                                  errorCount: errors.count)
        }
        do { try await store.setDisabledSources(records) } catch {
            Crawler.storeFailed("save_disabled_sources", consequence: "gleaner status may show an outdated list of disabled sources",
                                error: error, context: ["store.path": "\(store.path)"], logger: logger, metrics: metrics, level: .error)
        }
    }
}
