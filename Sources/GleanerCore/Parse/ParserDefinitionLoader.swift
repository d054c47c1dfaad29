import Foundation

/// Reads and validates one `parser.toml`, collecting every problem instead of stopping at the
/// first: a parser author fixes a file in one round, not ten.
public enum ParserDefinitionLoader {
    /// Loads `file`; returns the definition when there were no errors, and all errors found.
    /// `displayPath` is how messages name the file (default: the path as given). `types` are the
    /// shared record types (default: those of the parser directory the file's folder sits in).
    public static func load(file: URL, displayPath: String? = nil, types: TypeCatalog? = nil) -> (ParserDefinition?, [ParserLoadError]) {
        load(TOMLDocument.read(file.path), file: file, displayPath: displayPath ?? file.path, types: types)
    }

    public static func load(source: String, file: URL, displayPath: String, types: TypeCatalog? = nil) -> (ParserDefinition?, [ParserLoadError]) {
        load(TOMLDocument.parse(source), file: file, displayPath: displayPath, types: types)
    }

    private static func load(_ document: Result<TOMLDocument, TOMLDocument.Failure>, file: URL,
                             displayPath: String, types: TypeCatalog?) -> (ParserDefinition?, [ParserLoadError]) {
        let doc: TOMLDocument
        switch document {
        case .success(let d): doc = d
        case .failure(let f): return (nil, [ParserLoadError(file: displayPath, failure: f)])
        }
        let root = TOMLReader(doc, file: displayPath)
        let shared = types ?? TypeCatalog.load(directories: [file.deletingLastPathComponent().deletingLastPathComponent()]).catalog
        let def = DefinitionBuilder.build(root, file: file, types: shared)
        let errors = root.context.sortedProblems
        return (errors.isEmpty ? def : nil, errors)
    }
}
