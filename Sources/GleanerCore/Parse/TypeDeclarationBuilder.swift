import GleanerModel

/// Reads `[types.NAME]` tables (a shared types file or a parser's own) into declarations:
///
///     [types.exchange_rate]
///     description = "One currency's rate on one day."
///     [types.exchange_rate.fields]
///     currency = { type = "string", required = true, description = "ISO 4217 code." }
///     rate = { type = "number", required = true, description = "Units per 1 KRW." }
///
/// Fields keep the order of their lines: it is the order of the keys in every JSON line.
enum TypeDeclarationBuilder {
    static func build(_ root: TOMLReader) -> [RecordTypeDeclaration] {
        guard let types = root.table("types") else { return [] }
        var out: [RecordTypeDeclaration] = []
        for name in types.keys {
            guard let t = types.table(name) else { continue }
            defer { t.finish() }
            if let why = RecordType.problem(with: name) { types.report(name, "not a record type name: \(why)") }
            let summary = oneLine(t, "description")
            let seedOnly = t.bool("seed_only") ?? false
            guard let fieldsReader = t.table("fields", required: true) else { continue }
            var fields: [(line: Int, field: FieldDeclaration)] = []
            for fname in fieldsReader.keys {
                let path = fieldsReader.keyPath(fname)
                guard let ft = fieldsReader.table(fname) else { continue }
                defer { ft.finish() }
                if let why = FieldDeclaration.problem(with: fname) { fieldsReader.report(fname, "not a field name: \(why)") }
                let spelling = ft.string("type", required: true)
                let type = spelling.flatMap(ValueType.init(spelling:))
                if let spelling, type == nil {
                    ft.report("type", "unknown value type '\(spelling)' (expected \(ValueType.spellings))")
                }
                let required = ft.bool("required") ?? false
                let fsummary = oneLine(ft, "description")
                if let type, let fsummary {
                    fields.append((ft.context.locator.line(of: path) ?? Int.max,
                                   FieldDeclaration(name: fname, type: type, required: required, summary: fsummary)))
                }
            }
            if fieldsReader.keys.isEmpty { t.report("fields", "a record type needs at least one field") }
            guard let summary, RecordType.problem(with: name) == nil,
                  fields.count == fieldsReader.keys.count
            else { continue }
            let ordered = fields.sorted { ($0.line, $0.field.name) < ($1.line, $1.field.name) }.map(\.field)
            let line = root.context.locator.line(of: t.path).map { ":\($0)" } ?? ""
            out.append(RecordTypeDeclaration(name: RecordType(name), summary: summary, fields: ordered, seedOnly: seedOnly,
                                             origin: root.context.file + line))
        }
        return out.sorted { $0.name < $1.name }
    }

    /// A required one-line description.
    private static func oneLine(_ t: TOMLReader, _ key: String) -> String? {
        guard let s = t.string(key, required: true) else { return nil }
        if s.contains(where: \.isNewline) || s.allSatisfy(\.isWhitespace) {
            t.report(key, "expected one non-empty line")
            return nil
        }
        return s
    }
}
