import Foundation
import GleanerModel

/// Every record type gleaner knows: those shared by all parsers (`<parser dir>/types/*.toml`) and
/// those a parser declares itself. Names are global: one name, one declaration.
public struct TypeCatalog: Sendable {
    public private(set) var declarations: [RecordType: RecordTypeDeclaration] = [:]

    public init(_ declarations: [RecordTypeDeclaration] = []) {
        for d in declarations { self.declarations[d.name] = d }
    }

    public subscript(type: RecordType) -> RecordTypeDeclaration? { declarations[type] }
    public var types: [RecordType] { declarations.keys.sorted() }

    /// Adds `d`; a different declaration of a name already known is refused with where the
    /// other one is. Declaring the same type twice identically is allowed.
    mutating func add(_ d: RecordTypeDeclaration) -> String? {
        if let known = declarations[d.name] {
            return known.declaresSame(as: d) ? nil
                : "record type '\(d.name)' is already declared differently at \(known.origin) (type names are global: rename one, or make the two declarations identical)"
        }
        declarations[d.name] = d
        return nil
    }

    /// This catalog with the declarations of names it does not know yet (a parser kept from
    /// before a reload brings the types it was loaded with).
    public func adding(_ more: [RecordTypeDeclaration]) -> TypeCatalog {
        var out = self
        for d in more where out.declarations[d.name] == nil { out.declarations[d.name] = d }
        return out
    }

    /// The `types/*.toml` files of each parser directory, in name order.
    public static func files(in dir: URL) -> [URL] {
        let types = dir.appendingPathComponent("types")
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: types.path) else { return [] }
        return entries.filter { $0.hasSuffix(".toml") }.sorted().map { types.appendingPathComponent($0) }
    }

    /// Reads the shared declarations of `directories`; a file with errors declares nothing.
    public static func load(directories: [URL]) -> (catalog: TypeCatalog, files: [URL], errors: [TOMLProblem]) {
        var catalog = TypeCatalog()
        var errors: [TOMLProblem] = []
        var files: [URL] = []
        for dir in directories {
            for file in Self.files(in: dir) {
                files.append(file)
                let doc: TOMLDocument
                switch TOMLDocument.read(file.path) {
                case .success(let d): doc = d
                case .failure(let f): errors.append(TOMLProblem(file: file.path, failure: f)); continue
                }
                let root = TOMLReader(doc, file: file.path)
                let found = TypeDeclarationBuilder.build(root)
                root.finish()
                if root.context.problems.isEmpty {
                    for d in found {
                        if let conflict = catalog.add(d) { root.context.report("types.\(d.name)", conflict) }
                    }
                }
                errors += root.context.sortedProblems
            }
        }
        return (catalog, files, errors)
    }
}
