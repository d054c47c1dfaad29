import ArgumentParser
import Foundation
import GleanerModel
import GleanerParse

/// `gleaner schema`: the JSON Schema of record types, generated from their declarations.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (2020-12) of record types, as their TOML declarations define them.",
        discussion: """
            Types are declared in types/*.toml of a parser directory (article, weather, teaser ship \
            in Parsers/types/) or by a parser itself ([types.NAME] in its parser.toml). With no TYPE, \
            every declared type. Schemas print one after another on stdout; --out writes \
            DIR/<type>.schema.json instead (docs/schema/ is made this way: make schema).
            """)

    @Argument(help: "Record types, e.g. article (default: every declared type).")
    var types: [String] = []

    @Option(name: .long, help: ArgumentHelp("Write DIR/<type>.schema.json files instead of printing.", valueName: "dir"))
    var out: String?

    @Flag(name: .long, help: "List the declared types, their fields and where each is declared, instead.")
    var list = false

    @Option(name: .customLong("parser-dir"), help: ArgumentHelp(
        "Extra directory of parsers (repeatable), after the defaults: \(DefaultParserDirectories.help).", valueName: "dir"))
    var parserDirs: [String] = []

    func run() throws {
        let (report, _) = try loadParserDirectories(extra: parserDirs)
        for problem in report.typeErrors { stderr("warning: \(problem)") }
        let catalog = report.types
        var wanted: [RecordTypeDeclaration] = []
        for name in types.isEmpty ? catalog.types.map(\.rawValue) : types {
            guard let d = catalog[RecordType(name)] else {
                let known = catalog.types.map(\.rawValue).joined(separator: ", ")
                throw CommandFailure("record type '\(name)' is declared nowhere (declared: \(known.isEmpty ? "none" : known))")
            }
            wanted.append(d)
        }
        if list {
            for d in wanted {
                print("\(d.name)  \(d.summary)  (\(d.origin))")
                for f in d.fields { print("  \(f.name): \(f.type)\(f.required ? ", required" : "")  \(f.summary)") }
            }
            return
        }
        guard let out else {
            for d in wanted { print(d.jsonSchema.pretty()) }
            return
        }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for d in wanted {
            let path = URL(fileURLWithPath: out).appendingPathComponent("\(d.name).schema.json").path
            do {
                try Data((d.jsonSchema.pretty() + "\n").utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw CommandFailure("\(path): cannot write: \(error.localizedDescription)")
            }
            print(path)
        }
    }
}
