import ArgumentParser
import Foundation
import GleanerCrawl
import GleanerParse

/// `gleaner check --config FILE`: the configuration file's own checks (keys, types, durations,
/// seeds) and its sources against the parsers it would load.
extension CheckCommand {
    static func loadConfiguration(_ file: String) throws -> Configuration {
        do {
            return try Configuration.load(file: file)
        } catch let error as ConfigurationError {
            for problem in error.problems { FileHandle.standardError.write(Data("error: \(problem)\n".utf8)) }
            FileHandle.standardError.write(Data("\(error.problems.count) error\(error.problems.count == 1 ? "" : "s") in \(file)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// The configuration's parser directories that exist (a missing parsers.d is not an error).
    static func parserDirectories(_ config: Configuration) -> [URL] {
        config.parserDirectories.filter { FileManager.default.fileExists(atPath: $0) }.map { URL(fileURLWithPath: $0) }
    }

    static func checkSources(_ config: Configuration, against registry: ParserRegistry) throws {
        var hosts: [String: Set<String>] = [:]
        for parser in registry.parsers { hosts[parser.name] = Set(parser.hosts.map { $0.lowercased() }) }
        var problems: [ConfigurationError.Problem] = []
        do { try config.validate(parsers: hosts) } catch let error as ConfigurationError { problems += error.problems }
        do { try config.validateDirectories() } catch let error as ConfigurationError { problems += error.problems }
        if !problems.isEmpty {
            for problem in problems { FileHandle.standardError.write(Data("error: \(problem)\n".utf8)) }
            throw ExitCode(1)
        }
        let names = config.sources.map(\.name).joined(separator: ", ")
        print("ok config \(config.file ?? ""): \(config.sources.count) sources (\(names))")
    }
}
