import GleanerModel

/// Types a draft's text values by its record type's declaration.
enum RecordBuilder {
    /// One slot per declared field, or the first field whose text is not of its type.
    static func slots(_ declaration: RecordTypeDeclaration, _ texts: [String: [String]]) -> Result<[FieldValue?], FieldValueError> {
        var slots: [FieldValue?] = []
        slots.reserveCapacity(declaration.fields.count)
        for f in declaration.fields {
            switch f.type.value(from: texts[f.name] ?? []) {
            case nil: slots.append(nil)
            case .success(let v): slots.append(v)
            case .failure(let e): return .failure(FieldValueError(field: f.name, error: e))
            }
        }
        return .success(slots)
    }
}

/// A field whose value is not of its declared type.
struct FieldValueError: Error {
    var field: String
    var error: ValueError
}
