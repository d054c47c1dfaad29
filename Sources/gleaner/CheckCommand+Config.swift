import ArgumentParser
import Foundation
import GleanerCrawl
import GleanerParse

/// `gleaner check --config FILE`: the configuration file's own checks (keys, types, durations,
/// seeds, directories) and its sources against the parsers that loaded.
extension CheckCommand {
    /// The configuration as the daemon would load it (nil when it has errors, which go to
    /// `findings`), and a sketch of it for the later stages when it does not load.
    static func checkConfiguration(_ file: String, into findings: inout CheckFindings) -> (Configuration?, Configuration?) {
        do {
            let config = try Configuration.load(file: file)
            return (config, nil)
        } catch let error as ConfigurationError {
            for problem in error.problems { findings.add(problem) }
        } catch {
            findings.add(file: file, "\(file): \(error)")
        }
        return (nil, Configuration.sketch(file: file))
    }

    /// Each source's parser exists and loaded, and each seed is on its hosts and matches a page
    /// kind; `state_dir` and `output_dir` are usable. A source whose parser did not load is
    /// named in a note: the parser's own errors are already listed.
    static func checkSources(_ config: Configuration, against report: ParserLoadReport, into findings: inout CheckFindings) {
        let failed = Set(report.failed.map(\.name))
        // Sources with no parser string are the configuration's own error, reported in stage 1.
        for problem in config.sourceProblems(against: report.registry, unavailable: failed.union([""])) { findings.add(problem) }
        for problem in config.seedPageKindProblems(against: report.registry) { findings.add(problem) }
        do { try config.validateDirectories() } catch let error as ConfigurationError {
            for problem in error.problems { findings.add(problem) }
        } catch {
            findings.add(file: config.file ?? "", "\(error)")
        }
        for (i, source) in config.sources.enumerated() where failed.contains(source.parser) {
            findings.notes.append("\(config.file ?? "<config>"): source[\(i)] \"\(source.name)\": parser \(source.parser) did not load; the daemon runs the other sources without it")
        }
    }
}
