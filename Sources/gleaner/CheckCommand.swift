import ArgumentParser
import Foundation
import GleanerParse

/// `gleaner check`: loads every parser, compiling each XPath and regex, and reports every
/// problem with file, line and key.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate site parsers: TOML, XPath, regexes, transforms, record types and fields.",
        discussion: "Exit status 0 when every parser is valid, 1 when any is not.")

    @Argument(help: ArgumentHelp(
        "Parser directories (a parser folder or a folder of them). Default: \(DefaultParserDirectories.help).", valueName: "dir"))
    var directories: [String] = []

    @Option(name: .long, help: "Also validate this configuration file, and its sources against the parsers (default directories: its parser_dirs).")
    var config: String?

    func run() throws {
        let configuration = try config.map(Self.loadConfiguration)
        let dirs = directories.isEmpty
            ? (configuration.map(Self.parserDirectories) ?? DefaultParserDirectories.list())
            : directories.map { URL(fileURLWithPath: $0) }
        if dirs.isEmpty {
            stderr("error: no parser directories: no ./Parsers here, none installed beside the binary; pass DIR")
            throw ExitCode(1)
        }
        for d in dirs where !FileManager.default.fileExists(atPath: d.path) {
            stderr("error: \(d.path): no such directory")
            throw ExitCode(1)
        }
        let report = ParserRegistry.loadReport(directories: dirs)
        var errors = report.errors
        for p in report.registry.parsers {
            do {
                let fixtures = try FixtureManifest.load(parserDirectory: p.definition.directory)
                let d = p.definition
                print("ok \(d.name) (\(d.file.path)): \(d.pageKinds.count) page kinds, \(d.recordBlocks.count) record blocks, "
                      + "\(d.linkRules.count) link rules, \(fixtures.count) fixtures")
            } catch let e as ParserLoadErrors {
                errors += e.errors
            }
        }
        for e in errors { stderr("error: \(e)") }
        if let configuration { try Self.checkSources(configuration, against: report.registry) }
        if !errors.isEmpty {
            stderr("\(errors.count) error\(errors.count == 1 ? "" : "s") in \(report.files.count) parser file\(report.files.count == 1 ? "" : "s")")
            throw ExitCode(1)
        }
    }
}
