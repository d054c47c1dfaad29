import ArgumentParser
import Foundation
import GleanerCrawl
import GleanerParse

/// `gleaner check`: loads every parser, compiling each XPath and regex, and (with `--config`)
/// the configuration and its sources against those parsers. Every stage runs whatever the
/// others found, so one run lists every problem, each with file, line and key.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate site parsers: TOML, XPath, regexes, transforms, record types and fields.",
        discussion: """
            With --config, also the configuration file and each source against the parsers: the \
            parser exists and loads, and every seed is on one of its hosts and matches one of its \
            page kinds. A parser directory of the configuration that is missing or empty is skipped. \
            Exit status 0 when everything is valid (only then are "ok" lines printed), 1 otherwise, \
            with every error on stderr and a count such as "3 errors in 2 files".
            """)

    @Argument(help: ArgumentHelp(
        "Parser directories (a parser folder or a folder of them). Default: \(DefaultParserDirectories.help).", valueName: "dir"))
    var directories: [String] = []

    @Option(name: .long, help: "Also validate this configuration file, and its sources against the parsers (default directories: its parser_dirs).")
    var config: String?

    func run() throws {
        var findings = CheckFindings()
        // Stage 1: the configuration file on its own; a sketch of it when it does not load, so
        // that its parser directories and sources are still checked.
        var loaded: Configuration?
        var sketch: Configuration?
        if let config {
            (loaded, sketch) = Self.checkConfiguration(config, into: &findings)
        }
        // Stage 2: every parser in the directories.
        let explicit = !directories.isEmpty
        var dirs: [URL]
        if explicit {
            dirs = []
            for d in directories {
                if FileManager.default.fileExists(atPath: d) { dirs.append(URL(fileURLWithPath: d)) } else {
                    findings.add(file: d, "\(d): no such directory")
                }
            }
        } else if let c = loaded ?? sketch {
            dirs = c.parserDirectories.map { URL(fileURLWithPath: $0) }
        } else {
            dirs = DefaultParserDirectories.list()
            if dirs.isEmpty && config == nil {
                findings.add(file: "", "no parser directories: no ./Parsers here, none installed beside the binary; pass DIR")
            }
        }
        let report = ParserRegistry.loadReport(directories: dirs, typeDirectories: DefaultParserDirectories.list())
        for dir in report.skipped {
            if explicit {
                findings.add(file: dir.path, "\(dir.path): no parser.toml in this directory or its subdirectories")
            } else {
                print("skipped \(dir.path): missing or holds no parser.toml")
            }
        }
        if report.files.isEmpty, !explicit, config == nil, !dirs.isEmpty {
            findings.add(file: "", "no parser.toml in \(dirs.map(\.path).joined(separator: ", "))")
        }
        let failed = Set(report.failed.map(\.name))
        var valid: [String] = []
        for p in report.loaded {
            do {
                let fixtures = try FixtureManifest.load(parserDirectory: p.definition.directory)
                let d = p.definition
                if !failed.contains(d.name) {
                    valid.append("ok \(d.name) (\(d.file.path)): \(d.pageKinds.count) page kinds, \(d.recordBlocks.count) record blocks, "
                          + "\(d.linkRules.count) link rules, \(fixtures.count) fixtures")
                }
            } catch let e as ParserLoadErrors {
                for error in e.errors { findings.add(error) }
            }
        }
        for error in report.errors { findings.add(error) }
        // Stage 3: the sources against the parsers that loaded.
        if let c = loaded ?? sketch {
            Self.checkSources(c, against: report, into: &findings)
        }
        for line in findings.lines { stderr("error: \(line)") }
        for line in findings.notes { stderr("note: \(line)") }
        if !findings.isEmpty {
            stderr(findings.summary)
            throw ExitCode(1)
        }
        // `ok` lines only when all is well: a script may grep for them.
        for line in valid { print(line) }
        if let loaded {
            let names = loaded.sources.map(\.name).joined(separator: ", ")
            print("ok config \(loaded.file ?? ""): \(loaded.sources.count) sources (\(names))")
        }
    }
}

/// Every error `gleaner check` found, in the order found, with the file each one is in.
struct CheckFindings {
    private(set) var lines: [String] = []
    private var files: [String] = []
    /// Consequences worth knowing that are not errors of their own (printed after the errors).
    var notes: [String] = []

    var isEmpty: Bool { lines.isEmpty }

    mutating func add(file: String, _ line: String) {
        lines.append(line)
        files.append(file)
    }

    /// A configuration or parser file's problem (both are `TOMLProblem`s).
    mutating func add(_ problem: TOMLProblem) { add(file: problem.file, problem.description) }

    /// `3 errors in 2 files`: files are counted once however many errors they hold.
    var summary: String {
        let fileCount = Set(files.filter { !$0.isEmpty }).count
        let errors = "\(lines.count) error\(lines.count == 1 ? "" : "s")"
        return fileCount == 0 ? errors : "\(errors) in \(fileCount) file\(fileCount == 1 ? "" : "s")"
    }
}
